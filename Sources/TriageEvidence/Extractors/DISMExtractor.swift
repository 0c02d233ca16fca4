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
        let bytes = line.bytes
        guard let header = ServicingHeader.read(line, range: &range, context: &context) else { return }
        let textStart = header.textStart

        if let k = bytes.firstIndex(of: "Executing command line: ", from: textStart) {
            closeCurrent(header.stamp, line.number)
            let cmd = bytes.trimmedText(from: k + Literal("Executing command line: ").count).lowercased()
            if cmd.contains("add-package") || cmd.contains("enable-feature") || cmd.contains("add-capability")
                || cmd.contains("packagepath") || cmd.contains("remove-package") || cmd.contains("disable-feature")
            {
                command = .install
                var a = Attempt(id: "dism:\(line.number)", line: line, time: header.time(bytes), started: header.stamp)
                a.client = "DISM"
                a.channel = "dism"
                a.stage = "install"
                a.kb = bytes.kb(from: k)
                if let p = Facts.field(bytes, "/PackagePath:", from: k, stops: [ASCII.space])
                    ?? Facts.field(bytes, "/packagepath:", from: k, stops: [ASCII.space])
                {
                    a.package = p
                }
                if context.admitsAttempt(holding: attempts.count) {
                    attempts.append(a)
                    current = attempts.count - 1
                } else {
                    current = nil
                }
            } else if cmd.contains("cleanup-image") || cmd.contains("health") || cmd.contains("/source") {
                command = .repair
            } else {
                command = .other
            }
        } else if !machineDone, let k = bytes.firstIndex(of: Self.hostKey, from: textStart) {
            machineDone = true
            var attrs = ["log": LogKind.dism.rawValue]
            let (v, _) = bytes.text(from: k + Self.hostKey.count, until: [ASCII.comma, ASCII.space])
            if !v.isEmpty { attrs["os-build"] = v }
            if let a = Facts.field(bytes, "Running architecture=", from: k), let arch = Facts.architecture(Substring(a))
            {
                attrs["arch"] = arch
            }
            context.emit(FactKind.machine, attrs, line: line, time: header.time(bytes), timestamp: header.stamp?.text)
        }

        guard bytes.contains("0x", from: textStart) else { return }
        let hits = CodeScanner.scan(bytes, from: textStart, forms: [])
        guard !hits.isEmpty else { return }
        let level = header.level(bytes)
        let ctx: String
        switch command {
        case .install: ctx = "install"
        case .repair: ctx = "repair"
        case .none, .other: ctx = "unknown"
        }
        if let i = current, level == "Error", let f = hits.last {
            attempts[i].result = .failed
            attempts[i].hresult = f.code
            attempts[i].endLine = line.number
            attempts[i].ended = header.stamp
        }
        let comp = dismComponent(bytes, textStart) ?? header.source(bytes)
        let kb = bytes.kb(from: textStart)
        let pkg = bytes.package(from: textStart)
        let msg = Facts.message(bytes, from: textStart)
        for hit in hits {
            let attrs = Facts.errorCode(
                hit, log: .dism, level: level, component: comp, context: ctx, kb: kb,
                package: pkg, attempt: current.map { attempts[$0].id }, text: msg)
            context.emit(FactKind.errorCode, attrs, line: line, time: header.time(bytes), timestamp: header.stamp?.text)
        }
    }

    /// `finish` reports the range of the stamps seen.
    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        context.finishAttempts(attempts)
    }

    private mutating func closeCurrent(_ stamp: Stamp?, _ line: Int) {
        if let i = current, attempts[i].result == .unknown {
            attempts[i].ended = attempts[i].ended ?? stamp
        }
        current = nil
    }

    /// `DISM Package Manager: PID=…` → `DISM Package Manager`.
    private func dismComponent(_ bytes: LineBytes, _ textStart: Int) -> String? {
        guard let k = bytes.firstIndex(of: ": PID=", from: textStart, to: textStart + 60) else { return nil }
        return bytes.trimmedText(from: textStart, to: k)
    }
}
