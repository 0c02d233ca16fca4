import ArgumentParser
import Foundation
import TriageEvidence
import TriageKnowledge

/// `triage rules list`: the rules with what they conclude.
struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List rules: id, area, hypotheses supported and opposed, procedures recommended, examples, codes tested.")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: String = "text"

    func validate() throws { _ = try parseReportFormat(format) }

    func run() throws {
        try knowledgeOptions.checkFoldersExist()
        let result = KnowledgeLoader.load(
            rulesDirectory: knowledgeOptions.rulesDirectory,
            knowledgeDirectory: knowledgeOptions.knowledgeDirectory,
            schemaFallbackDirectories: shippedSchemaDirectories, logKinds: LogFormats.kinds)
        let rows = RulesTable.summaries(result.knowledgeBase)
        let output = try parseReportFormat(format) == .json ? RulesTable.json(rows) : RulesTable.text(rows)
        try StandardOutput.write(output, as: try parseReportFormat(format) == .json ? .json : .text)
        if result.hasErrors {
            FileHandle.standardError.write(
                Data(
                    "warning: the knowledge base has \(result.errorCount) error(s); run `triage rules lint`\n".utf8))
        }
    }
}
