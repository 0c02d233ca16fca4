import TriageCore

/// CBS.log / CbsPersist_*.log. One pass; sessions, package changes and boot-time processing are followed
/// with a small state machine so that each error code gets a context and, inside a package change, the
/// attempt it belongs to (see docs/facts.md, "Correlation").
struct CBSExtractor: LogExtractor {
    enum Phase { case none, startup, shutdown }

    let log: LogKind
    var range = StampRange()
    var attempts: [Attempt] = []
    var attemptBySession: [String: Int] = [:]
    var openAttempt: Int?
    var repairSession: String?
    var sessionOpen = false
    var phase = Phase.none { didSet { if phase != oldValue { phaseAttempt = nil } } }
    /// The attempt a boot-time record (completion, WER) named during the current startup/shutdown phase.
    var phaseAttempt: Int?
    var machineDone = false
    var stampNoter = HeaderStampNoter()
    /// The client id of the last session started and its channel: sessions of one client follow each other.
    var lastClient: (name: String, channel: String) = ("", "unknown")
    /// Past the fact cap: where the codes of lines already met went (``RepeatedCodeLines``).
    var repeatedCodeLines = RepeatedCodeLines()

    init(log: LogKind = .cbs) { self.log = log }

    /// Every line ``consume(_:into:)`` acts on holds one of these or a failure code; other lines only count
    /// for the time span. Kept next to the branches below: a branch on a new text needs its literal here.
    static let lineTriggers = LineTriggers(
        literals: [
            " initialized by client ", " finalized", "Startup:", "Shtd:", "Setting ExecuteState key to:",
            "Exec: Processing started", "Exec: Processing complete", "Exec: Session processing started",
            "Reporting package change", "WER: Generating failure report for package: ", "Loaded Servicing Stack v",
            "TI: --- Initializing Trusted Installer", "rollback will be initiated"
        ], statusCodes: true)

    var triggers: LineTriggers? { Self.lineTriggers }

    mutating func pass(over line: LogLine) {
        stampNoter.note(line.bytes, into: &range)
    }

    var passesOverStampsOnly: Bool { true }

    mutating func note(passedStamps: StampRange) { range.note(passedStamps) }

