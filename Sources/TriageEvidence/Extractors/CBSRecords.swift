import TriageCore

/// A CBS line being consumed: its bytes, its header and the first failure code on it, with accessors
/// relative to where its text starts.
struct CBSLine {
    let line: LogLine
    let bytes: LineBytes
    let header: ServicingHeader
    let failure: HRESULT?

    /// What a record does once its error codes are emitted, and the attempt those codes belong to.
    struct Effect {
        enum After {
            case nothing
            case closeSession(String)
            case endPhase, endRepair
        }
        var after = After.nothing
        var attempt: Int?
    }

    var textStart: Int { header.textStart }
    func starts(with literal: Literal) -> Bool { bytes.starts(with: literal, at: textStart) }
    func contains(_ literal: Literal) -> Bool { bytes.contains(literal, from: textStart) }
    func field(_ key: Literal, stops: [UInt8] = [ASCII.comma]) -> String? {
        Facts.field(bytes, key, from: textStart, stops: stops)
    }
    /// The text after the prefix `literal` (which the line starts with), up to a byte in `stops`.
    func text(afterPrefix literal: Literal, until stops: [UInt8]) -> String {
        bytes.text(from: textStart + literal.count, until: stops).0
    }
    /// The text after the first `literal` in the line's text, up to a byte in `stops`; nil without it.
    func text(after literal: Literal, until stops: [UInt8]) -> String? {
        bytes.end(of: literal, from: textStart).map { bytes.text(from: $0, until: stops).0 }
    }
    /// A new install attempt starting on this line.
    func newAttempt(log: LogKind) -> Attempt {
        Attempt(id: "\(log.rawValue):\(line.number)", line: line, time: header.time(bytes), started: header.stamp)
    }
}

/// One handler per CBS record type (see ``CBSExtractor/consume(_:into:)``).
extension CBSExtractor {
    /// `Session: 30934424_1234 initialized by client …` / `… finalized. Reboot required: yes [HRESULT = …]`.
    mutating func sessionRecord(_ record: CBSLine) -> CBSLine.Effect {
        if record.contains(" initialized by client ") {
            sessionOpen = true
            return CBSLine.Effect()
        }
        guard record.contains(" finalized") else { return CBSLine.Effect() }
        let sid = record.field("Session: ", stops: [ASCII.space]) ?? ""
        var effect = CBSLine.Effect(after: .closeSession(sid))
        guard let i = attemptBySession[sid] else { return effect }
        effect.attempt = i
        let reboot = record.contains("Reboot required: yes")
        if reboot {
            attempts[i].rebootPending = true
        } else if attempts[i].rebootPending == nil {
            attempts[i].rebootPending = false
        }
        if let failure = record.failure, attempts[i].result != .failed {
            attempts[i].result = failure.value == 0x800F_0820 ? .cancelled : .failed
            attempts[i].hresult = failure
        } else if attempts[i].result == .unknown || (reboot && attempts[i].result == .succeeded) {
            attempts[i].result = reboot ? .pending : .succeeded
        }
        if attempts[i].ended == nil { attempts[i].ended = record.header.stamp }
        attempts[i].endLine = record.line.number
        return effect
    }

    /// `Startup: …` of boot-time processing; a rollback names its trigger (`because …`).
    mutating func startupRecord(_ record: CBSLine, into context: inout ExtractionContext) -> CBSLine.Effect {
        phase = .startup
        if record.contains("ollback") || record.contains("Rolling back") {
            let trigger =
                record.text(after: "because ", until: [ASCII.period, ASCII.leftBracket])
                ?? record.text(afterPrefix: "Startup: ", until: [ASCII.leftBracket])
            emitRollback("startup", trigger: trigger, hresult: record.failure, record, into: &context)
        }
        if record.starts(with: "Startup: Processing complete") || record.contains("startup processing completed") {
            return CBSLine.Effect(after: .endPhase)
        }
        return CBSLine.Effect()
    }

    /// `Shtd: …` of shutdown processing; a failure there is a rollback.
    mutating func shutdownRecord(_ record: CBSLine, into context: inout ExtractionContext) -> CBSLine.Effect {
        phase = .shutdown
        if let failure = record.failure, record.contains("Fail") {
            let trigger = record.text(afterPrefix: "Shtd: ", until: [ASCII.leftBracket])
            emitRollback("shutdown", trigger: trigger, hresult: failure, record, into: &context)
        }
        return record.contains("processing complete") ? CBSLine.Effect(after: .endPhase) : CBSLine.Effect()
    }

    /// `Setting ExecuteState key to: ExecuteStateFlagRollback…`.
    mutating func executeStateRecord(_ record: CBSLine, into context: inout ExtractionContext) {
        let key: Literal = "Setting ExecuteState key to: "
        guard record.bytes.starts(with: "Setting ExecuteState key to:", at: record.textStart),
            record.contains("FlagRollback")
        else { return }
        let trigger = record.text(afterPrefix: key, until: [])
        emitRollback("execute", trigger: trigger, hresult: record.failure, record, into: &context)
    }

