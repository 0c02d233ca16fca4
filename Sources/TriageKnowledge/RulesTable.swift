import TriageCore

/// `triage rules list`: one row per rule.
public struct RuleSummary: Sendable, Hashable, Encodable {
    public var id: String
    public var area: String
    public var supports: [String]
    public var opposes: [String]
    public var recommends: [String]
    /// Status codes the rule reasons about (tested where a match makes it true), `0x800F0821` form, sorted.
    public var codes: [String]
    public var examples: Int

    public init(_ rule: Rule) {
        id = rule.id
        area = rule.area
        supports = rule.supported.map { "\($0.hypothesis):\($0.strength.rawValue)" }
        opposes = rule.opposed.map { "\($0.hypothesis):\($0.strength.rawValue)" }
        recommends = rule.recommended
        codes = Array(Set(CodeMentions.positive(rule.condition).map(\.code))).sorted().map(\.upperHex)
        examples = rule.examples.count
    }
}

public enum RulesTable {
    public static func summaries(_ kb: KnowledgeBase) -> [RuleSummary] {
        kb.rules.map(RuleSummary.init).sorted { $0.id < $1.id }
    }

    /// A text table with a header; columns separated by two spaces, lists by commas (`-` when empty). CODES comes
    /// last so its long lists do not push the other columns apart.
    public static func text(_ rows: [RuleSummary]) -> String {
        let header = ["ID", "AREA", "SUPPORTS", "OPPOSES", "RECOMMENDS", "EXAMPLES", "CODES"]
        func list(_ items: [String]) -> String { items.isEmpty ? "-" : items.joined(separator: ",") }
        let cells =
            [header]
            + rows.map {
                [
                    $0.id, $0.area, list($0.supports), list($0.opposes), list($0.recommends), String($0.examples),
                    list($0.codes)
                ]
            }
        var widths = Array(repeating: 0, count: header.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let lines = cells.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        return lines.joined(separator: "\n") + "\n\(rows.count) rule\(rows.count == 1 ? "" : "s")\n"
    }

    public static func json(_ rows: [RuleSummary]) -> String { JSONOutput.encode(rows) }
}
