import TriageCore

/// The `triage evidence` section for Process Monitor logs: what an engineer would otherwise filter by hand —
/// the processes that touched servicing areas, the failures by process and path, and a timeline of the
/// servicing processes, third-party access to servicing areas and failures.
enum ProcmonReport {
    static let timelineLimit = 60

    static func text(_ facts: [Fact]) -> String? {
        let procmon = facts.indices.filter { facts[$0].kind.hasPrefix("procmon-") }
        guard !procmon.isEmpty else { return nil }
        return "\nBoot log (Process Monitor)\n" + processes(procmon, facts) + failures(procmon, facts)
            + timeline(procmon, facts)
    }

    /// `Processes on servicing paths`: per process, the areas it touched.
    private static func processes(_ procmon: [Int], _ facts: [Fact]) -> String {
        var out = "  Processes on servicing paths\n"
        let accesses = procmon.filter { facts[$0].kind == "procmon-servicing-access" }
        if accesses.isEmpty { out += "    (none)\n" }
        let byProcess = Dictionary(grouping: accesses) { process(facts[$0]) }
        for key in byProcess.keys.sorted() {
            let items = byProcess[key]!
            let first = facts[items[0]]
            let vendor = first["vendor"] ?? "unknown"
            var line = "    \(key)  \(vendor)"
            if vendor == "third-party", let company = first["company"] { line += " (\(company))" }
            let areas = items.map { i in "\(facts[i]["area"] ?? "?") ×\(facts[i]["count"] ?? "1") \(span(facts[i]))" }
            out += line + "  " + areas.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `Failures by process and path`: most frequent first.
    private static func failures(_ procmon: [Int], _ facts: [Fact]) -> String {
        var out = "  Failures by process and path\n"
        let failures = procmon.filter { facts[$0].kind == "procmon-failure" }
        if failures.isEmpty { out += "    (none)\n" }
        var groups: [String: (count: Int, first: Int, last: String)] = [:]
        for i in failures {
            let f = facts[i]
            let key = [process(f), f["result"] ?? "", f["operation"] ?? "", f["path"] ?? ""].joined(separator: "\u{0}")
            let count = Int(f["count"] ?? "1") ?? 1
            if let g = groups[key] {
                groups[key] = (g.count + count, g.first, f["last"] ?? "")
            } else {
                groups[key] = (count, i, f["last"] ?? "")
            }
        }
        let ranked = groups.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.value.first < b.value.first
        }
        for (_, g) in ranked {
            let f = facts[g.first]
            let first = f["first"] ?? "#\(f.provenance.line)"
            let span = g.last == first || g.last.isEmpty ? first : "\(first)…\(g.last)"
            out +=
                "    \(process(f))  \(f["result"] ?? "")  ×\(g.count)  \(f["operation"] ?? "")  "
                + "\(TerminalText.escape(f["path"] ?? ""))  \(span)\n"
        }
        return out
    }

    /// `Timeline (UTC)`: servicing and third-party processes, their servicing access and failures.
    private static func timeline(_ procmon: [Int], _ facts: [Fact]) -> String {
        var out = "  Timeline (UTC)\n"
        let timeline = procmon.filter { i in
            let f = facts[i]
            switch f.kind {
            case "procmon-process-start", "procmon-process-exit":
                return f["servicing-process"] == "true" || f["vendor"] == "third-party"
            case "procmon-servicing-access": return f["vendor"] == "third-party"
            case "procmon-failure": return f["servicing-process"] == "true" || f["area"] != nil
            default: return false
            }
        }.sorted { facts[$0].provenance.line < facts[$1].provenance.line }
        for i in timeline.prefix(timelineLimit) {
            let f = facts[i]
            let time = (f["time"] ?? "").dropFirst(11).prefix(16)
            let what: String
            switch f.kind {
            case "procmon-process-start": what = "started  \(TerminalText.escape(f["image"] ?? ""))"
            case "procmon-process-exit": what = "exited"
            case "procmon-servicing-access":
                what =
                    "\(f["operation"] ?? "") \(TerminalText.escape(f["path"] ?? "")) \(f["result"] ?? "")  (\(f["area"] ?? "") ×\(f["count"] ?? "1"))"
            default: what = "\(f["operation"] ?? "") \(TerminalText.escape(f["path"] ?? "")) \(f["result"] ?? "")"
            }
            out += "    \(time)  #\(f.provenance.line)  \(process(f))  \(what)\n"
        }
        if timeline.count > timelineLimit { out += "    … \(timeline.count - timelineLimit) more\n" }
        return out
    }

    private static func process(_ f: Fact) -> String { "\(f["process"] ?? "?") (\(f["pid"] ?? "?"))" }

    private static func span(_ f: Fact) -> String {
        let first = f["first"] ?? "#\(f.provenance.line)"
        let last = f["last"] ?? first
        return first == last ? first : "\(first)…\(last)"
    }
}
