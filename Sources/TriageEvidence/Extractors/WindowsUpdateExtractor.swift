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
        var text = 0
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

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let b = line.bytes
        guard b.count > 12, let h = header(b) else {
            if Timestamps.hasIsoShape(b) { context.noteImpossibleTimestamp(line: line.number) }
            return
        }
        if let s = h.stamp { range.note(s) }
        let t = h.text
        guard t < b.count else { return }
        let time = b.trimmedText(from: 0, to: h.timeEnd)
        let ts = h.stamp?.text

        // Structure first: it decides the context of codes on the same line.
        var endAfter: Int? = nil
        var endSearch = false
        let c0 = b[t]
        if c0 == 0x2A {  // '*'
            if b.starts(with: "* START * Finding updates", at: t)
                || b.starts(with: "** START **  Agent: Finding updates", at: t)
            {
                searching = true
            } else if b.starts(with: "* END * Finding updates", at: t)
                || b.starts(with: "**  END  **  Agent: Finding updates", at: t)
            {
                endSearch = true
            } else if b.starts(with: "* START *  Installing updates", at: t) {
                if open == nil {
                    openAttempt(line, time: time, h: h, caller: Facts.field(b, "CallerId = ", from: t))
                }
                collectingTitles = true  // "  Title = …" lines follow (the agent layout indents them)
            } else if b.starts(with: "* END *  Installing updates", at: t) {
                if let i = open, jobs.values.contains(i) == false { endAfter = i }
            } else if b.starts(with: "** START **  Agent: Installing updates", at: t) {
                legacyInstall = true
                legacyInstallStart = line.number
            } else if b.starts(with: "**  END  **  Agent: Installing updates", at: t) {
                legacyInstall = false
                legacyWindows.append((legacyInstallStart, line.number))
            } else if b.starts(with: "*FAILED* [", at: t),
                let k = b.firstIndex(of: "Deployment job Id ", from: t, to: t + 40)
            {
                // Newer layout: `*FAILED* [80070002] Deployment job Id J : Top level update id …` names the job's
                // failure and its code.
                let job = b.text(from: k + 18, until: [ASCII.space]).0
                if let i = jobs[job] {
                    attempts[i].result = "failed"
                    if let v = CodeScanner.hex8(b, t + 10), v & 0x8000_0000 != 0 {
                        attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                    }
                }
            }
        } else if c0 == 0x44, b.starts(with: "Deployment job Id ", at: t) {  // D
            let job = b.text(from: t + 18, until: [ASCII.space]).0
            // Two layouts of the same job: `Beginning Installing of updates` … `Ending Installing updates`, and
            // (agent 1215+) `Beginning deployment of updates` … `Ending deployment for updates`.
            if b.contains(": Beginning Installing of updates", from: t)
                || b.contains(": Beginning deployment of updates", from: t)
            {
                let caller = Facts.field(b, "CallerId = ", from: t, stops: [ASCII.comma]).map {
                    $0.hasSuffix(".") ? String($0.dropLast()) : $0
                }
                if let i = open, !jobs.values.contains(i) {
                    jobs[job] = i  // adopt the agent's "* START * Installing updates" window
                    if attempts[i].client == nil, let c = caller {
                        attempts[i].client = c
                        attempts[i].channel = Facts.channel(client: c)
                    }
                } else {
                    openAttempt(line, time: time, h: h, caller: caller)
                    jobs[job] = open
                }
                collectingTitles = true
            } else if b.contains(": Ending Installing updates", from: t)
                || b.contains(": Ending deployment for updates", from: t),
                let i = jobs.removeValue(forKey: job)
            {
                endAfter = i
            } else if b.contains(" failure delegate invoked", from: t), let i = jobs[job],
                attempts[i].result != "failed"
            {
                attempts[i].result = "failed"
            } else if b.contains(": Installing starting for update", from: t) {
                collectingTitles = false
            }
        } else if c0 == 0x54 || c0 == 0x20, collectingTitles, let i = open,
            let at = Optional(b.skipSpaces(from: t)), b.starts(with: "Title = ", at: at)
        {  // Title
            let title = b.trimmedText(from: at + 8)
            if attempts[i].title == nil { attempts[i].title = title }
            if attempts[i].kb == nil { attempts[i].kb = b.kb(from: at) }
        } else if c0 == 0x43, b.starts(with: "Command line install completed.", at: t), let i = open {  // C
            if b.contains("Result = Failed", from: t) { attempts[i].result = "failed" }
            if b.contains("Result = Succeeded", from: t), attempts[i].result == "unknown" {
                attempts[i].result = "succeeded"
            }
            if b.contains("Reboot required = true", from: t) { attempts[i].rebootPending = true }
            if let k = b.firstIndex(of: "Return code = ", from: t),
                let hit = CodeScanner.scan(b, from: k, forms: []).first
            {
                attempts[i].hresult = attempts[i].hresult ?? hit.code
            }
        } else if c0 == 0x49 {  // I
            if let i = open, b.starts(with: "Install complete for update ID: ", at: t),
                let k = b.firstIndex(of: "Return code is ", from: t),
                let hit = CodeScanner.scan(b, from: k, forms: []).first
            {
                // The handler's own verdict on the update it ran (newer layout).
                attempts[i].hresult = attempts[i].hresult ?? hit.code
            } else if b.starts(with: "Install call complete (succeeded = ", at: t),
                let i = open ?? attempts.indices.last,
                attempts[i].open || (attempts[i].endLine ?? 0) + 200 > line.number,
                let k = b.firstIndex(of: " failed = ", from: t), k + 10 < b.count, ASCII.isDigit(b[k + 10]),
                b[k + 10] != 0x30
            {
                // The API's tally of the call that just ended: a failed update in it fails the attempt.
                attempts[i].result = "failed"
            }
        } else if c0 == 0x4C, b.starts(with: "LogHistory called.", at: t), let i = open ?? attempts.indices.last {
            if let k = b.firstIndex(of: "resultUnMapped=", from: t), let v = CodeScanner.hex8(b, k + 15),
                v & 0x8000_0000 != 0
            {
                attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                if attempts[i].result != "failed" { attempts[i].result = "failed" }
            }
        } else if c0 == 0x52, b.starts(with: "REPORT EVENT: ", at: t), let r = ReportRecord.parse(b, from: t + 14) {
            reports.add(r, b: b, line: line, into: &context)
            return
        }

        sourceAndMachine(b, t, line, time: time, ts: ts, into: &context)

        let forms: CodeForms = .all
        if b.contains("0x", from: t) || b.contains("0X", from: t)
            || b.firstIndex(of: ASCII.leftBracket, from: t) != nil
            || b.contains("hr", from: t) || b.contains("rror ", from: t)
            || b.contains("result", from: t)
        {
            let hits = CodeScanner.scan(b, from: t, forms: forms)
            if !hits.isEmpty {
                let comp = b.trimmedText(from: h.compStart, to: h.compEnd)
                var (ctx, ai) = contextFor(comp)
                if ctx == "idle", b.contains("SOAP", from: t) || b.contains("SendRequest", from: t) {
                    ctx = "search"  // talking to the update server (sync, cookies, auth) is part of a scan
                }
                let level = levelOf(b, t)
                let kb = b.kb(from: t)
                let msg = Facts.message(b, from: t)
                for hit in hits {
                    let attrs = Facts.errorCode(
                        hit, log: .windowsUpdate, level: level, component: comp, context: ctx,
                        kb: kb, package: nil, attempt: ai.map { attempts[$0].id }, text: msg)
                    context.emit(FactKind.errorCode, attrs, line: line, time: time, timestamp: ts)
                }
            }
        }
        if let i = endAfter { closeAttempt(i, b: b, t: t, h: h, line: line) }
        if endSearch { searching = false }
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

    private func header(_ b: LineBytes) -> Header? {
        var h = Header()
        if let (st, e) = Timestamps.isoLike(b) {
            h.stamp = st
            h.timeEnd = e
            if b[10] == ASCII.tab {
                // Legacy: date⇥time⇥ pid⇥tid⇥component⇥text
                h.legacy = true
                var i = e
                var tabs = 0
                var fieldStart = [Int]()
                while i < b.count, tabs < 4 {
                    if b[i] == ASCII.tab {
                        tabs += 1
                        fieldStart.append(i + 1)
                    }
                    i += 1
                }
                guard fieldStart.count == 4 else { return nil }
                h.compStart = fieldStart[2]
                h.compEnd = fieldStart[3] - 1
                h.text = b.skipSpaces(from: fieldStart[3])
                return h
            }
            var i = b.skipSpaces(from: e)
            i = b.skipSpaces(from: b.skipToken(from: i))  // PID
            i = b.skipSpaces(from: b.skipToken(from: i))  // TID
            h.compStart = i
            h.compEnd = b.skipToken(from: i)
            h.text = b.skipSpaces(from: h.compEnd)
            return h
        }
        // hh:mm:ss.fffff tt PID TID srcfile_cppNNN [Component] text
        guard b.count > 20, ASCII.isDigit(b[0]), b[2] == ASCII.colon, b[5] == ASCII.colon else { return nil }
        var i = b.skipToken(from: 0)
        h.timeEnd = i
        i = b.skipSpaces(from: i)
        if i + 2 <= b.count, b[i + 1] | 0x20 == 0x6D {
            h.timeEnd = i + 2
            i = b.skipSpaces(from: i + 2)
        }
        guard let lb = b.firstIndex(of: ASCII.leftBracket, from: i), lb < i + 80,
            let rb = b.firstIndex(of: ASCII.rightBracket, from: lb)
        else { return nil }
        h.compStart = lb + 1
        h.compEnd = rb
        h.text = b.skipSpaces(from: rb + 1)
        return h
    }

    private mutating func openAttempt(_ line: LogLine, time: String, h: Header, caller: String?) {
        var a = Attempt(id: "windowsupdate:\(line.number)", line: line, time: time, started: h.stamp)
        if let c = caller {
            a.client = c
            a.channel = Facts.channel(client: c)
        }
        if a.channel == "unknown" { a.channel = "windows-update" }
        a.stage = "install"
        attempts.append(a)
        open = attempts.count - 1
    }

    private mutating func closeAttempt(_ i: Int, b: LineBytes, t: Int, h: Header, line: LogLine) {
        attempts[i].ended = h.stamp
        attempts[i].endLine = line.number
        attempts[i].open = false
        if let k = b.firstIndex(of: "Exit code = ", from: t), let hit = CodeScanner.scan(b, from: k, forms: []).first
        {
            attempts[i].hresult = attempts[i].hresult ?? hit.code
            attempts[i].result = "failed"
        }
        if attempts[i].result == "unknown" { attempts[i].result = "succeeded" }
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

    private func levelOf(_ b: LineBytes, _ t: Int) -> String {
        if b.contains("FATAL", from: t) { return "Fatal" }
        if b.contains("WARNING", from: t) { return "Warning" }
        if b.contains("FAILED", from: t) || b.contains("Failed", from: t)
            || b.contains("failed", from: t)
            || b.contains("ERROR", from: t)
        {
            return "Error"
        }
        return "Info"
    }

    private mutating func sourceAndMachine(
        _ b: LineBytes, _ t: Int, _ line: LogLine, time: String, ts: String?,
        into context: inout ExtractionContext
    ) {
        var url: String? = nil
        var type = "wsus"
        if let k = b.firstIndex(of: "WSUS server: ", from: t, to: t + 40) {
            let v = b.text(from: k + 13, until: [ASCII.space]).0
            if v.hasPrefix("http") {
                url = v
                wsus = true
            }
        } else if let k = b.firstIndex(of: "Server URL = ", from: t, to: t + 60),
            b.contains("ClientWebService", from: k)
        {
            url = b.text(from: k + 13, until: [ASCII.space, ASCII.comma]).0
        } else if let k = b.firstIndex(of: "for service url ", from: t) {
            url = b.text(from: k + 16, until: [ASCII.space, ASCII.comma]).0
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
        if let k = b.firstIndex(of: "path used for cache lookup: /SLS/", from: t) {
            // /SLS/{…}/x64/10.0.19045.4291/0?…
            let path = b.text(from: k + 28, until: [0x3F, ASCII.space]).0.split(separator: "/")
            if path.count >= 4 {
                machineDone = true
                var attrs = ["os-build": String(path[3]), "log": LogKind.windowsUpdate.rawValue]
                if let a = Facts.architecture(path[2]) { attrs["arch"] = a }
                context.emit(FactKind.machine, attrs, line: line, time: time, timestamp: ts)
            }
        } else if let k = b.firstIndex(of: "* OS Version = ", from: t, to: t + 20) {
            machineDone = true
            let v = b.trimmedText(from: k + 15).split(separator: ".").prefix(3).joined(separator: ".")
            context.emit(
                FactKind.machine, ["os-build": v, "log": LogKind.windowsUpdate.rawValue], line: line,
                time: time, timestamp: ts)
        }
    }
}
