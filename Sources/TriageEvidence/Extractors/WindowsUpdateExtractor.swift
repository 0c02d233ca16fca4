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
        let time = B.text(b, 0, h.timeEnd)
        let ts = h.stamp?.text

        // Structure first: it decides the context of codes on the same line.
        var endAfter: Int? = nil
        var endSearch = false
        let c0 = b[t]
        if c0 == 0x2A {  // '*'
            if B.starts(b, Lit("* START * Finding updates"), at: t)
                || B.starts(b, Lit("** START **  Agent: Finding updates"), at: t)
            {
                searching = true
            } else if B.starts(b, Lit("* END * Finding updates"), at: t)
                || B.starts(b, Lit("**  END  **  Agent: Finding updates"), at: t)
            {
                endSearch = true
            } else if B.starts(b, Lit("* START *  Installing updates"), at: t) {
                if open == nil {
                    openAttempt(line, time: time, h: h, caller: Facts.field(b, Lit("CallerId = "), from: t))
                }
                collectingTitles = true  // "  Title = …" lines follow (the agent layout indents them)
            } else if B.starts(b, Lit("* END *  Installing updates"), at: t) {
                if let i = open, jobs.values.contains(i) == false { endAfter = i }
            } else if B.starts(b, Lit("** START **  Agent: Installing updates"), at: t) {
                legacyInstall = true
                legacyInstallStart = line.number
            } else if B.starts(b, Lit("**  END  **  Agent: Installing updates"), at: t) {
                legacyInstall = false
                legacyWindows.append((legacyInstallStart, line.number))
            } else if B.starts(b, Lit("*FAILED* ["), at: t),
                let k = B.find(Lit("Deployment job Id "), in: b, from: t, to: t + 40)
            {
                // Newer layout: `*FAILED* [80070002] Deployment job Id J : Top level update id …` names the job's
                // failure and its code.
                let job = B.text(b, from: k + 18, until: [B.space]).0
                if let i = jobs[job] {
                    attempts[i].result = "failed"
                    if let v = CodeScanner.hex8(b, t + 10), v & 0x8000_0000 != 0 {
                        attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                    }
                }
            }
        } else if c0 == 0x44, B.starts(b, Lit("Deployment job Id "), at: t) {  // D
            let job = B.text(b, from: t + 18, until: [B.space]).0
            // Two layouts of the same job: `Beginning Installing of updates` … `Ending Installing updates`, and
            // (agent 1215+) `Beginning deployment of updates` … `Ending deployment for updates`.
            if B.has(Lit(": Beginning Installing of updates"), in: b, from: t)
                || B.has(Lit(": Beginning deployment of updates"), in: b, from: t)
            {
                let caller = Facts.field(b, Lit("CallerId = "), from: t, stops: [B.comma]).map {
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
            } else if B.has(Lit(": Ending Installing updates"), in: b, from: t)
                || B.has(Lit(": Ending deployment for updates"), in: b, from: t),
                let i = jobs.removeValue(forKey: job)
            {
                endAfter = i
            } else if B.has(Lit(" failure delegate invoked"), in: b, from: t), let i = jobs[job],
                attempts[i].result != "failed"
            {
                attempts[i].result = "failed"
            } else if B.has(Lit(": Installing starting for update"), in: b, from: t) {
                collectingTitles = false
            }
        } else if c0 == 0x54 || c0 == 0x20, collectingTitles, let i = open,
            let at = Optional(B.skipSpaces(b, t)), B.starts(b, Lit("Title = "), at: at)
        {  // Title
            let title = B.text(b, at + 8)
            if attempts[i].title == nil { attempts[i].title = title }
            if attempts[i].kb == nil { attempts[i].kb = B.kb(in: b, from: at) }
        } else if c0 == 0x43, B.starts(b, Lit("Command line install completed."), at: t), let i = open {  // C
            if B.has(Lit("Result = Failed"), in: b, from: t) { attempts[i].result = "failed" }
            if B.has(Lit("Result = Succeeded"), in: b, from: t), attempts[i].result == "unknown" {
                attempts[i].result = "succeeded"
            }
            if B.has(Lit("Reboot required = true"), in: b, from: t) { attempts[i].rebootPending = true }
            if let k = B.find(Lit("Return code = "), in: b, from: t),
                let hit = CodeScanner.scan(b, from: k, forms: []).first
            {
                attempts[i].hresult = attempts[i].hresult ?? hit.code
            }
        } else if c0 == 0x49 {  // I
            if let i = open, B.starts(b, Lit("Install complete for update ID: "), at: t),
                let k = B.find(Lit("Return code is "), in: b, from: t),
                let hit = CodeScanner.scan(b, from: k, forms: []).first
            {
                // The handler's own verdict on the update it ran (newer layout).
                attempts[i].hresult = attempts[i].hresult ?? hit.code
            } else if B.starts(b, Lit("Install call complete (succeeded = "), at: t),
                let i = open ?? attempts.indices.last,
                attempts[i].open || (attempts[i].endLine ?? 0) + 200 > line.number,
                let k = B.find(Lit(" failed = "), in: b, from: t), k + 10 < b.count, B.isDigit(b[k + 10])
            {
                // The API's tally of the call that just ended: a failed update in it fails the attempt; with none
                // failed and some succeeded, an attempt still undecided succeeded, and the call's end closes it
                // (later codes belong to other operations, not to this install).
                let s = t + 35
                if b[k + 10] != 0x30 {
                    attempts[i].result = "failed"
                } else if s < b.count, B.isDigit(b[s]), b[s] != 0x30, attempts[i].result == "unknown" {
                    attempts[i].result = "succeeded"
                    if open == i { endAfter = i }
                }
            }
        } else if c0 == 0x4C, B.starts(b, Lit("LogHistory called."), at: t), let i = open ?? attempts.indices.last {
            if let k = B.find(Lit("resultUnMapped="), in: b, from: t), let v = CodeScanner.hex8(b, k + 15),
                v & 0x8000_0000 != 0
            {
                attempts[i].hresult = attempts[i].hresult ?? HRESULT(v)
                if attempts[i].result != "failed" { attempts[i].result = "failed" }
            }
        } else if c0 == 0x52, B.starts(b, Lit("REPORT EVENT: "), at: t), let r = ReportRecord.parse(b, from: t + 14) {
            reports.add(r, b: b, line: line, into: &context)
            return
        }

        sourceAndMachine(b, t, line, time: time, ts: ts, into: &context)

        let forms: CodeForms = .all
        if B.has(Lit("0x"), in: b, from: t) || B.has(Lit("0X"), in: b, from: t)
            || B.firstByte(B.lbracket, in: b, from: t) != nil
            || B.has(Lit("hr"), in: b, from: t) || B.has(Lit("rror "), in: b, from: t)
            || B.has(Lit("result"), in: b, from: t)
        {
            let hits = CodeScanner.scan(b, from: t, forms: forms)
            if !hits.isEmpty {
                let comp = B.text(b, h.compStart, h.compEnd)
                var (ctx, ai) = contextFor(comp)
                if ctx == "idle", B.has(Lit("SOAP"), in: b, from: t) || B.has(Lit("SendRequest"), in: b, from: t) {
                    ctx = "search"  // talking to the update server (sync, cookies, auth) is part of a scan
                }
                let level = levelOf(b, t)
                let kb = B.kb(in: b, from: t)
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

    private func header(_ b: Bytes) -> Header? {
        var h = Header()
        if let (st, e) = Timestamps.isoLike(b) {
            h.stamp = st
            h.timeEnd = e
            if b[10] == B.tab {
                // Legacy: date⇥time⇥ pid⇥tid⇥component⇥text
                h.legacy = true
                var i = e
                var tabs = 0
                var fieldStart = [Int]()
                while i < b.count, tabs < 4 {
                    if b[i] == B.tab {
                        tabs += 1
                        fieldStart.append(i + 1)
                    }
                    i += 1
                }
                guard fieldStart.count == 4 else { return nil }
                h.compStart = fieldStart[2]
                h.compEnd = fieldStart[3] - 1
                h.text = B.skipSpaces(b, fieldStart[3])
                return h
            }
            var i = B.skipSpaces(b, e)
            i = B.skipSpaces(b, B.skipToken(b, i))  // PID
            i = B.skipSpaces(b, B.skipToken(b, i))  // TID
            h.compStart = i
            h.compEnd = B.skipToken(b, i)
            h.text = B.skipSpaces(b, h.compEnd)
            return h
        }
        // hh:mm:ss.fffff tt PID TID srcfile_cppNNN [Component] text
        guard b.count > 20, B.isDigit(b[0]), b[2] == B.colon, b[5] == B.colon else { return nil }
        var i = B.skipToken(b, 0)
        h.timeEnd = i
        i = B.skipSpaces(b, i)
        if i + 2 <= b.count, b[i + 1] | 0x20 == 0x6D {
            h.timeEnd = i + 2
            i = B.skipSpaces(b, i + 2)
        }
        guard let lb = B.firstByte(B.lbracket, in: b, from: i), lb < i + 80,
            let rb = B.firstByte(B.rbracket, in: b, from: lb)
        else { return nil }
        h.compStart = lb + 1
        h.compEnd = rb
        h.text = B.skipSpaces(b, rb + 1)
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

    private mutating func closeAttempt(_ i: Int, b: Bytes, t: Int, h: Header, line: LogLine) {
        attempts[i].ended = h.stamp
        attempts[i].endLine = line.number
        attempts[i].open = false
        if let k = B.find(Lit("Exit code = "), in: b, from: t), let hit = CodeScanner.scan(b, from: k, forms: []).first
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

    private func levelOf(_ b: Bytes, _ t: Int) -> String {
        if B.has(Lit("FATAL"), in: b, from: t) { return "Fatal" }
        if B.has(Lit("WARNING"), in: b, from: t) { return "Warning" }
        if B.has(Lit("FAILED"), in: b, from: t) || B.has(Lit("Failed"), in: b, from: t)
            || B.has(Lit("failed"), in: b, from: t)
            || B.has(Lit("ERROR"), in: b, from: t)
        {
            return "Error"
        }
        return "Info"
    }

    private mutating func sourceAndMachine(
        _ b: Bytes, _ t: Int, _ line: LogLine, time: String, ts: String?,
        into context: inout ExtractionContext
    ) {
        var url: String? = nil
        var type = "wsus"
        if let k = B.find(Lit("WSUS server: "), in: b, from: t, to: t + 40) {
            let v = B.text(b, from: k + 13, until: [B.space]).0
            if v.hasPrefix("http") {
                url = v
                wsus = true
            }
        } else if let k = B.find(Lit("Server URL = "), in: b, from: t, to: t + 60),
            B.has(Lit("ClientWebService"), in: b, from: k)
        {
            url = B.text(b, from: k + 13, until: [B.space, B.comma]).0
        } else if let k = B.find(Lit("for service url "), in: b, from: t) {
            url = B.text(b, from: k + 16, until: [B.space, B.comma]).0
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
        if let k = B.find(Lit("path used for cache lookup: /SLS/"), in: b, from: t) {
            // /SLS/{…}/x64/10.0.19045.4291/0?…
            let path = B.text(b, from: k + 28, until: [0x3F, B.space]).0.split(separator: "/")
            if path.count >= 4 {
                machineDone = true
                var attrs = ["os-build": String(path[3]), "log": LogKind.windowsUpdate.rawValue]
                if let a = B.arch(path[2]) { attrs["arch"] = a }
                context.emit(FactKind.machine, attrs, line: line, time: time, timestamp: ts)
            }
        } else if let k = B.find(Lit("* OS Version = "), in: b, from: t, to: t + 20) {
            machineDone = true
            let v = B.text(b, k + 15).split(separator: ".").prefix(3).joined(separator: ".")
            context.emit(
                FactKind.machine, ["os-build": v, "log": LogKind.windowsUpdate.rawValue], line: line,
                time: time, timestamp: ts)
        }
    }
}
