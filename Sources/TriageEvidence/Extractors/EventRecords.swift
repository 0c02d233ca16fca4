import TriageCore

/// One event of an export (text or CSV), with the fields the facts need.
struct EventRecord {
    var provider = ""
    var id = 0
    var computer: String?
    var level: String?
    var stamp: Stamp?
    var time: String?
    /// Line to cite (the Description line in text exports, the record's first line in CSV) and its text.
    var line = 0
    var citation = ""
}

/// Interprets WindowsUpdateClient, Servicing and WUSA events into facts (shared by text and CSV exports).
struct EventFacts {
    let log: LogKind
    var attempts: [Attempt] = []
    var machines: Set<String> = []
    /// Client id per KB from Servicing event 1 (`Client id: WindowsUpdateAgent.`), for events 2/3/4.
    var servicingClient: [String: String] = [:]
    /// Servicing attempts seen before their event 1 (exports are often newest first).
    var unresolved: [Int] = []

    /// The attempts, with clients learnt later in the file filled in.
    var resolvedAttempts: [Attempt] {
        var out = attempts
        for i in unresolved {
            if let kb = out[i].kb, let c = servicingClient[kb] {
                out[i].client = c
                out[i].channel = Facts.channel(client: c)
            }
        }
        return out
    }

    init(log: LogKind) { self.log = log }

    /// First line and time of each record, in file order: a signature matched on a record's message line
    /// gets the record's time (the line itself holds none).
    private var recordStarts: [(line: Int, time: String?, stamp: String?)] = []

    mutating func noteRecord(firstLine: Int, time: String?, stamp: Stamp?) {
        guard time != nil || stamp != nil else { return }
        recordStarts.append((firstLine, time, stamp?.text))
    }