    /// State changes only on lines holding one of ``lineTriggers``' literals; a line's facts come from its
    /// level, component and text, which follow the timestamp.
    func repeatKeyStart(_ line: LogLine) -> Int? {
        ServicingHeader.stamp(line.bytes).map { $0.1 }
    }

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        consume(line, prepared: PreparedLine(line.bytes), into: &context)
    }

    var consumesPreparedLines: Bool { true }

    mutating func consume(_ line: LogLine, prepared: PreparedLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard let header = ServicingHeader.read(line, header: prepared.header, range: &range, context: &context)
        else { return }
        let hits = prepared.codes
        let record = CBSLine(line: line, bytes: bytes, header: header, failure: hits.first?.code)
        // One handler per record type, told apart by the text's first byte before any comparison.
        var effect = CBSLine.Effect()
        switch bytes[header.textStart] {
        case 0x53 where record.starts(with: "Session: "):  // S
            effect = sessionRecord(record)
        case 0x53 where record.starts(with: "Startup:"):
            effect = startupRecord(record, into: &context)
        case 0x53 where record.starts(with: "Shtd:"):
            effect = shutdownRecord(record, into: &context)
        case 0x53:
            executeStateRecord(record, into: &context)
        case 0x45 where record.starts(with: "Exec: "):  // E
            effect = execRecord(record)
        case 0x52 where record.starts(with: "Reporting package change"):  // R
            effect = packageChangeRecord(record)
        case 0x57 where record.starts(with: "WER: Generating failure report for package: "):  // W
            effect = failureReportRecord(record)
        case 0x4C where !machineDone && record.starts(with: "Loaded Servicing Stack v"):  // L
            servicingStackRecord(record, into: &context)
        case 0x54 where record.starts(with: "TI: --- Initializing Trusted Installer"):  // T
            resetProcess()
        case let first where ASCII.isHex(first):
            csiFatalRecord(record, into: &context)
        default:
            break
        }
        if !hits.isEmpty { emitErrorCodes(hits, record, lineAttempt: effect.attempt, into: &context) }
        switch effect.after {
        case .nothing: break
        case .closeSession(let sid): closeSession(sid)
        case .endPhase: phase = .none
        case .endRepair: repairSession = nil
        }
        if attempts.count > context.heldStateCap { handOverAttempts(into: &context) }
    }

    /// Keeps the attempts followed within the context's ``ExtractionContext/heldStateCap``: past it, the oldest
    /// half become facts now, those no open session, phase or record refers to first, and those still
    /// waiting for a reboot last. A later record of one handed over (a completion after a reboot) starts a
    /// new attempt; one still open is closed early, which a note says.
    mutating func handOverAttempts(into context: inout ExtractionContext) {
        var referenced = [Bool](repeating: false, count: attempts.count)
        for i in attemptBySession.values { referenced[i] = true }
        for i in [openAttempt, phaseAttempt].compactMap({ $0 }) { referenced[i] = true }
        var handed = [Bool](repeating: false, count: attempts.count)
        var left = attempts.count
        let target = context.heldStateCap / 2
        for pass in 0..<3 where left > target {
            for i in attempts.indices where left > target && !handed[i] {
                let eligible =
                    switch pass {
                    case 0: !referenced[i] && attempts[i].result != .pending
                    case 1: !referenced[i]
                    default: true
                    }
                if eligible {
                    handed[i] = true
                    left -= 1
                    if referenced[i] {
                        context.noteDropped(
                            "install attempts still open closed early, past \(context.heldStateCap) held at once")
                    }
                }
            }
        }
        var newIndex = [Int?](repeating: nil, count: attempts.count)
        var kept: [Attempt] = []
        var out: [Attempt] = []
        kept.reserveCapacity(left)
        // Each attempt moved out of its slot (a vacant one swapped in), not copied: a copy retains a dozen
        // strings and freeing the old array releases them again.
        for i in attempts.indices {
            var attempt = Attempt.vacant
            swap(&attempt, &attempts[i])
            if handed[i] {
                out.append(consume attempt)
            } else {
                newIndex[i] = kept.count
                kept.append(consume attempt)
            }
        }
        attempts = kept
        attemptBySession = attemptBySession.compactMapValues { newIndex[$0] }
        openAttempt = openAttempt.flatMap { newIndex[$0] }
        phaseAttempt = phaseAttempt.flatMap { newIndex[$0] }
        context.finishAttempts(out)
    }

    /// One `error-code` fact per code on the line, with the context and attempt it belongs to.
    private mutating func emitErrorCodes(
        _ hits: [CodeHit], _ record: CBSLine, lineAttempt: Int?, into context: inout ExtractionContext
    ) {
        let (bytes, textStart, header) = (record.bytes, record.textStart, record.header)
        let (codeContext, attempt) = contextFor(record, lineAttempt: lineAttempt)
        let attemptID = attempt.map { attempts[$0].id }
        // Past the cap, a line met before in the same state is counted where its codes went.
        var repeatKey: RepeatedCodeLines.Key?
        if repeatedCodeLines.isUsed, context.pastCap(FactKind.errorCode),
            hits.allSatisfy({ $0.offset >= header.levelStart })
        {
            let key = RepeatedCodeLines.Key(bytes, from: header.levelStart, context: codeContext, attempt: attemptID)
            if let outcomes = repeatedCodeLines.outcomes(key, bytes) {
                for outcome in outcomes { context.repeatPastCap(FactKind.errorCode, outcome, line: record.line.number) }
                return
            }
            repeatKey = key
        }
        var outcomes: [ExtractionContext.PastCap] = []
        let level = header.level(bytes)
        let component = header.source(bytes)
        let kb = bytes.kb(from: textStart)
        let package = bytes.package(from: textStart)
        let message = Facts.message(bytes, from: textStart)
        // The line's time, decoded once, and only if a code is kept (past the cap most are counted).
        var stamp: (time: String?, timestamp: String?)?
        for hit in hits {
            let fields = Facts.errorCodeFields(
                hit, log: log, level: level, component: component, context: codeContext,
                kb: kb, package: package, attempt: attemptID, text: message)
            let outcome = context.emit(FactKind.errorCode, fields: fields, line: record.line) {
                if stamp == nil { stamp = (header.time(bytes), header.stamp?.text) }
                return stamp!
            }
            if repeatKey != nil, let outcome { outcomes.append(outcome) } else { repeatKey = nil }
        }
        if let repeatKey { repeatedCodeLines.remember(repeatKey, bytes, outcomes: outcomes) }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        context.finishAttempts(attempts)
    }

    // MARK: - State

    mutating func closeSession(_ sid: String) {
        if let i = attemptBySession.removeValue(forKey: sid) {
            attempts[i].open = false
            if openAttempt == i { openAttempt = attemptBySession.values.max() }
        }
        if repairSession == sid { repairSession = nil }
    }

    mutating func resetProcess() {
        for i in attemptBySession.values { attempts[i].open = false }
        attemptBySession.removeAll()
        openAttempt = nil
        repairSession = nil
        sessionOpen = false
        phase = .none
    }

    /// The attempt a package record belongs to: the open one for the same package, else the latest one
    /// for that package (completion after a reboot), else a new one starting at this line.
    mutating func attemptFor(package: String?, client: String?, _ record: CBSLine) -> Int {
        if let o = openAttempt, attempts[o].package == nil || attempts[o].package == package {
            if attempts[o].package == nil { attempts[o].package = package }
            return o
        }
        if let p = package, let i = attempts.indices.last(where: { attempts[$0].package == p }) { return i }
        var a = record.newAttempt(log: log)
        a.package = package
        a.kb = package.flatMap { kbFromPackage($0) }
        if let c = client {
            a.client = c
            a.channel = Facts.channel(client: c)
        }
        a.open = false
        attempts.append(a)
        return attempts.count - 1
    }

    private func kbFromPackage(_ p: String) -> String? {
        Array(p.utf8).withLineBytes { $0.kb() }
    }

    /// Applies `status: 0x…, failure source: …` of a completion or WER record.
    mutating func applyOutcome(_ i: Int, _ record: CBSLine) {
        let statusKey: Literal = "status: "
        var status: UInt32 = 0
        if let valueStart = record.bytes.end(of: statusKey, from: record.textStart) {
            let codes = CodeScanner.scan(record.bytes.prefix(valueStart + 12), from: valueStart, forms: [])
            status = codes.first?.code.value ?? 0
        }
        if attempts[i].client == nil, let c = record.field("client id: ") {
            attempts[i].client = c
            attempts[i].channel = Facts.channel(client: c)
        }
        attempts[i].endLine = max(attempts[i].endLine ?? 0, record.line.number)
        attempts[i].ended = record.header.stamp ?? attempts[i].ended
        if status & 0x8000_0000 != 0 {
            attempts[i].result = status == 0x800F_0820 ? .cancelled : .failed
            attempts[i].hresult = HRESULT(status)
            attempts[i].stage = Facts.stage(failureSource: record.field("failure source: ") ?? "")
        } else if attempts[i].result != .failed {
            let current = record.field("current: ")
            let target = record.field("target: ")
            attempts[i].result = current != nil && current == target ? .succeeded : .pending
        }
    }

    private func contextFor(_ record: CBSLine, lineAttempt: Int?) -> (String, Int?) {
        switch phase {
        case .startup: return ("startup", lineAttempt ?? phaseAttempt ?? latestPending())
        case .shutdown: return ("shutdown", lineAttempt ?? phaseAttempt ?? latestPending())
        case .none: break
        }
        if let a = lineAttempt ?? openAttempt {
            if record.contains("ommit") { return ("commit", a) }
            return (attempts[a].stage == "staging" ? "staging" : "install", a)
        }
        if repairSession != nil { return ("repair", nil) }
        if record.starts(with: "SQM:") { return ("idle", nil) }
        return (sessionOpen ? "search" : "idle", nil)
    }

    /// The latest attempt still waiting for a reboot (boot-time codes belong to it).
    /// Reads each attempt's result in place: `lastIndex(where:)` copied every attempt it passed (a dozen
    /// strings retained and released each), for every boot-time line with a code.
    func latestPending() -> Int? {
        attempts.indices.last { attempts[$0].result == .pending }
    }

    func emitRollback(
        _ phase: String, trigger: String, hresult: HRESULT?, _ record: CBSLine, into context: inout ExtractionContext
    ) {
        var attrs = ["phase": phase, "trigger": trigger, "log": log.rawValue]
        if let hr = hresult { attrs["hresult"] = hr.hex }
        let related = openAttempt ?? phaseAttempt ?? latestPending()
        if let pkg = record.bytes.package(from: record.textStart) ?? related.flatMap({ attempts[$0].package }) {
            attrs["package"] = pkg
        }
        if let kb = record.bytes.kb(from: record.textStart) ?? related.flatMap({ attempts[$0].kb }) {
            attrs["kb"] = kb
        }
        context.emit(
            FactKind.rollback, attrs, line: record.line, time: record.header.time(record.bytes),
            timestamp: record.header.stamp?.text)
    }
}
