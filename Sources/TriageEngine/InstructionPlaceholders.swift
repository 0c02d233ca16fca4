import TriageCore

/// Procedure steps name what only the case knows as placeholders (`<kb>`, `<wsus>`). When the bundle tells
/// it unambiguously, the customer instructions carry the real value: the one update with failed installs,
/// the one WSUS server the logs name. Otherwise the placeholder stays for the engineer to fill in.
public enum InstructionPlaceholders {
    public static func values(_ analysis: Analysis) -> [String: String] {
        var values: [String: String] = [:]
        let failing = analysis.installs.filter { summary in
            summary.kb.hasPrefix("KB") && summary.attempts.contains { $0.outcome == .failed }
        }
        if failing.count == 1 { values["<kb>"] = failing[0].kb }
        let servers = Set(
            analysis.evidence.facts.compactMap { fact -> String? in
                guard fact.kind == FactKind.updateSource, fact.attributes["type"] == "wsus",
                    let url = fact.attributes["url"], !url.isEmpty
                else { return nil }
                return url
            })
        if servers.count == 1, let server = servers.first { values["<wsus>"] = server }
        return values
    }

    /// `text` with each placeholder key (`<kb>`) replaced by its value.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        values.keys.sorted().reduce(text) { $0.replacingOccurrences(of: $1, with: values[$1]!) }
    }
}
