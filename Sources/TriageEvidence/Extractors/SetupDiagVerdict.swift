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

    mutating func consume(_ b: LineBytes, from t: Int, line: LogLine) {
        if b.starts(with: "Matching Profile found: ", at: t) {
            let rest = b.trimmedText(from: t + 24)
            let parts = rest.components(separatedBy: " - ")
            rule = parts.first.map { String($0.prefix(80)) }
            if parts.count > 1 { guid = String(parts[1].prefix(36)).uppercased() }
            ruleLine = (line.number, line.citationText)
        }
        if let p = b.firstIndex(of: "<ProfileName>", from: t) {
            let (v, _) = b.text(from: p + 13, until: [0x3C], limit: 80)
            rule = v
            ruleLine = (line.number, line.citationText)
        }
        if let p = b.firstIndex(of: "<ProfileGuid>", from: t) {
            guid = b.text(from: p + 13, until: [0x3C], limit: 40).0.uppercased()
        }
        if b.starts(with: "Last Phase = ", at: t) { phase = b.trimmedText(from: t + 13) }
        if b.starts(with: "Last Operation = ", at: t) { operation = b.trimmedText(from: t + 17) }
        if let p = b.firstIndex(of: "LastPhase = ", from: t) {
            phase = b.text(from: p + 12, until: [0x3C, ASCII.comma], limit: 60).0
        }
        if let p = b.firstIndex(of: "LastOperation = ", from: t) {
            operation = b.text(from: p + 16, until: [0x3C], limit: 200).0
            if let cut = operation?.range(of: ", LastPhase") { operation = String(operation![..<cut.lowerBound]) }
        }
        if b.starts(with: "Error = ", at: t) || b.contains("Err = 0x", from: t) {
            if let (r, x) = SetupModel.resultExtend(b, from: t) {
                hresult = r
                extend = x
            } else if hresult == nil, let hit = CodeScanner.scan(b, from: t, forms: []).first {
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