    /// Gives signature facts without a time the time of the record their line belongs to.
    func timeSignatures(into context: inout ExtractionContext) {
        guard !recordStarts.isEmpty else { return }
        let starts = recordStarts
        context.updateFacts { facts in
            for i in facts.indices where facts[i].kind == FactKind.signature && facts[i].provenance.timestamp == nil {
                let line = facts[i].provenance.line
                var lo = 0
                var hi = starts.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if starts[mid].line <= line { lo = mid + 1 } else { hi = mid }
                }
                guard lo > 0 else { continue }
                facts[i].provenance.time = starts[lo - 1].time
                facts[i].provenance.timestamp = starts[lo - 1].stamp
            }
        }
    }

    /// `message` is the description, UTF-8 bytes (several lines joined with `\n` for text exports).
    mutating func add(_ e: EventRecord, message m: LineBytes, into context: inout ExtractionContext) {
        let prov = Provenance(
            file: context.file, line: e.line, time: e.time, timestamp: e.stamp?.text, text: e.citation)
        if let c = e.computer, !c.isEmpty, machines.insert(c).inserted {
            context.emit(Fact(kind: FactKind.machine, attributes: ["name": c, "log": log.rawValue], provenance: prov))
        }
        let p = e.provider
        let wuClient = p.contains("WindowsUpdateClient") || p == "Windows Update Agent"
        let servicing = p.contains("Servicing")
        let wusa = p.contains("WUSA")
        let hits = CodeScanner.scan(m, forms: [.decimal])
        let kb = m.kb()
        var attemptID: String? = nil
        var ctx = "unknown"

        if wuClient, e.id == 19 || e.id == 20 {
            let a = windowsUpdateResult(e, message: m, hits: hits, kb: kb)
            if context.admitsAttempt(holding: attempts.count) {
                attempts.append(a)
                attemptID = a.id
            }
            ctx = "install"
        } else if wuClient {
            switch e.id {
            case 25, 24: ctx = "search"
            case 31, 44: ctx = "download"
            default: ctx = "unknown"
            }
        } else if servicing, let k = kb {
            ctx = "install"
            attemptID = servicingEvent(e, message: m, hits: hits, kb: k, context: &context)
        } else if wusa {
            ctx = "install"
            if let a = wusaFailure(e, message: m, kb: kb), context.admitsAttempt(holding: attempts.count) {
                attempts.append(a)
                attemptID = a.id
            }
        }
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: log, level: e.level ?? "Info", component: p, context: ctx, kb: kb,
                package: nil, attempt: attemptID, text: m.trimmedText(from: 0, to: min(m.count, 200)))
            context.emit(Fact(kind: FactKind.errorCode, attributes: attrs, provenance: prov))
        }
    }

    /// An attempt cited at the event's line, started and ended at its time.
    private func attempt(_ e: EventRecord, kb: String?, result: AttemptResult, stage: String) -> Attempt {
        var a = Attempt(id: "\(log.rawValue):\(e.line)", line: LogLineStub.none, time: e.time, started: e.stamp)
        a.line = e.line
        a.citation = e.citation
        a.ended = e.stamp
        a.kb = kb
        a.result = result
        a.stage = stage
        return a
    }

    /// WindowsUpdateClient 19 (installed) / 20 (failed, with its code): the update's title follows
    /// `following update`.
    private func windowsUpdateResult(_ e: EventRecord, message m: LineBytes, hits: [CodeHit], kb: String?) -> Attempt {
        var a = attempt(e, kb: kb, result: e.id == 19 ? .succeeded : .failed, stage: "install")
        a.client = "WindowsUpdateClient"
        a.channel = "windows-update"
        if let afterPhrase = m.end(of: "following update") {
            var s = afterPhrase
            if e.id == 20, let colon = m.firstIndex(of: ASCII.colon, from: s) {
                s = colon + 1
            } else if let colon = m.firstIndex(of: ASCII.colon, from: s), colon < s + 3 {
                s = colon + 1
            }
            var title = m.trimmedText(from: s)
            if title.hasSuffix(".") { title.removeLast() }
            if !title.isEmpty { a.title = title }
        }
        if e.id == 20, let f = hits.first { a.hresult = f.code }
        return a
    }

    /// Servicing 1 names the client of a KB; 2, 3, 4 are its install (or staging) succeeded, failed, pending a
    /// restart. Returns the id of the attempt added.
    private mutating func servicingEvent(
        _ e: EventRecord, message m: LineBytes, hits: [CodeHit], kb k: String, context: inout ExtractionContext
    ) -> String? {
        if e.id == 1, let c = Facts.field(m, "Client id: ", stops: [0x2E, ASCII.comma]) { servicingClient[k] = c }
        guard e.id == 2 || e.id == 3 || e.id == 4 else { return nil }
        let failed = e.id == 3
        var target = "install"
        if let st = Facts.field(m, "to the ", stops: [ASCII.space]), st == "Staged" { target = "staging" }
        var a = attempt(e, kb: k, result: failed ? .failed : e.id == 4 ? .pending : .succeeded, stage: target)
        if e.id == 4 { a.rebootPending = true }
        if failed, let f = hits.first { a.hresult = f.code }
        a.client = servicingClient[k]
        a.channel = a.client.map { Facts.channel(client: $0) } ?? "unknown"
        guard context.admitsAttempt(holding: attempts.count) else { return nil }
        if a.client == nil { unresolved.append(attempts.count) }
        attempts.append(a)
        return a.id
    }

    /// WUSA's `… could not be installed` / `failed` with its decimal `error N`; nil for other WUSA events.
    private func wusaFailure(_ e: EventRecord, message m: LineBytes, kb: String?) -> Attempt? {
        guard m.contains("could not be installed") || m.contains("failed") else { return nil }
        var a = attempt(e, kb: kb, result: .failed, stage: "install")
        a.client = "wusa"
        a.channel = "offline-msu"
        // WUSA writes decimal codes, success-range ones included (2359302 = 0x00240006).
        if let digitsStart = m.end(of: "error ") {
            var j = digitsStart
            var v: UInt64 = 0
            while j < m.count, ASCII.isDigit(m[j]), v < UInt64(UInt32.max) {
                v = v * 10 + UInt64(m[j] &- 0x30)
                j += 1
            }
            if j > digitsStart, v <= UInt64(UInt32.max) { a.hresult = HRESULT(UInt32(v)) }
        }
        // A success-range code (severity bit clear) is no failure, whatever the message says:
        // 0x00240006 WU_S_ALREADY_INSTALLED means the update is there; 0x00240005
        // WU_S_REBOOT_REQUIRED means it waits for the restart.
        if let code = a.hresult, code.value & 0x8000_0000 == 0 {
            a.result = code.value == 0x0024_0005 ? .pending : .succeeded
            if code.value == 0x0024_0005 { a.rebootPending = true }
        }
        return a
    }
}

/// A placeholder line for attempts built from multi-line records (their provenance is set by hand).
enum LogLineStub {
    static var none: LogLine { LogLine(bytes: .empty, number: 0) }
}
