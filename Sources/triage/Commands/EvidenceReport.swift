import Foundation
import TriageCore
import TriageEvidence

/// Renders an ``EvidenceSet`` for `triage evidence`: deterministic JSON (sorted keys) or a text summary
/// (install attempts per KB, error codes with counts, signatures, collectors, sources).
enum EvidenceReport {
    struct JSONSource: Encodable {
        var path: String
        var kind: String
        var status: String
        var reason: String?
        var encoding: String
        var lineEnding: String
        var bytes: Int
        var lines: Int
        var first: String?
        var last: String?
        var notes: [String]
    }

    /// The `sources` array, written by `JSONWriter` (nested two levels deep in the document).
    static func sourcesJSON(_ evidence: EvidenceSet) throws -> Data {
        let sources = evidence.sources.map {
            JSONSource(
                path: $0.path, kind: $0.kind.rawValue, status: $0.status.rawValue, reason: $0.reason,
                encoding: $0.encoding, lineEnding: $0.lineEnding, bytes: $0.bytes, lines: $0.lines,
                first: $0.first, last: $0.last, notes: $0.notes)
        }
        var writer = JSONWriter(style: .spaced)
        writer.write(try JSONValueEncoder.encode(sources), indent: 1)
        return Data(writer.bytes)
    }

    /// The whole document as one string (tests; small bundles).
    static func json(_ evidence: EvidenceSet) throws -> String {
        var out = Data()
        var writer = EvidenceJSONWriter { out.append(contentsOf: $0) }
        try writer.write(evidence, sources: try sourcesJSON(evidence))
        return String(decoding: out, as: UTF8.self)
    }

    /// What the text summary lists, gathered in one pass over the facts (indices, not copies, since a big log
    /// yields hundreds of thousands of facts).
    struct Tally {
        var attempts: [Int] = []
        var collectors: [Int] = []
        var codeCounts: [String: (count: Int, first: Int, symbol: String?, logs: Set<String>)] = [:]
        var signatureCounts: [String: (count: Int, first: Int)] = [:]

        init(_ facts: [Fact]) {
            // `.attributes[…]`, not `facts[index]["code"]`: the fact's own subscript would copy the whole fact.
            for index in facts.indices {
                switch facts[index].kind {
                case FactKind.installAttempt: attempts.append(index)
                case FactKind.collector: collectors.append(index)
                case FactKind.errorCode:
                    let code = facts[index].attributes["code"] ?? "?"
                    // Changed in place: a copy of the entry would copy its set of logs on insert.
                    EvidenceReport.count(facts[index], into: &codeCounts[code, default: (0, index, nil, [])])
                case FactKind.signature:
                    let id = facts[index].attributes["id"] ?? "?"
                    signatureCounts[id, default: (0, index)].count +=
                        1 + (facts[index].attributes["repeats"].flatMap(Int.init) ?? 0)
                default: break
                }
            }
        }
    }

    static func text(_ evidence: EvidenceSet) -> String {
        let facts = evidence.facts
        let tally = Tally(facts)
        var out = attemptsText(tally.attempts, facts)
        out += codesText(tally, facts)
        if !tally.signatureCounts.isEmpty {
            out += "\nSignatures\n"
            for id in tally.signatureCounts.keys.sorted() {
                let entry = tally.signatureCounts[id]!
                out += "  \(id)  ×\(entry.count)  first at \(cite(facts[entry.first]))\n"
            }
        }
        if !tally.collectors.isEmpty {
            out += "\nCollector\n"
            for index in tally.collectors {
                let fact = facts[index]
                out +=
                    "  \(fact["name"] ?? "?") \(fact["version"].map { "version \($0)" } ?? "(no version)")  \(cite(fact))\n"
            }
        }
        if let procmon = ProcmonReport.text(facts) { out += procmon }
        return out + sourcesText(evidence)
    }

