import TriageCore

/// CBS.log / CbsPersist_*.log. One pass; sessions, package changes and boot-time processing are followed
/// with a small state machine so that each error code gets a context and, inside a package change, the
/// attempt it belongs to (see docs/facts.md, "Correlation").
struct CBSExtractor: LogExtractor {
    enum Phase { case none, startup, shutdown }
    enum After {
        case nothing
        case closeSession(String)
        case endPhase, endRepair
    }

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

    /// State changes only on lines holding one of ``lineTriggers``' literals; a line's facts come from its
    /// level, component and text, which follow the timestamp.
    func repeatKeyStart(_ line: LogLine) -> Int? {
        ServicingHeader.stamp(line.bytes).map { $0.1 }
    }

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
        let hits = b.contains("0x", from: t) ? CodeScanner.scan(b, from: t, forms: []) : []
        let failure = hits.first?.code

        var after = After.nothing
        var lineAttempt: Int? = nil
        let c0 = b[t]
        if c0 == 0x53 {  // S
            if b.starts(with: "Session: ", at: t) {
                if b.contains(" initialized by client ", from: t) {
                    sessionOpen = true
                } else if b.firstIndex(of: " finalized", from: t) != nil {
                    let sid = Facts.field(b, "Session: ", from: t, stops: [ASCII.space]) ?? ""
                    if let i = attemptBySession[sid] {
                        lineAttempt = i
                        let reboot = b.contains("Reboot required: yes", from: t)
                        if reboot {
                            attempts[i].rebootPending = true
                        } else if attempts[i].rebootPending == nil {
                            attempts[i].rebootPending = false
                        }
                        if let f = failure, attempts[i].result != "failed" {
                            attempts[i].result = f.value == 0x800F_0820 ? "cancelled" : "failed"
                            attempts[i].hresult = f
                        } else if attempts[i].result == "unknown" || (reboot && attempts[i].result == "succeeded") {
                            attempts[i].result = reboot ? "pending" : "succeeded"
                        }
                        if attempts[i].ended == nil { attempts[i].ended = h.stamp }
                        attempts[i].endLine = line.number
                    }
                    after = .closeSession(sid)
                }
            } else if b.starts(with: "Startup:", at: t) {
                phase = .startup
                if b.contains("ollback", from: t) || b.contains("Rolling back", from: t) {
                    let trigger: String
                    if let k = b.firstIndex(of: "because ", from: t) {
                        trigger = b.text(from: k + 8, until: [0x2E, ASCII.leftBracket]).0
                    } else {
                        trigger = b.text(from: t + 9, until: [ASCII.leftBracket]).0
                    }
                    emitRollback("startup", trigger: trigger, hresult: failure, b: b, line: line, h: h, into: &context)
                }
                if b.starts(with: "Startup: Processing complete", at: t)
                    || b.contains("startup processing completed", from: t)
                {
                    after = .endPhase
                }
            } else if b.starts(with: "Shtd:", at: t) {
                phase = .shutdown
                if let f = failure, b.contains("Fail", from: t) {
                    let trigger = b.text(from: t + 6, until: [ASCII.leftBracket]).0
                    emitRollback("shutdown", trigger: trigger, hresult: f, b: b, line: line, h: h, into: &context)
                }
                if b.contains("processing complete", from: t) { after = .endPhase }
            } else if b.starts(with: "Setting ExecuteState key to:", at: t),
                b.contains("FlagRollback", from: t)
            {
                let trigger = b.text(from: t + 29, until: [])
                emitRollback("execute", trigger: trigger.0, hresult: failure, b: b, line: line, h: h, into: &context)
            }
        } else if c0 == 0x45, b.starts(with: "Exec: ", at: t) {  // E
            if b.starts(with: "Exec: Processing started.", at: t) {
                let sid = Facts.field(b, "Session: ", from: t) ?? ""
                var a = Attempt(id: "\(log.rawValue):\(line.number)", line: line, time: h.time(b), started: h.stamp)
                if let c = Facts.field(b, "Client: ", from: t) {
                    a.client = c
                    a.channel = Facts.channel(client: c)
                }
                a.package = Facts.field(b, "Package: ", from: t)
                if let ident = Facts.field(b, "Identifier: ", from: t), ident.hasPrefix("KB") { a.kb = ident }
                if a.kb == nil { a.kb = b.kb(from: t) }
                a.stage = "install"
                attempts.append(a)
                attemptBySession[sid] = attempts.count - 1
                openAttempt = attempts.count - 1
                lineAttempt = openAttempt
            } else if b.starts(with: "Exec: Processing complete", at: t) {
                if b.starts(with: "Exec: Processing complete, session(", at: t) {
                    after = .endRepair
                } else {
                    let sid = Facts.field(b, "Session: ", from: t) ?? ""
                    if let i = attemptBySession[sid] {
                        lineAttempt = i
                        attempts[i].ended = h.stamp
                        attempts[i].endLine = line.number
                        if let f = failure {
                            attempts[i].result = f.value == 0x800F_0820 ? "cancelled" : "failed"
                            attempts[i].hresult = f
                        } else if attempts[i].result == "unknown" {
                            attempts[i].result = attempts[i].rebootPending == true ? "pending" : "succeeded"
                        }
                    }
                }
            } else if b.starts(with: "Exec: Session processing started.", at: t),
                b.contains("Repair", from: t) || b.contains("Corruption", from: t)
            {
                if let k = b.firstIndex(of: "): ", from: t) {
                    repairSession = b.text(from: k + 3, until: [ASCII.space]).0
                } else {
                    repairSession = ""
                }
            }
        } else if c0 == 0x52, b.starts(with: "Reporting package change", at: t) {  // R
            let completion = b.starts(with: "Reporting package change completion", at: t)
            let pkg = Facts.field(b, "for package: ", from: t)
            let client = Facts.field(b, "client id: ", from: t)
            let i = attemptFor(package: pkg, client: client, line: line, h: h, b: b)
            lineAttempt = i
            if phase != .none { phaseAttempt = i }
            if completion {
                applyOutcome(i, b: b, t: t, h: h, line: line, statusKey: "status: ")
            } else {
                if b.contains("reboot required: True", from: t) { attempts[i].rebootPending = true }
                if attempts[i].stage == nil { attempts[i].stage = "install" }
            }
        } else if c0 == 0x57, b.starts(with: "WER: Generating failure report for package: ", at: t) {  // W
            let pkg = Facts.field(b, "for package: ", from: t)
            let client = Facts.field(b, "client id: ", from: t)
            let i = attemptFor(package: pkg, client: client, line: line, h: h, b: b)
            lineAttempt = i
            if phase != .none { phaseAttempt = i }
            applyOutcome(i, b: b, t: t, h: h, line: line, statusKey: "status: ")
        } else if c0 == 0x4C, !machineDone, b.starts(with: "Loaded Servicing Stack v", at: t) {  // L
            machineDone = true
            let version = b.text(from: t + 24, until: [ASCII.space]).0
            var attrs = ["log": log.rawValue]
            let parts = version.split(separator: ".")
            if parts.count >= 3 { attrs["os-build"] = parts[0..<3].joined(separator: ".") }
            if let k = b.firstIndex(of: "_microsoft-windows-servicingstack", from: t) {
                var s = k
                while s > 0, b[s - 1] != 0x5C { s -= 1 }
                if let a = Facts.architecture(Substring(b.trimmedText(from: s, to: k))) { attrs["arch"] = a }
            }
            context.emit(FactKind.machine, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
        } else if c0 == 0x54, b.starts(with: "TI: --- Initializing Trusted Installer", at: t) {  // T
            resetProcess()
        } else if ASCII.isHex(c0), h.sourceEnd - h.sourceStart == 3, b.starts(with: "CSI", at: h.sourceStart),
            b.contains("(F)", from: t), b.contains("rollback will be initiated", from: t)
        {
            var trigger = "CSI fatal error"
            if let k = b.firstIndex(of: "queue item ", from: t) {
                trigger = b.text(from: k + 11, until: [0x28, 0x2E]).0 + " failed"
            }
            emitRollback(
                phase == .startup ? "startup" : phase == .shutdown ? "shutdown" : "execute",
                trigger: trigger, hresult: failure, b: b, line: line, h: h, into: &context)
        }

        if !hits.isEmpty {
            let (ctx, ai) = contextFor(b, t, lineAttempt: lineAttempt)
            let level = h.level(b)
            let comp = h.source(b)
            let kb = b.kb(from: t)
            let pkg = b.package(from: t)
            let msg = Facts.message(b, from: t)
            let time = h.time(b)
            let timestamp = h.stamp?.text
            for hit in hits {
                let attrs = Facts.errorCode(
                    hit, log: log, level: level, component: comp, context: ctx,
                    kb: kb, package: pkg, attempt: ai.map { attempts[$0].id }, text: msg)
                context.emit(FactKind.errorCode, attrs, line: line, time: time, timestamp: timestamp)
            }
        }
        switch after {
        case .nothing: break
        case .closeSession(let sid): closeSession(sid)
        case .endPhase: phase = .none
        case .endRepair: repairSession = nil
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        context.finishAttempts(attempts)
    }

    // MARK: - State

    private mutating func closeSession(_ sid: String) {
        if let i = attemptBySession.removeValue(forKey: sid) {
            attempts[i].open = false
            if openAttempt == i { openAttempt = attemptBySession.values.max() }
        }
        if repairSession == sid { repairSession = nil }
    }

    private mutating func resetProcess() {
        for i in attemptBySession.values { attempts[i].open = false }
        attemptBySession.removeAll()
        openAttempt = nil
        repairSession = nil
        sessionOpen = false
        phase = .none
    }

    /// The attempt a package record belongs to: the open one for the same package, else the latest one
    /// for that package (completion after a reboot), else a new one starting at this line.
    private mutating func attemptFor(
        package: String?, client: String?, line: LogLine, h: ServicingHeader,
        b: LineBytes
    ) -> Int {
        if let o = openAttempt, attempts[o].package == nil || attempts[o].package == package {
            if attempts[o].package == nil { attempts[o].package = package }
            return o
        }
        if let p = package, let i = attempts.lastIndex(where: { $0.package == p }) { return i }
        var a = Attempt(id: "\(log.rawValue):\(line.number)", line: line, time: h.time(b), started: h.stamp)
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
    private mutating func applyOutcome(_ i: Int, b: LineBytes, t: Int, h: ServicingHeader, line: LogLine, statusKey: Literal) {
        var status: UInt32 = 0
        if let k = b.firstIndex(of: statusKey, from: t) {
            let hs = CodeScanner.scan(
                b.prefix(k + statusKey.count + 12),
                from: k + statusKey.count, forms: [])
            status = hs.first?.code.value ?? 0
        }
        if attempts[i].client == nil, let c = Facts.field(b, "client id: ", from: t) {
            attempts[i].client = c
            attempts[i].channel = Facts.channel(client: c)
        }
        attempts[i].endLine = max(attempts[i].endLine ?? 0, line.number)
        attempts[i].ended = h.stamp ?? attempts[i].ended
        if status & 0x8000_0000 != 0 {
            attempts[i].result = status == 0x800F_0820 ? "cancelled" : "failed"
            attempts[i].hresult = HRESULT(status)
            attempts[i].stage = Facts.stage(failureSource: Facts.field(b, "failure source: ", from: t) ?? "")
        } else if attempts[i].result != "failed" {
            let current = Facts.field(b, "current: ", from: t)
            let target = Facts.field(b, "target: ", from: t)
            attempts[i].result = current != nil && current == target ? "succeeded" : "pending"
        }
    }

    private func contextFor(_ b: LineBytes, _ t: Int, lineAttempt: Int?) -> (String, Int?) {
        switch phase {
        case .startup: return ("startup", lineAttempt ?? phaseAttempt ?? latestPending())
        case .shutdown: return ("shutdown", lineAttempt ?? phaseAttempt ?? latestPending())
        case .none: break
        }
        if let a = lineAttempt ?? openAttempt {
            if b.contains("ommit", from: t) { return ("commit", a) }
            return (attempts[a].stage == "staging" ? "staging" : "install", a)
        }
        if repairSession != nil { return ("repair", nil) }
        if b.starts(with: "SQM:", at: t) { return ("idle", nil) }
        return (sessionOpen ? "search" : "idle", nil)
    }

    /// The latest attempt still waiting for a reboot (boot-time codes belong to it).
    private func latestPending() -> Int? {
        attempts.lastIndex(where: { $0.result == "pending" })
    }

    private func emitRollback(
        _ phase: String, trigger: String, hresult: HRESULT?, b: LineBytes, line: LogLine,
        h: ServicingHeader, into context: inout ExtractionContext
    ) {
        var attrs = ["phase": phase, "trigger": trigger, "log": log.rawValue]
        if let hr = hresult { attrs["hresult"] = hr.hex }
        let related = openAttempt ?? phaseAttempt ?? latestPending()
        if let pkg = b.package(from: h.text) ?? related.flatMap({ attempts[$0].package }) {
            attrs["package"] = pkg
        }
        if let kb = b.kb(from: h.text) ?? related.flatMap({ attempts[$0].kb }) { attrs["kb"] = kb }
        context.emit(FactKind.rollback, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
    }
}
