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

    mutating func consume(_ b: Bytes, from t: Int, line: LogLine) {
        if B.starts(b, Lit("Matching Profile found: "), at: t) {
            let rest = B.text(b, t + 24)
            let parts = rest.components(separatedBy: " - ")
            rule = parts.first.map { String($0.prefix(80)) }
            if parts.count > 1 { guid = String(parts[1].prefix(36)).uppercased() }
            ruleLine = (line.number, line.citationText)
        }
        if let p = B.find(Lit("<ProfileName>"), in: b, from: t) {
            let (v, _) = B.text(b, from: p + 13, until: [0x3C], limit: 80)
            rule = v
            ruleLine = (line.number, line.citationText)
        }
        if let p = B.find(Lit("<ProfileGuid>"), in: b, from: t) {
            guid = B.text(b, from: p + 13, until: [0x3C], limit: 40).0.uppercased()
        }
        if B.starts(b, Lit("Last Phase = "), at: t) { phase = B.text(b, t + 13) }
        if B.starts(b, Lit("Last Operation = "), at: t) { operation = B.text(b, t + 17) }
        if let p = B.find(Lit("LastPhase = "), in: b, from: t) {
            phase = B.text(b, from: p + 12, until: [0x3C, B.comma], limit: 60).0
        }
        if let p = B.find(Lit("LastOperation = "), in: b, from: t) {
            operation = B.text(b, from: p + 16, until: [0x3C], limit: 200).0
            if let cut = operation?.range(of: ", LastPhase") { operation = String(operation![..<cut.lowerBound]) }
        }
        if B.starts(b, Lit("Error = "), at: t) || B.has(Lit("Err = 0x"), in: b, from: t) {
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
