import TriageCore

/// One ReportingEvents record (also embedded in legacy WindowsUpdate.log as `REPORT EVENT: …`):
/// `{EventGUID}␉time+tz␉1␉<id> [NAME]␉101␉{UpdateID}␉rev␉hexHRESULT␉Caller␉Success|Failure␉Category␉Message…`
struct ReportRecord {
    var stamp: Stamp?
    var time: String
    var eventID: Int
    var updateID: String
    var hresult: UInt32
    var caller: String
    var success: Bool
    var category: String
    var messageStart: Int
    var messageEnd: Int

    static func parse(_ bytes: LineBytes, from: Int) -> ReportRecord? {
        var fields: [(Int, Int)] = []
        var s = from
        while fields.count < 12 {
            let e = bytes.firstIndex(of: ASCII.tab, from: s) ?? bytes.count
            fields.append((s, e))
            if e >= bytes.count { break }
            s = e + 1
        }
        guard fields.count >= 11 else { return nil }
        func f(_ i: Int) -> (Int, Int) { fields[i] }
        let (ts, te) = f(1)
        let stamp = Timestamps.isoLike(bytes, at: bytes.skipSpaces(from: ts))?.0
        var id = 0
        var k = bytes.skipSpaces(from: f(3).0)
        while k < f(3).1, ASCII.isDigit(bytes[k]) {
            id = id * 10 + Int(bytes[k] &- 0x30)
            k += 1
        }
        var hr: UInt32 = 0
        k = f(7).0
        while k < f(7).1, let digit = ASCII.hexValue(bytes[k]) {
            hr = hr << 4 | digit
            k += 1
        }
        let (ms, me) = fields.count > 11 ? f(11) : (bytes.count, bytes.count)
        return ReportRecord(
            stamp: stamp, time: bytes.trimmedText(from: ts, to: te), eventID: id,
            updateID: bytes.trimmedText(from: f(5).0, to: f(5).1), hresult: hr,
            caller: bytes.trimmedText(from: f(8).0, to: f(8).1),
            success: bytes.starts(with: "Success", at: f(9).0), category: bytes.trimmedText(from: f(10).0, to: f(10).1),
            messageStart: ms, messageEnd: me)
    }

    var context: String {
        switch category {
        case "Software Synchronization": "search"
        case "Content Download": "download"
        case "Content Install", "Pre-Deployment Check", "Uninstall": "install"
        default: "unknown"
        }
    }

    var isNullUpdate: Bool { updateID.isEmpty || updateID.hasPrefix("{00000000-") }

    /// Install (or download) outcomes become install attempts; "started", "ready", "reboot completed" do not.
    var isOutcome: Bool {
        guard !isNullUpdate, ![181, 188, 202, 167, 168, 162].contains(eventID) else { return false }
        if category == "Content Install" { return true }
        return category == "Content Download" && !success
    }
}

/// Turns report records into facts; shared by the ReportingEvents and legacy WindowsUpdate extractors.
struct ReportFacts {
    let log: LogKind
    var attempts: [Attempt] = []
    var sources: Set<String> = []
    var wsusKnown = false

    /// Well-known update service ids (ServiceManager) → update-source type.
    static let services: [String: String] = [
        "{3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}": "wsus",
        "{9482F4B4-E343-43B6-B170-9A65BC822C77}": "windows-update",
        "{7971F918-A847-4430-9279-4A52D1EFE18D}": "microsoft-update"
    ]

    mutating func add(_ r: ReportRecord, bytes: LineBytes, line: LogLine, into context: inout ExtractionContext) {
        if let type = ReportFacts.services[r.updateID.uppercased()] {
            if type == "wsus" { wsusKnown = true }
            if sources.insert(type).inserted {
                context.emit(
                    FactKind.updateSource, ["type": type, "log": log.rawValue], line: line, time: r.time,
                    timestamp: r.stamp?.text)
            }
        }
        let message = bytes.trimmedText(from: r.messageStart, to: min(r.messageEnd, r.messageStart + 400))
        let kb = bytes.kb(from: r.messageStart, to: r.messageEnd)
        var attemptID: String? = nil
        if r.isOutcome {
            var a = Attempt(id: "\(log.rawValue):\(line.number)", line: line, time: r.time, started: r.stamp)
            a.ended = r.stamp
            a.kb = kb
            if let k = message.lastIndex(of: ":"), message.hasPrefix("Installation") {
                var title = String(message[message.index(after: k)...].trimmingPrefix(" "))
                if title.hasSuffix(".") { title.removeLast() }
                if !title.isEmpty { a.title = title }
            }
            a.client = r.caller
            a.channel = Facts.channel(client: r.caller)
            if a.channel == "unknown", r.caller.hasPrefix("<<PROCESS>>") { a.channel = "windows-update" }
            a.result = [163, 186].contains(r.eventID) ? .cancelled : r.success ? .succeeded : .failed
            if r.hresult & 0x8000_0000 != 0 { a.hresult = HRESULT(r.hresult) }
            a.stage = r.category == "Content Download" ? "download" : "install"
            a.rebootPending = r.eventID == 184 || message.contains("restart")
            if context.admitsAttempt(holding: attempts.count) {
                attempts.append(a)
                attemptID = a.id
            }
        }
        guard r.hresult & 0x8000_0000 != 0 else { return }
        let hit = CodeHit(code: HRESULT(r.hresult), symbol: nil, offset: 0)
        let attrs = Facts.errorCode(
            hit, log: log, level: r.success ? "Warning" : "Error", component: "Report",
            context: r.context, kb: kb, package: nil, attempt: attemptID,
            text: String(message.prefix(200)))
        context.emit(FactKind.errorCode, attrs, line: line, time: r.time, timestamp: r.stamp?.text)
    }

    /// WU-client attempts are `wsus` when the file shows a WSUS server.
    mutating func resolveChannels(wsus: Bool) {
        guard wsus || wsusKnown else { return }
        for i in attempts.indices where attempts[i].channel == "windows-update" { attempts[i].channel = "wsus" }
    }
}

/// ReportingEvents.log (UTF-16 on disk; lines arrive as UTF-8).
struct ReportingEventsExtractor: LogExtractor {
    var range = StampRange()
    var records = ReportFacts(log: .reportingEvents)

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard bytes.count > 40, bytes[0] == 0x7B, let r = ReportRecord.parse(bytes, from: 0) else { return }
        if let s = r.stamp { range.note(s) }
        records.add(r, bytes: bytes, line: line, into: &context)
    }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        records.resolveChannels(wsus: false)
        context.finishAttempts(records.attempts)
    }
}
