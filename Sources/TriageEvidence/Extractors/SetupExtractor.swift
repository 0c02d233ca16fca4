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
    var ending = SetupEnding()

    init(log: LogKind) { self.log = log }

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard let header = ServicingHeader.read(line, range: &range, context: &context) else { return }
        let textStart = header.textStart
        let hadFatal = model.firstFatal != nil
        let hadCompleted = model.completed != nil
        model.consume(
            bytes, text: textStart, line: line, log: log, time: header.time(bytes), stamp: header.stamp?.text,
            into: &context)
        if log == .setupact {
            upgrade.consume(bytes, text: textStart, line: line, time: header.time(bytes), stamp: header.stamp)
            ending.consume(
                bytes, text: textStart, line: line, model: model, time: header.time(bytes), stamp: header.stamp,
                into: &context)
            if !hadFatal, model.firstFatal != nil {
                upgrade.noteCited(line: line, time: header.time(bytes), stamp: header.stamp)
            }
            if !hadCompleted, model.completed != nil {
                upgrade.noteCited(line: line, time: header.time(bytes), stamp: header.stamp)
            }
        }
        let hits =
            bytes.contains("0x", from: textStart) || bytes.contains("rror ", from: textStart)
            ? CodeScanner.scan(bytes, from: textStart, forms: [.decimal]) : []
        if bytes.contains("Initiating rollback", from: textStart)
            || bytes.contains("Rollback initiated", from: textStart)
            || bytes.contains("rollback failure", from: textStart)
        {
            upgrade.rolledBack = true
            var attrs = ["phase": "setup", "trigger": Facts.message(bytes, from: textStart), "log": log.rawValue]
            if let f = hits.first { attrs["hresult"] = f.code.hex }
            if let kb = bytes.kb(from: textStart) { attrs["kb"] = kb }
            context.emit(FactKind.rollback, attrs, line: line, time: header.time(bytes), timestamp: header.stamp?.text)
        }
        guard !hits.isEmpty else { return }
        let level = header.level(bytes)
        if log == .setupact, level != "Info", level != "Warning", upgrade.noteResult(hits.map(\.code)) {
            upgrade.noteCited(line: line, time: header.time(bytes), stamp: header.stamp)
        }
        let comp = header.source(bytes)
        let msg = Facts.message(bytes, from: textStart)
        let kb = bytes.kb(from: textStart)
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: log, level: level, component: comp, context: "unknown", kb: kb,
                package: nil, attempt: nil, text: msg)
            context.emit(FactKind.errorCode, attrs, line: line, time: header.time(bytes), timestamp: header.stamp?.text)
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        if let fact = upgrade.fact(model: model, first: range.first, ended: range.last, file: context.file, log: log) {
            context.emit(fact)
        }
        if log == .setupact,
            let fact = ending.fact(
                model: model, failureResult: upgrade.failureResult, rolledBack: upgrade.rolledBack, file: context.file)
        {
            context.emit(fact)
        }
    }
}
