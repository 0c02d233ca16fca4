import TriageCore

/// Panther setupact.log / setuperr.log: `date time, Level  Component  Message`. Error codes (incl. the
/// `0xC1900101 - 0x4000D` result–extend form: both halves are scanned, the extend is not a failure code),
/// rollback markers (`Initiating rollback`, `rollback` phases of SP/MOUPG), failures with their setup phase and
/// operation through ``SetupModel`` (`setup-failure`), and in setupact the feature update as one
/// `install-attempt` (``FeatureUpdateAttempt``).
struct SetupExtractor: LogExtractor {
    let log: LogKind
    var range = StampRange()
    var model = SetupModel()
    var upgrade = FeatureUpdateAttempt()

    init(log: LogKind) { self.log = log }

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let b = line.bytes
        guard b.count > 4 else { return }
        let h = ServicingHeader(b)
        if let s = h.stamp {
            range.note(s)
        } else if h.impossibleTime {
            context.noteImpossibleTimestamp(line: line.number)
        }
        let t = h.text
        guard t < b.count else { return }
        let hadFatal = model.firstFatal != nil
        let hadCompleted = model.completed != nil
        model.consume(b, text: t, line: line, log: log, time: h.time(b), stamp: h.stamp?.text, into: &context)
        if log == .setupact {
            upgrade.consume(b, text: t, line: line, time: h.time(b), stamp: h.stamp)
            if !hadFatal, model.firstFatal != nil { upgrade.noteCited(line: line, time: h.time(b), stamp: h.stamp) }
            if !hadCompleted, model.completed != nil {
                upgrade.noteCited(line: line, time: h.time(b), stamp: h.stamp)
            }
        }
        let hits =
            B.has(Lit("0x"), in: b, from: t) || B.has(Lit("rror "), in: b, from: t)
            ? CodeScanner.scan(b, from: t, forms: [.decimal]) : []
        if B.has(Lit("Initiating rollback"), in: b, from: t) || B.has(Lit("Rollback initiated"), in: b, from: t)
            || B.has(Lit("rollback failure"), in: b, from: t)
        {
            upgrade.rolledBack = true
            var attrs = ["phase": "setup", "trigger": Facts.message(b, from: t), "log": log.rawValue]
            if let f = hits.first { attrs["hresult"] = f.code.hex }
            if let kb = B.kb(in: b, from: t) { attrs["kb"] = kb }
            context.emit(FactKind.rollback, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
        }
        guard !hits.isEmpty else { return }
        let level = h.level(b)
        if log == .setupact, level != "Info", level != "Warning", upgrade.noteResult(hits.map(\.code)) {
            upgrade.noteCited(line: line, time: h.time(b), stamp: h.stamp)
        }
        let comp = h.source(b)
        let msg = Facts.message(b, from: t)
        let kb = B.kb(in: b, from: t)
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: log, level: level, component: comp, context: "unknown", kb: kb,
                package: nil, attempt: nil, text: msg)
            context.emit(FactKind.errorCode, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        if let fact = upgrade.fact(model: model, first: range.first, ended: range.last, file: context.file, log: log) {
            context.emit(fact)
        }
    }
}