    /// `Exec: Processing started.` / `Exec: Processing complete.` of a package change, and the start of a
    /// repair session.
    mutating func execRecord(_ record: CBSLine) -> CBSLine.Effect {
        if record.starts(with: "Exec: Processing started.") {
            let sid = record.field("Session: ") ?? ""
            var attempt = record.newAttempt(log: log)
            if let client = record.field("Client: ") {
                attempt.client = client
                if client != lastClient.name { lastClient = (client, Facts.channel(client: client)) }
                attempt.channel = lastClient.channel
            }
            attempt.package = record.field("Package: ")
            if let identifier = record.field("Identifier: "), identifier.hasPrefix("KB") { attempt.kb = identifier }
            if attempt.kb == nil { attempt.kb = record.bytes.kb(from: record.textStart) }
            attempt.stage = "install"
            attempts.append(attempt)
            attemptBySession[sid] = attempts.count - 1
            openAttempt = attempts.count - 1
            return CBSLine.Effect(attempt: openAttempt)
        }
        if record.starts(with: "Exec: Processing complete") {
            if record.starts(with: "Exec: Processing complete, session(") { return CBSLine.Effect(after: .endRepair) }
            let sid = record.field("Session: ") ?? ""
            guard let i = attemptBySession[sid] else { return CBSLine.Effect() }
            attempts[i].ended = record.header.stamp
            attempts[i].endLine = record.line.number
            if let failure = record.failure {
                attempts[i].result = failure.value == 0x800F_0820 ? .cancelled : .failed
                attempts[i].hresult = failure
            } else if attempts[i].result == .unknown {
                attempts[i].result = attempts[i].rebootPending == true ? .pending : .succeeded
            }
            return CBSLine.Effect(attempt: i)
        }
        if record.starts(with: "Exec: Session processing started."),
            record.contains("Repair") || record.contains("Corruption")
        {
            repairSession = record.text(after: "): ", until: [ASCII.space]) ?? ""
        }
        return CBSLine.Effect()
    }

    /// `Reporting package change for package: …` and its `completion … status: 0x…`.
    mutating func packageChangeRecord(_ record: CBSLine) -> CBSLine.Effect {
        let i = attemptFor(package: record.field("for package: "), client: record.field("client id: "), record)
        if phase != .none { phaseAttempt = i }
        if record.starts(with: "Reporting package change completion") {
            applyOutcome(i, record)
        } else {
            if record.contains("reboot required: True") { attempts[i].rebootPending = true }
            if attempts[i].stage == nil { attempts[i].stage = "install" }
        }
        return CBSLine.Effect(attempt: i)
    }

    /// `WER: Generating failure report for package: …, status: 0x…, failure source: …`.
    mutating func failureReportRecord(_ record: CBSLine) -> CBSLine.Effect {
        let i = attemptFor(package: record.field("for package: "), client: record.field("client id: "), record)
        if phase != .none { phaseAttempt = i }
        applyOutcome(i, record)
        return CBSLine.Effect(attempt: i)
    }

    /// `Loaded Servicing Stack v10.0.19041.1880 with Core: …\amd64_microsoft-windows-servicingstack_…`: the
    /// machine's build and architecture, once.
    mutating func servicingStackRecord(_ record: CBSLine, into context: inout ExtractionContext) {
        machineDone = true
        let version = record.text(afterPrefix: "Loaded Servicing Stack v", until: [ASCII.space])
        var attrs = ["log": log.rawValue]
        let parts = version.split(separator: ".")
        if parts.count >= 3 { attrs["os-build"] = parts[0..<3].joined(separator: ".") }
        let bytes = record.bytes
        if let end = bytes.firstIndex(of: "_microsoft-windows-servicingstack", from: record.textStart) {
            var start = end
            while start > 0, bytes[start - 1] != ASCII.backslash { start -= 1 }
            if let arch = Facts.architecture(Substring(bytes.trimmedText(from: start, to: end))) {
                attrs["arch"] = arch
            }
        }
        context.emit(
            FactKind.machine, attrs, line: record.line, time: record.header.time(bytes),
            timestamp: record.header.stamp?.text)
    }

    /// `CSI … (F) … rollback will be initiated`: a fatal CSI error (its text starts with a hex address).
    mutating func csiFatalRecord(_ record: CBSLine, into context: inout ExtractionContext) {
        let header = record.header
        guard header.sourceEnd - header.sourceStart == 3, record.bytes.starts(with: "CSI", at: header.sourceStart),
            record.contains("(F)"), record.contains("rollback will be initiated")
        else { return }
        var trigger = "CSI fatal error"
        if let item = record.text(after: "queue item ", until: [ASCII.leftParenthesis, ASCII.period]) {
            trigger = item + " failed"
        }
        emitRollback(
            phase == .startup ? "startup" : phase == .shutdown ? "shutdown" : "execute",
            trigger: trigger, hresult: record.failure, record, into: &context)
    }
}
