import TriageCore

/// WindowsUpdate.log in its three layouts (detected per line):
/// - Windows 10+ (Get-WindowsUpdateLog): `2022/11/07 09:15:44.1234567 1234  5678  Component  text`, also with
///   dashed dates;
/// - newer decodes: `09:15:44.12345 AM 1234 5678 srcfile_cpp776 [Component] text` (no date: no normalised
///   timestamp);
/// - legacy Windows 7: `2010-01-05<TAB>18:52:06:762<TAB> 808<TAB>aac<TAB>Agent<TAB>text`, with
///   `REPORT EVENT: …` records.
struct WindowsUpdateExtractor: LogExtractor {
    struct Header {
        var stamp: Stamp?
        var timeEnd = 0
        var compStart = 0, compEnd = 0
        var textStart = 0
        var legacy = false
    }

    var range = StampRange()
    var attempts: [Attempt] = []
    var jobs: [String: Int] = [:]
    var open: Int?
    var collectingTitles = false
    var searching = false
    var legacyInstall = false
    var legacyInstallStart = 0
    var legacyWindows: [(Int, Int)] = []
    var wsus = false
    var sources: Set<String> = []
    var machineDone = false
    var reports = ReportFacts(log: .windowsUpdate)

    /// What a line's structure ends once its codes are read: an attempt (its index) and/or the search.
    struct Ending {
        var attempt: Int?
        var search = false
    }

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard bytes.count > 12, let header = parseHeader(bytes) else {
            if Timestamps.hasIsoShape(bytes) { context.noteImpossibleTimestamp(line: line.number) }
            return
        }
        if let s = header.stamp { range.note(s) }
        let textStart = header.textStart
        guard textStart < bytes.count else { return }
        let time = bytes.trimmedText(from: 0, to: header.timeEnd)
        let ts = header.stamp?.text

        // Structure first: it decides the context of codes on the same line.
        var ending = Ending()
        let firstByte = bytes[textStart]
        if firstByte == 0x2A {  // '*'
            starMarker(bytes, textStart, line, time: time, header: header, ending: &ending, context: &context)
        } else if firstByte == 0x44, bytes.starts(with: "Deployment job Id ", at: textStart) {  // D
            deploymentJob(bytes, textStart, line, time: time, header: header, ending: &ending, context: &context)
        } else if firstByte == 0x54 || firstByte == 0x20, collectingTitles, let i = open,
            let at = Optional(bytes.skipSpaces(from: textStart)), bytes.starts(with: "Title = ", at: at)
        {  // Title
            let title = bytes.trimmedText(from: at + Literal("Title = ").count)
            if attempts[i].title == nil { attempts[i].title = title }
            if attempts[i].kb == nil { attempts[i].kb = bytes.kb(from: at) }
        } else if firstByte == 0x43, bytes.starts(with: "Command line install completed.", at: textStart), let i = open
        {  // C
            commandLineInstallCompleted(bytes, textStart, attempt: i)
        } else if firstByte == 0x49 {  // I
            installComplete(bytes, textStart, line, ending: &ending)
        } else if firstByte == 0x4C, bytes.starts(with: "LogHistory called.", at: textStart),
            let i = open ?? attempts.indices.last
        {
            if let codeStart = bytes.end(of: "resultUnMapped=", from: textStart),
                let v = CodeScanner.hex8(bytes, codeStart),
                v & 0x8000_0000 != 0
            {
                attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                if attempts[i].result != .failed { attempts[i].result = .failed }
            }
        } else if firstByte == 0x52, bytes.starts(with: "REPORT EVENT: ", at: textStart),
            let r = ReportRecord.parse(bytes, from: textStart + Literal("REPORT EVENT: ").count)
        {
            reports.add(r, bytes: bytes, line: line, into: &context)
            return
        }

