import TriageCore

/// SetupDiag's verdict in its text or XML result: the matching rule and GUID, the last phase and operation
/// and the `result-extend` error. Reported once, at the line that named the rule.
struct SetupDiagVerdict {
    var rule: String?
    var guid: String?
    var ruleLine: (number: Int, text: String)?
    var phase: String?
    var operation: String?
    var hresult: HRESULT?
    var extend: SetupExtend?

    mutating func consume(_ bytes: LineBytes, from textStart: Int, line: LogLine) {
        if bytes.starts(with: "Matching Profile found: ", at: textStart) {
            let rest = bytes.trimmedText(from: textStart + Literal("Matching Profile found: ").count)
            let parts = rest.components(separatedBy: " - ")
            rule = parts.first.map { String($0.prefix(80)) }
            if parts.count > 1 { guid = String(parts[1].prefix(36)).uppercased() }
            ruleLine = (line.number, line.citationText)
        }
        if let nameStart = bytes.end(of: "<ProfileName>", from: textStart) {
            let (v, _) = bytes.text(from: nameStart, until: [0x3C], limit: 80)
            rule = v
            ruleLine = (line.number, line.citationText)
        }
        if let guidStart = bytes.end(of: "<ProfileGuid>", from: textStart) {
            guid = bytes.text(from: guidStart, until: [0x3C], limit: 40).0.uppercased()
        }
        if bytes.starts(with: "Last Phase = ", at: textStart) {
            phase = bytes.trimmedText(from: textStart + Literal("Last Phase = ").count)
        }
        if bytes.starts(with: "Last Operation = ", at: textStart) {
            operation = bytes.trimmedText(from: textStart + Literal("Last Operation = ").count)
        }
        if let p = bytes.firstIndex(of: "LastPhase = ", from: textStart) {
            phase = bytes.text(from: p + 12, until: [0x3C, ASCII.comma], limit: 60).0
        }
        if let p = bytes.firstIndex(of: "LastOperation = ", from: textStart) {
            operation = bytes.text(from: p + 16, until: [0x3C], limit: 200).0
            if let cut = operation?.range(of: ", LastPhase") { operation = String(operation![..<cut.lowerBound]) }
        }
        if bytes.starts(with: "Error = ", at: textStart) || bytes.contains("Err = 0x", from: textStart) {
            if let (r, x) = SetupModel.resultExtend(bytes, from: textStart) {
                hresult = r
                extend = x
            } else if hresult == nil, let hit = CodeScanner.scan(bytes, from: textStart, forms: []).first {
                hresult = hit.code
            }
        }
    }

    func report(into context: inout ExtractionContext) {
        guard let rule, let (n, text) = ruleLine else { return }
        let prov = Provenance(file: context.file, line: n, text: text)
        var attrs = ["rule": rule, "log": LogKind.setupDiag.rawValue]
        if let guid { attrs["guid"] = guid }
        let ph = phase.map { SetupPhase(logName: $0) } ?? extend?.phase ?? .unknown
        let opFromName = operation.map { SetupOperation(operationName: $0) } ?? .unknown
        let op = opFromName != .unknown ? opFromName : (extend?.operation ?? .unknown)
        if phase != nil || extend != nil { attrs["phase"] = ph.rawValue }
        if operation != nil || extend != nil { attrs["operation"] = op.rawValue }
        if let operation { attrs["step"] = operation }
        if let hresult { attrs["hresult"] = hresult.hex }
        if let extend { attrs["extend"] = extend.hex }
        context.emit(Fact(kind: FactKind.setupDiagResult, attributes: attrs, provenance: prov))
        guard let hresult else { return }
        var failure = [
            "phase": ph.rawValue, "operation": op.rawValue, "fatal": "true", "hresult": hresult.hex,
            "log": LogKind.setupDiag.rawValue
        ]
        if let extend { failure["extend"] = extend.hex }
        if let operation { failure["step"] = operation }
        context.emit(Fact(kind: FactKind.setupFailure, attributes: failure, provenance: prov))
    }
}
