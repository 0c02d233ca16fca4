import ArgumentParser
import Foundation
import TriageCore
import TriageKnowledge

/// `triage rules docs [--check]`: writes the generated part of `docs/rules.md` from the rule files; with
/// `--check`, writes nothing and exits 1 when the document is not what the rules say (CI runs it).
struct RulesDocs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the rules index (docs/rules.md) from the rule files, or check that it is current.")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Option(help: ArgumentHelp("The rules index to update.", valueName: "file"))
    var document = "docs/rules.md"

    @Flag(help: "Change nothing; exit 1 when the document differs from what the rules say.")
    var check = false

    func run() throws {
        let knowledge = try Pipeline.loadKnowledge(knowledgeOptions)
        guard let current = try? String(contentsOfFile: document, encoding: .utf8) else {
            Console.error("triage: cannot read \(document)")
            throw ExitStatus.noInput
        }
        let updated: String
        do { updated = try RulesDocument.update(current, with: knowledge) } catch {
            Console.error("triage: \(document): \(error)")
            throw ExitStatus.dataError
        }
        if check {
            guard updated == current else {
                Console.error("triage: \(document) is not current; run `triage rules docs` and commit the result")
                throw ExitStatus.testFailures
            }
            try StandardOutput.write("\(document) is current (\(knowledge.rules.count) rules)\n")
            return
        }
        do { try OutputFile.write(updated, to: document) } catch {
            Console.error("triage: cannot write \(document): \(error)")
            throw ExitStatus.cannotCreate
        }
        try StandardOutput.write(updated == current ? "\(document) was already current\n" : "wrote \(document)\n")
    }
}
