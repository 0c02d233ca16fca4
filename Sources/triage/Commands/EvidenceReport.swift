import Foundation
import TriageCore

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

    /// The `sources` array, pretty-printed with sorted keys (nested two levels deep in the document).
    static func sourcesJSON(_ evidence: EvidenceSet) throws -> Data {
        let sources = evidence.sources.map {
            JSONSource(path: $0.path, kind: $0.kind.rawValue, status: $0.status.rawValue, reason: $0.reason,
                       encoding: $0.encoding, lineEnding: $0.lineEnding, bytes: $0.bytes, lines: $0.lines,
                       first: $0.first, last: $0.last, notes: $0.notes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(sources), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.isEmpty ? String(line) : "  " + line
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// The whole document as one string (tests; small bundles).
    static func json(_ evidence: EvidenceSet) throws -> String {
        var out = Data()
        var writer = EvidenceJSONWriter { out.append($0) }
        writer.write(evidence, sources: try sourcesJSON(evidence))
        return String(decoding: out, as: UTF8.self)
    }

    static func text(_ evidence: EvidenceSet) -> String {
        var out = ""
        let attempts = evidence.facts.filter { $0.kind == FactKind.installAttempt }
        out += "Install attempts\n"
        if attempts.isEmpty { out += "  (none found)\n" }
        let byKB = Dictionary(grouping: attempts) { $0["kb"] ?? "(no KB)" }
        for kb in byKB.keys.sorted() {
            out += "  \(kb)\n"
            let sorted = byKB[kb]!.sorted {
                let a = $0["started"] ?? $0.provenance.timestamp ?? ""
                let b = $1["started"] ?? $1.provenance.timestamp ?? ""
                return a != b ? a < b : Fact.stableOrder($0, $1)
            }
            for fact in sorted {
                let when = fact["started"] ?? fact.provenance.timestamp ?? "?"
                var parts = [when, fact["channel"] ?? "unknown", fact["result"] ?? "unknown"]
                if let hresult = fact["hresult"] { parts.append(hresult) }
                if let stage = fact["stage"] { parts.append("at \(stage)") }
                out += "    " + parts.joined(separator: "  ") + "  \(cite(fact))\n"
            }
        }

        let codes = evidence.facts.filter { $0.kind == FactKind.errorCode }
        out += "\nError codes\n"
        if codes.isEmpty { out += "  (none found)\n" }
        let byCode = Dictionary(grouping: codes) { $0["code"] ?? "?" }
        let ranked = byCode.keys.sorted { byCode[$0]!.count != byCode[$1]!.count ? byCode[$0]!.count > byCode[$1]!.count : $0 < $1 }
        // `evidence.facts` is in `Fact.stableOrder` (EvidenceReader sorts it) and grouping keeps that order.
        for code in ranked {
            let facts = byCode[code]!
            let symbol = facts.compactMap { $0["symbol"] }.first.map { " \($0)" } ?? ""
            let logs = Set(facts.compactMap { $0["log"] }).sorted().joined(separator: ",")
            out += "  \(code)\(symbol)  ×\(facts.count)  \(logs.isEmpty ? "" : "in \(logs)  ")first at \(cite(facts[0]))\n"
        }

        let signatures = evidence.facts.filter { $0.kind == FactKind.signature }
        if !signatures.isEmpty {
            out += "\nSignatures\n"
            let byId = Dictionary(grouping: signatures) { $0["id"] ?? "?" }
            for id in byId.keys.sorted() {
                out += "  \(id)  ×\(byId[id]!.count)  first at \(cite(byId[id]![0]))\n"
            }
        }

        let collectors = evidence.facts.filter { $0.kind == FactKind.collector }
        if !collectors.isEmpty {
            out += "\nCollector\n"
            for fact in collectors {
                out += "  \(fact["name"] ?? "?") \(fact["version"].map { "version \($0)" } ?? "(no version)")  \(cite(fact))\n"
            }
        }

        out += "\nSources\n"
        for source in evidence.sources {
            var line = "  \(source.path)  \(source.kind.rawValue)  \(source.status.rawValue)"
            if let reason = source.reason { line += " (\(reason))" }
            if source.status == .parsed {
                line += "  \(source.lines) lines  \(source.encoding) \(source.lineEnding)"
                if let first = source.first, let last = source.last { line += "  \(first) … \(last)" }
            }
            if !source.notes.isEmpty { line += "  [" + source.notes.joined(separator: "; ") + "]" }
            out += line + "\n"
        }
        let parsed = evidence.sources.filter { $0.status == .parsed }.count
        out += "\n\(evidence.sources.count) sources (\(parsed) parsed, \(evidence.sources.count - parsed) skipped), \(evidence.facts.count) facts\n"
        return out
    }

    private static func cite(_ fact: Fact) -> String {
        fact.provenance.line > 0 ? "\(fact.provenance.file):\(fact.provenance.line)" : fact.provenance.file
    }
}
