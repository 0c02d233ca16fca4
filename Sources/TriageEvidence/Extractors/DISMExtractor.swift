import TriageCore

/// DISM.log: same leading columns as CBS.log, then `<Provider>: PID=… TID=… text - Class::Method(hr:0x…)`.
/// Each `Executing command line:` starts a command; `/Add-Package`-like commands are install attempts
/// (channel `dism`), `/Cleanup-Image` and health checks are repairs.
struct DISMExtractor: LogExtractor {
    enum Command { case none, install, repair, other }

    var range = StampRange()
    var attempts: [Attempt] = []
    var command = Command.none
    var current: Int?
    var machineDone = false
    static let hostKey: Literal = "Host machine information: OS Version="

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

        if let k = b.firstIndex(of: "Executing command line: ", from: t) {
            closeCurrent(h.stamp, line.number)
            let cmd = b.trimmedText(from: k + 24).lowercased()
            if cmd.contains("add-package") || cmd.contains("enable-feature") || cmd.contains("add-capability")
                || cmd.contains("packagepath") || cmd.contains("remove-package") || cmd.contains("disable-feature")
            {
                command = .install
                var a = Attempt(id: "dism:\(line.number)", line: line, time: h.time(b), started: h.stamp)
                a.client = "DISM"
                a.channel = "dism"
                a.stage = "install"
                a.kb = b.kb(from: k)
                if let p = Facts.field(b, "/PackagePath:", from: k, stops: [ASCII.space])
                    ?? Facts.field(b, "/packagepath:", from: k, stops: [ASCII.space])
                {
                    a.package = p
                }
                attempts.append(a)
                current = attempts.count - 1
            } else if cmd.contains("cleanup-image") || cmd.contains("health") || cmd.contains("/source") {
                command = .repair
            } else {
                command = .other
            }
        } else if !machineDone, let k = b.firstIndex(of: Self.hostKey, from: t) {
            machineDone = true
            var attrs = ["log": LogKind.dism.rawValue]
            let (v, _) = b.text(from: k + Self.hostKey.count, until: [ASCII.comma, ASCII.space])
            if !v.isEmpty { attrs["os-build"] = v }
            if let a = Facts.field(b, "Running architecture=", from: k), let arch = Facts.architecture(Substring(a)) {
                attrs["arch"] = arch
            }
            context.emit(FactKind.machine, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
        }

        guard b.contains("0x", from: t) else { return }
        let hits = CodeScanner.scan(b, from: t, forms: [])
        guard !hits.isEmpty else { return }
        let level = h.level(b)
        let ctx: String
        switch command {
        case .install: ctx = "install"
        case .repair: ctx = "repair"
        case .none, .other: ctx = "unknown"
        }
        if let i = current, level == "Error", let f = hits.last {
            attempts[i].result = "failed"
            attempts[i].hresult = f.code
            attempts[i].endLine = line.number
            attempts[i].ended = h.stamp
        }
        let comp = dismComponent(b, t) ?? h.source(b)
        let kb = b.kb(from: t)
        let pkg = b.package(from: t)
        let msg = Facts.message(b, from: t)
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: .dism, level: level, component: comp, context: ctx, kb: kb,
                package: pkg, attempt: current.map { attempts[$0].id }, text: msg)
            context.emit(FactKind.errorCode, attrs, line: line, time: h.time(b), timestamp: h.stamp?.text)
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        context.finishAttempts(attempts)
    }

    private mutating func closeCurrent(_ stamp: Stamp?, _ line: Int) {
        if let i = current, attempts[i].result == "unknown" {
            attempts[i].ended = attempts[i].ended ?? stamp
        }
        current = nil
    }

    /// `DISM Package Manager: PID=…` → `DISM Package Manager`.
    private func dismComponent(_ b: LineBytes, _ t: Int) -> String? {
        guard let k = b.firstIndex(of: ": PID=", from: t, to: t + 60) else { return nil }
        return b.trimmedText(from: t, to: k)
    }
}