    /// `Install attempts`: per KB, by start time.
    private static func attemptsText(_ attempts: [Int], _ facts: [Fact]) -> String {
        var out = "Install attempts\n"
        if attempts.isEmpty { out += "  (none found)\n" }
        let byKB = Dictionary(grouping: attempts) { facts[$0]["kb"] ?? "(no KB)" }
        for kb in byKB.keys.sorted() {
            out += "  \(kb)\n"
            let sorted = byKB[kb]!.sorted {
                let a = facts[$0]["started"] ?? facts[$0].provenance.timestamp ?? ""
                let b = facts[$1]["started"] ?? facts[$1].provenance.timestamp ?? ""
                return a != b ? a < b : $0 < $1
            }
            // Event logs (.evtx and their wevtutil text exports) write UTC, the text logs local time: label
            // UTC always, and local too when both are listed.
            let utcKinds: Set<String> = [LogKind.evtx.rawValue, LogKind.eventsText.rawValue]
            let mixed = Set(sorted.map { utcKinds.contains(facts[$0]["log"] ?? "") }).count > 1
            for index in sorted {
                let fact = facts[index]
                var when = fact["started"] ?? fact.provenance.timestamp ?? "?"
                if utcKinds.contains(fact["log"] ?? "") {
                    when += " UTC"
                } else if mixed, when != "?" {
                    when += " local"
                }
                var parts = [when, fact["channel"] ?? "unknown", fact["result"] ?? "unknown"]
                if let hresult = fact["hresult"] { parts.append(hresult) }
                if let stage = fact["stage"] { parts.append("at \(stage)") }
                out += "    " + parts.joined(separator: "  ") + "  \(cite(fact))\n"
            }
        }
        return out
    }

    /// `Error codes`: most frequent first.
    private static func codesText(_ tally: Tally, _ facts: [Fact]) -> String {
        // `evidence.facts` is in `Fact.stableOrder` (EvidenceReader sorts it): the first index is the first line.
        var out = "\nError codes\n"
        if tally.codeCounts.isEmpty { out += "  (none found)\n" }
        let ranked = tally.codeCounts.map { (code: $0.key, entry: $0.value) }.sorted {
            $0.entry.count != $1.entry.count ? $0.entry.count > $1.entry.count : $0.code < $1.code
        }
        for (code, entry) in ranked {
            let symbol = entry.symbol.map { " \($0)" } ?? ""
            let logs = entry.logs.sorted().joined(separator: ",")
            out +=
                "  \(code)\(symbol)  ×\(entry.count)  \(logs.isEmpty ? "" : "in \(logs)  ")first at \(cite(facts[entry.first]))\n"
        }
        return out
    }

    /// `Sources`: every file with its kind and status, then the totals.
    private static func sourcesText(_ evidence: EvidenceSet) -> String {
        var out = "\nSources\n"
        for source in evidence.sources {
            var line = "  \(TerminalText.escape(source.path))  \(source.kind.rawValue)  \(source.status.rawValue)"
            if let reason = source.reason { line += " (\(reason))" }
            if source.status == .parsed {
                line += "  \(source.lines) lines  \(source.encoding) \(source.lineEnding)"
                if let first = source.first, let last = source.last { line += "  \(first) … \(last)" }
            }
            if !source.notes.isEmpty { line += "  [" + source.notes.joined(separator: "; ") + "]" }
            out += line + "\n"
        }
        let parsed = evidence.sources.filter { $0.status == .parsed }.count
        out +=
            "\n\(evidence.sources.count) sources (\(parsed) parsed, \(evidence.sources.count - parsed) skipped), \(evidence.facts.count) facts\n"
        return out
    }

    fileprivate static func count(
        _ fact: Fact, into entry: inout (count: Int, first: Int, symbol: String?, logs: Set<String>)
    ) {
        entry.count += 1 + (fact.attributes["repeats"].flatMap(Int.init) ?? 0)
        if entry.symbol == nil { entry.symbol = fact.attributes["symbol"] }
        if let log = fact.attributes["log"] { entry.logs.insert(log) }
    }

    private static func cite(_ fact: Fact) -> String {
        let file = TerminalText.escape(fact.provenance.file)
        return fact.provenance.line > 0 ? "\(file):\(fact.provenance.line)" : file
    }
}
