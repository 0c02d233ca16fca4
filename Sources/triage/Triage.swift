import ArgumentParser

@main
struct Triage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Diagnose failed Windows update installations from log bundles.",
        version: ToolVersion.declared,
        subcommands: [
            // Each engineer adds their subcommand here (one line each).
            RulesCommand.self, CodeCommand.self,
            EvidenceCommand.self, AnalyzeCommand.self, ExplainCommand.self,
            NextCommand.self, TestCommand.self, FleetCommand.self
        ]
    )
}
