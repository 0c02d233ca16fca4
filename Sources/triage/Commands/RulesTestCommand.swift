import ArgumentParser
import Foundation
import TriageCore
import TriageExamples

struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run each rule's own examples (and their CRLF, BOM and interleaved variants).",
        discussion: "Ends with the line `N passed, N failed`; exit status 1 when an example fails.")

    @Argument(help: ArgumentHelp("Rule ids to test (default: all).", valueName: "id"))
    var ids: [String] = []

    @Flag(help: "Print every example, not only the failing ones.")
    var verbose = false

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func run() throws {
        let knowledge = try Pipeline.loadKnowledge(knowledgeOptions)
        for id in ids where knowledge.rule(id) == nil {
            throw ValidationError("unknown rule '\(id)'; `triage rules list` shows the rules")
        }
        let rules = ids.isEmpty ? knowledge.rules : ids.compactMap { knowledge.rule($0) }
        let report = RuleExampleSuite(knowledge: knowledge).run(rules.sorted { $0.id < $1.id })
        try StandardOutput.write(report.rendered(verbose: verbose))
        if report.failed > 0 { throw ExitStatus.testFailures }
    }
}
