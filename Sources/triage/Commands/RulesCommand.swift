import ArgumentParser

/// `triage rules …`: work on the rule and knowledge files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check and list the rules and knowledge files.",
        subcommands: [
            RulesLint.self,
            RulesList.self,
            RulesTestCommand.self,
            RulesDocs.self,
            RulesCalibrate.self
        ]
    )
}

/// `--format text|json`, validated by hand (no conformance on shared types).
func parseReportFormat(_ value: String) throws -> ReportFormatChoice {
    guard let format = ReportFormatChoice(rawValue: value) else {
        throw ValidationError("--format must be text or json, not '\(value)'")
    }
    return format
}

enum ReportFormatChoice: String {
    case text, json
}

/// Where the shipped schemas are when `--rules` / `--knowledge` point at folders without them.
var shippedSchemaDirectories: [String] { [KnowledgeOptions.locate("Rules"), KnowledgeOptions.locate("KnowledgeBase")] }