        sourceAndMachine(bytes, textStart, line, time: time, ts: ts, into: &context)
        emitCodes(bytes, textStart, line, header: header, time: time, ts: ts, into: &context)
        if let i = ending.attempt { closeAttempt(i, bytes: bytes, textStart: textStart, header: header, line: line) }
        if ending.search { searching = false }
    }

    /// `* START *` / `* END *` markers of searches and installs (both layouts), and the newer layout's
    /// `*FAILED* [code] Deployment job Id …`.
    private mutating func starMarker(
        _ bytes: LineBytes, _ textStart: Int, _ line: LogLine, time: String, header: Header, ending: inout Ending,
        context: inout ExtractionContext
    ) {
        if bytes.starts(with: "* START * Finding updates", at: textStart)
            || bytes.starts(with: "** START **  Agent: Finding updates", at: textStart)
        {
            searching = true
        } else if bytes.starts(with: "* END * Finding updates", at: textStart)
            || bytes.starts(with: "**  END  **  Agent: Finding updates", at: textStart)
        {
            ending.search = true
        } else if bytes.starts(with: "* START *  Installing updates", at: textStart) {
            if open == nil {
                openAttempt(
                    line, time: time, header: header, caller: Facts.field(bytes, "CallerId = ", from: textStart),
                    into: &context)
            }
            collectingTitles = true  // "  Title = …" lines follow (the agent layout indents them)
        } else if bytes.starts(with: "* END *  Installing updates", at: textStart) {
            if let i = open, jobs.values.contains(i) == false { ending.attempt = i }
        } else if bytes.starts(with: "** START **  Agent: Installing updates", at: textStart) {
            legacyInstall = true
            legacyInstallStart = line.number
        } else if bytes.starts(with: "**  END  **  Agent: Installing updates", at: textStart) {
            legacyInstall = false
            legacyWindows.append((legacyInstallStart, line.number))
        } else if bytes.starts(with: "*FAILED* [", at: textStart),
            let jobStart = bytes.end(of: "Deployment job Id ", from: textStart, to: textStart + 40)
        {
            // Newer layout: `*FAILED* [80070002] Deployment job Id J : Top level update id …` names the job's
            // failure and its code.
            let job = bytes.text(from: jobStart, until: [ASCII.space]).0
            if let i = jobs[job] {
                attempts[i].result = .failed
                if let v = CodeScanner.hex8(bytes, textStart + Literal("*FAILED* [").count), v & 0x8000_0000 != 0 {
                    attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                }
            }
        }
    }

    /// `Deployment job Id J : …`: a job begins (adopting the open install window), ends, fails, or starts its
    /// first update (the titles are over).
    private mutating func deploymentJob(
        _ bytes: LineBytes, _ textStart: Int, _ line: LogLine, time: String, header: Header, ending: inout Ending,
        context: inout ExtractionContext
    ) {
        let job = bytes.text(from: textStart + Literal("Deployment job Id ").count, until: [ASCII.space]).0
        // Two layouts of the same job: `Beginning Installing of updates` … `Ending Installing updates`, and
        // (agent 1215+) `Beginning deployment of updates` … `Ending deployment for updates`.
        if bytes.contains(": Beginning Installing of updates", from: textStart)
            || bytes.contains(": Beginning deployment of updates", from: textStart)
        {
            let caller = Facts.field(bytes, "CallerId = ", from: textStart, stops: [ASCII.comma]).map {
                $0.hasSuffix(".") ? String($0.dropLast()) : $0
            }
            if let i = open, !jobs.values.contains(i) {
                jobs[job] = i  // adopt the agent's "* START * Installing updates" window
                if attempts[i].client == nil, let c = caller {
                    attempts[i].client = c
                    attempts[i].channel = Facts.channel(client: c)
                }
            } else {
                openAttempt(line, time: time, header: header, caller: caller, into: &context)
                jobs[job] = open
            }
            collectingTitles = true
        } else if bytes.contains(": Ending Installing updates", from: textStart)
            || bytes.contains(": Ending deployment for updates", from: textStart),
            let i = jobs.removeValue(forKey: job)
        {
            ending.attempt = i
        } else if bytes.contains(" failure delegate invoked", from: textStart), let i = jobs[job],
            attempts[i].result != .failed
        {
            attempts[i].result = .failed
        } else if bytes.contains(": Installing starting for update", from: textStart) {
            collectingTitles = false
        }
    }

    /// `Command line install completed. … Result = …, Reboot required = …, Return code = …` (wusa).
    private mutating func commandLineInstallCompleted(_ bytes: LineBytes, _ textStart: Int, attempt i: Int) {
        if bytes.contains("Result = Failed", from: textStart) { attempts[i].result = .failed }
        if bytes.contains("Result = Succeeded", from: textStart), attempts[i].result == .unknown {
            attempts[i].result = .succeeded
        }
        if bytes.contains("Reboot required = true", from: textStart) { attempts[i].rebootPending = true }
        if let k = bytes.firstIndex(of: "Return code = ", from: textStart),
            let hit = CodeScanner.scan(bytes, from: k, forms: []).first
        {
            attempts[i].hresult = attempts[i].hresult ?? hit.code
        }
    }

    /// `Install complete for update ID: … Return code is …` and `Install call complete (succeeded = N, failed = M`.
    private mutating func installComplete(_ bytes: LineBytes, _ textStart: Int, _ line: LogLine, ending: inout Ending) {
        if let i = open, bytes.starts(with: "Install complete for update ID: ", at: textStart),
            let k = bytes.firstIndex(of: "Return code is ", from: textStart),
            let hit = CodeScanner.scan(bytes, from: k, forms: []).first
        {
            // The handler's own verdict on the update it ran (newer layout).
            attempts[i].hresult = attempts[i].hresult ?? hit.code
        } else if bytes.starts(with: "Install call complete (succeeded = ", at: textStart),
            let i = open ?? attempts.indices.last,
            attempts[i].open || (attempts[i].endLine ?? 0) + 200 > line.number,
            let failedCount = bytes.end(of: " failed = ", from: textStart),
            let digit = bytes.byte(at: failedCount), ASCII.isDigit(digit)
        {
            // The API's tally of the call that just ended: a failed update in it fails the attempt; with none
            // failed and some succeeded, an attempt still undecided succeeded, and the call's end closes it
            // (later codes belong to other operations, not to this install).
            let succeededCount = textStart + Literal("Install call complete (succeeded = ").count
            if digit != 0x30 {
                attempts[i].result = .failed
            } else if let succeeded = bytes.byte(at: succeededCount), ASCII.isDigit(succeeded), succeeded != 0x30,
                attempts[i].result == .unknown
            {
                attempts[i].result = .succeeded
                if open == i { ending.attempt = i }
            }
        }
    }

    /// An `error-code` fact per code on the line, in the context of the search or install under way.
    private func emitCodes(
        _ bytes: LineBytes, _ textStart: Int, _ line: LogLine, header: Header, time: String, ts: String?,
        into context: inout ExtractionContext
    ) {
        guard
            bytes.contains("0x", from: textStart) || bytes.contains("0X", from: textStart)
                || bytes.firstIndex(of: ASCII.leftBracket, from: textStart) != nil
                || bytes.contains("hr", from: textStart) || bytes.contains("rror ", from: textStart)
                || bytes.contains("result", from: textStart)
        else { return }
        let hits = CodeScanner.scan(bytes, from: textStart, forms: .all)
        guard !hits.isEmpty else { return }
        let comp = bytes.trimmedText(from: header.compStart, to: header.compEnd)
        var (ctx, ai) = contextFor(comp)
        if ctx == "idle", bytes.contains("SOAP", from: textStart) || bytes.contains("SendRequest", from: textStart) {
            ctx = "search"  // talking to the update server (sync, cookies, auth) is part of a scan
        }
        let level = levelOf(bytes, textStart)
        let kb = bytes.kb(from: textStart)
        let msg = Facts.message(bytes, from: textStart)
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: .windowsUpdate, level: level, component: comp, context: ctx,
                kb: kb, package: nil, attempt: ai.map { attempts[$0].id }, text: msg)
            context.emit(FactKind.errorCode, attrs, line: line, time: time, timestamp: ts)
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        if legacyInstall { legacyWindows.append((legacyInstallStart, Int.max)) }
        var all = attempts
        if wsus || reports.wsusKnown {
            for i in all.indices where all[i].channel == "windows-update" { all[i].channel = "wsus" }
        }
        reports.resolveChannels(wsus: wsus)
        // Legacy: a code inside an `Agent: Installing updates` window belongs to the REPORT EVENT failure
        // record with the same code that follows it.
        if !reports.attempts.isEmpty {
            var facts = context.facts
            for i in facts.indices
            where facts[i].kind == FactKind.errorCode && facts[i]["context"] == "install"
                && facts[i]["attempt"] == nil
            {
                let line = facts[i].provenance.line
                guard let w = legacyWindows.first(where: { $0.0 <= line && line <= $0.1 }) else { continue }
                if let a = reports.attempts.first(where: {
                    $0.line > line && $0.line - 2000 <= w.1 && $0.hresult?.hex == facts[i]["code"]
                }) {
                    facts[i].attributes["attempt"] = a.id
                }
            }
            context.replaceFacts(facts)
        }
        all.append(contentsOf: reports.attempts)
        context.finishAttempts(all)
    }

    // MARK: - Parts

    private func parseHeader(_ bytes: LineBytes) -> Header? {
        var header = Header()
        if let (st, e) = Timestamps.isoLike(bytes) {
            header.stamp = st
            header.timeEnd = e
            if bytes[10] == ASCII.tab {
                // Legacy: date⇥time⇥ pid⇥tid⇥component⇥text
                header.legacy = true
                var i = e
                var tabs = 0
                var fieldStart = [Int]()
                while i < bytes.count, tabs < 4 {
                    if bytes[i] == ASCII.tab {
                        tabs += 1
                        fieldStart.append(i + 1)
                    }
                    i += 1
                }
                guard fieldStart.count == 4 else { return nil }
                header.compStart = fieldStart[2]
                header.compEnd = fieldStart[3] - 1
                header.textStart = bytes.skipSpaces(from: fieldStart[3])
                return header
            }
            var i = bytes.skipSpaces(from: e)
            i = bytes.skipSpaces(from: bytes.skipToken(from: i))  // PID
            i = bytes.skipSpaces(from: bytes.skipToken(from: i))  // TID
            header.compStart = i
            header.compEnd = bytes.skipToken(from: i)
            header.textStart = bytes.skipSpaces(from: header.compEnd)
            return header
        }
        // hh:mm:ss.fffff tt PID TID srcfile_cppNNN [Component] text
        guard bytes.count > 20, ASCII.isDigit(bytes[0]), bytes[2] == ASCII.colon, bytes[5] == ASCII.colon else {
            return nil
        }
        var i = bytes.skipToken(from: 0)
        header.timeEnd = i
        i = bytes.skipSpaces(from: i)
        if i + 2 <= bytes.count, bytes[i + 1] | 0x20 == 0x6D {
            header.timeEnd = i + 2
            i = bytes.skipSpaces(from: i + 2)
        }
        guard let lb = bytes.firstIndex(of: ASCII.leftBracket, from: i), lb < i + 80,
            let rb = bytes.firstIndex(of: ASCII.rightBracket, from: lb)
        else { return nil }
        header.compStart = lb + 1
        header.compEnd = rb
        header.textStart = bytes.skipSpaces(from: rb + 1)
        return header
    }

    private mutating func openAttempt(
        _ line: LogLine, time: String, header: Header, caller: String?, into context: inout ExtractionContext
    ) {
        guard context.admitsAttempt(holding: attempts.count) else {
            open = nil
            return
        }
        var a = Attempt(id: "windowsupdate:\(line.number)", line: line, time: time, started: header.stamp)
        if let c = caller {
            a.client = c
            a.channel = Facts.channel(client: c)
        }
        if a.channel == "unknown" { a.channel = "windows-update" }
        a.stage = "install"
        attempts.append(a)
        open = attempts.count - 1
    }

    private mutating func closeAttempt(_ i: Int, bytes: LineBytes, textStart: Int, header: Header, line: LogLine) {
        attempts[i].ended = header.stamp
        attempts[i].endLine = line.number
        attempts[i].open = false
        if let k = bytes.firstIndex(of: "Exit code = ", from: textStart),
            let hit = CodeScanner.scan(bytes, from: k, forms: []).first
        {
            attempts[i].hresult = attempts[i].hresult ?? hit.code
            attempts[i].result = .failed
        }
        if attempts[i].result == .unknown { attempts[i].result = .succeeded }
        if attempts[i].rebootPending == nil { attempts[i].rebootPending = false }
        if open == i { open = nil }
        collectingTitles = false
    }

    private func contextFor(_ comp: String) -> (String, Int?) {
        switch comp {
        case "DownloadManager", "DnldMgr", "DataStore", "BITS", "DO": return ("download", nil)
        default: break
        }
        if let i = open { return ("install", i) }
        if legacyInstall { return ("install", nil) }
        if searching || comp == "PT" || comp == "ProtocolTalker" || comp == "WebServices" { return ("search", nil) }
        return ("idle", nil)
    }

    private func levelOf(_ bytes: LineBytes, _ textStart: Int) -> String {
        if bytes.contains("FATAL", from: textStart) { return "Fatal" }
        if bytes.contains("WARNING", from: textStart) { return "Warning" }
        if bytes.contains("FAILED", from: textStart) || bytes.contains("Failed", from: textStart)
            || bytes.contains("failed", from: textStart)
            || bytes.contains("ERROR", from: textStart)
        {
            return "Error"
        }
        return "Info"
    }

    private mutating func sourceAndMachine(
        _ bytes: LineBytes, _ textStart: Int, _ line: LogLine, time: String, ts: String?,
        into context: inout ExtractionContext
    ) {
        var url: String? = nil
        var type = "wsus"
        if let valueStart = bytes.end(of: "WSUS server: ", from: textStart, to: textStart + 40) {
            let v = bytes.text(from: valueStart, until: [ASCII.space]).0
            if v.hasPrefix("http") {
                url = v
                wsus = true
            }
        } else if let valueStart = bytes.end(of: "Server URL = ", from: textStart, to: textStart + 60),
            bytes.contains("ClientWebService", from: valueStart)
        {
            url = bytes.text(from: valueStart, until: [ASCII.space, ASCII.comma]).0
        } else if let valueStart = bytes.end(of: "for service url ", from: textStart) {
            url = bytes.text(from: valueStart, until: [ASCII.space, ASCII.comma]).0
        }
        if let u = url {
            let l = u.lowercased()
            if l.contains(".update.microsoft.com") || l.contains("delivery.mp.microsoft.com")
                || l.contains("windowsupdate.com")
            {
                type = "windows-update"
            }
            // One fact per server: the host part of the URL.
            let host = u.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? u
            if sources.insert(type + " " + host).inserted {
                let shown =
                    type == "wsus" && !u.contains("/ClientWebService")
                    ? u : u.split(separator: "/").prefix(2).joined(separator: "//")
                context.emit(
                    FactKind.updateSource, ["type": type, "url": shown, "log": LogKind.windowsUpdate.rawValue],
                    line: line, time: time, timestamp: ts)
            }
        }
        guard !machineDone else { return }
        if let k = bytes.firstIndex(of: "path used for cache lookup: /SLS/", from: textStart) {
            // /SLS/{…}/x64/10.0.19045.4291/0?…
            let pathStart = k + Literal("path used for cache lookup: ").count
            let path = bytes.text(from: pathStart, until: [0x3F, ASCII.space]).0.split(separator: "/")
            if path.count >= 4 {
                machineDone = true
                var attrs = ["os-build": String(path[3]), "log": LogKind.windowsUpdate.rawValue]
                if let a = Facts.architecture(path[2]) { attrs["arch"] = a }
                context.emit(FactKind.machine, attrs, line: line, time: time, timestamp: ts)
            }
        } else if let versionStart = bytes.end(of: "* OS Version = ", from: textStart, to: textStart + 20) {
            machineDone = true
            let v = bytes.trimmedText(from: versionStart).split(separator: ".").prefix(3).joined(separator: ".")
            context.emit(
                FactKind.machine, ["os-build": v, "log": LogKind.windowsUpdate.rawValue], line: line,
                time: time, timestamp: ts)
        }
    }
}
