import Foundation
import TriageCore

/// Fixed strings (from the knowledge base's ``UIText`` catalog, `KnowledgeBase/ui-text.xml`) and formatting
/// shared by the reports.
struct Words {
    let language: Language
    let text: UIText

    init(language: Language, text: UIText) {
        self.language = language
        self.text = text
    }

    /// The catalog's text for `key` in the report's language, `{1}`, `{2}`… filled with `arguments`.
    func t(_ key: String, _ arguments: Any...) -> String {
        text.string(key, language, arguments.map { String(describing: $0) })
    }

    /// ` (x)` in English, `（x）` in Chinese.
    func paren(_ inner: String) -> String { t("report.paren", inner) }
    /// `: ` in English, `：` in Chinese.
    var colon: String { t("report.colon") }

    /// `72.3%`
    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// An install attempt's result (`failed`, …) in the report's language; a value the catalog does not
    /// name is shown as written.
    func result(_ value: String) -> String {
        text.entries["result.\(value)"] == nil ? value : t("result.\(value)")
    }

    func risk(_ risk: Procedure.Risk) -> String { t("risk.\(risk.rawValue)") }

    func cost(_ cost: Procedure.Cost) -> String {
        var parts = [t("report.min", cost.minutes)]
        if cost.reboot { parts.append(t("report.reboot")) }
        if cost.admin { parts.append(t("report.admin")) }
        parts.append(t("report.risk") + risk(cost.risk))
        return parts.joined(separator: t("report.list-separator"))
    }

    func installCounts(_ summary: InstallSummary) -> String {
        let other = summary.attempts.count - summary.failed - summary.succeeded
        var parts: [String] = []
        if summary.failed > 0 { parts.append(t("report.failed", summary.failed)) }
        if summary.succeeded > 0 { parts.append(t("report.succeeded", summary.succeeded)) }
        if other > 0 { parts.append(t("report.other", other)) }
        return parts.joined(separator: t("report.list-separator"))
    }

    /// `CBS.log:120` or `observed rollback-at-reboot=true`.
    func location(_ fact: Fact) -> String {
        if fact.provenance.file == Analyzer.observationFile {
            return t("report.observed") + (fact.provenance.text ?? "")
        }
        return "\(TerminalText.escape(fact.provenance.file)):\(fact.provenance.line)"
    }

    func machineLine(_ machine: MachineSummary) -> String {
        var parts = [machine.name ?? t("report.unknown-machine")]
        if let build = machine.osBuild { parts.append(t("report.build") + build) }
        if let edition = machine.edition { parts.append(edition) }
        if let arch = machine.arch { parts.append(arch) }
        if machine.names.count > 1 { parts.append(t("report.names") + machine.names.joined(separator: ", ")) }
        if !machine.collectors.isEmpty {
            parts.append(t("report.collector") + machine.collectors.joined(separator: ", "))
        }
        return parts.joined(separator: " · ")
    }

    func sourcesLine(_ sources: [SourceRecord]) -> String {
        let parsed = sources.filter { $0.status == .parsed }.count
        return t("report.sources-line", sources.count, parsed, sources.count - parsed)
    }

    /// Up to `limit` cited log lines of a hypothesis: supporting first (strongest rule first), then opposing;
    /// a line that yielded several facts (an error code and a signature) is shown once.
    static func citedLines(_ hypothesis: RankedHypothesis, limit: Int = 3) -> [(Direction, Fact)] {
        var seen = Set<String>()
        var lines: [(Direction, Fact)] = []
        for contribution in hypothesis.support + hypothesis.against {
            for fact in contribution.evidence
            where lines.count < limit
                && seen.insert(Self.lineKey(fact)).inserted
            {
                lines.append((contribution.direction, fact))
            }
        }
        return lines
    }

    /// One key per cited log line; observations (no file line) stay distinct by their text.
    static func lineKey(_ fact: Fact) -> String {
        fact.provenance.file == Analyzer.observationFile
            ? "obs\u{0}" + (fact.provenance.text ?? fact.attributes.description)
            : fact.provenance.file + "\u{0}\(fact.provenance.line)"
    }

    /// `text` with runs of spaces and tabs made one space (log columns padded for alignment).
    static func squeeze(_ text: String) -> String {
        var out = ""
        var space = false
        for c in text {
            if c == " " || c == "\t" {
                if !space { out.append(" ") }
                space = true
            } else {
                out.append(c)
                space = false
            }
        }
        return out
    }

    /// A cited log line made short for a narrow terminal: spaces squeezed, a leading `date time` keeps its
    /// seconds but not their fraction, and the process and thread ids after it are dropped
    /// (`2022/11/01 09:05:11.1955408 3620 4012 Agent x` → `2022/11/01 09:05:11 Agent x`).
    static func compactLogLine(_ text: String) -> String {
        var tokens = squeeze(text).trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true).map(
            String.init)
        func isDate(_ t: String) -> Bool {
            t.count == 10 && t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "/" || $0 == "-") }
        }
        guard tokens.count > 2, isDate(tokens[0]), tokens[1].first?.isNumber == true, tokens[1].contains(":")
        else { return tokens.joined(separator: " ") }
        if let dot = tokens[1].firstIndex(of: ".") { tokens[1] = String(tokens[1][..<dot]) }
        var i = 2
        while i < tokens.count - 1, tokens[i].allSatisfy({ $0.isASCII && $0.isNumber }) { i += 1 }
        return (tokens[0...1] + tokens[i...]).joined(separator: " ")
    }

    static func clip(_ text: String, _ limit: Int = 110) -> String {
        // Tab-separated logs (ReportingEvents, legacy WindowsUpdate.log) would break the report's columns.
        let trimmed = text.replacingOccurrences(of: "\t", with: " ").trimmingSpaces
        return trimmed.count > limit ? String(trimmed.prefix(limit - 1)) + "…" : trimmed
    }

    /// The hypotheses a report lists: probability ≥ 1 %, at most 5, at least 1.
    /// " (in boot-phase-failure)" for a child; " (cause not known yet: 40%)" for a class.
    func treeNote(_ h: RankedHypothesis) -> String {
        var parts: [String] = []
        if let parent = h.parent { parts.append(t("report.in", parent)) }
        if let residual = h.residual {
            parts.append(t("report.cause-not-known") + Words.percent(residual))
        }
        return parts.isEmpty ? "" : paren(parts.joined(separator: "; "))
    }

    static func top(_ analysis: Analysis) -> [RankedHypothesis] {
        let shown = analysis.hypotheses.prefix(5).filter { $0.probability >= 0.01 }
        return shown.isEmpty ? Array(analysis.hypotheses.prefix(1)) : shown
    }
}
