import ArgumentParser
import Foundation
import TriageCases
import TriageCore

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay every moment of every regression case against the current knowledge base.",
        discussion: """
            DIR holds case folders (default Tests/Cases). Prints a table (case, moment, expected, got, result), a \
            diff per failing moment, coverage both ways, and ends with the line `N passed, N failed` (`, N skipped` \
            when corpus bundles are absent). Exit status 1 when a moment fails.
            """)

    @Argument(help: ArgumentHelp("Folder of case folders, or one case folder.", valueName: "dir"))
    var directory: String = "Tests/Cases"

    @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Flag(
        help:
            "Rewrite each case.xml's expectations to the current results (review them with git diff); on a case folder with bundles/ and no case.xml, start the case."
    )
    var record = false

    @Flag(help: "Print the details of passing and skipped moments too.")
    var verbose = false

    @Flag(
        help:
            "Exit 1 when a moment was skipped (its bundle is absent, e.g. no ../shared/corpus): a run that must test everything."
    )
    var failOnSkip = false

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    /// `--record` on a folder with `bundles/` and no `case.xml`: writes the case file to start from.
    func startCaseIfNew() throws {
        let caseFile = (directory as NSString).appendingPathComponent("case.xml")
        let bundles = (directory as NSString).appendingPathComponent("bundles")
        var isDir: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: caseFile),
            FileManager.default.fileExists(atPath: bundles, isDirectory: &isDir), isDir.boolValue
        else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: bundles)) ?? []
        let id = (URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent)
        do {
            try OutputFile.write(try CaseSkeleton.xml(id: id, bundles: names), to: caseFile)
        } catch let problem as CaseSkeleton.Problem {
            Console.error("triage: cannot start a case in \(directory): \(problem)")
            throw ExitStatus.dataError
        } catch {
            Console.error("triage: cannot write \(caseFile): \(error)")
            throw ExitStatus.cannotCreate
        }
        try StandardOutput.write("started \(caseFile) with \(names.filter { !$0.hasPrefix(".") }.count) bundle(s)\n")
    }

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            Console.error("triage: no such folder: \(directory)")
            throw ExitStatus.noInput
        }
        let knowledge = try Pipeline.loadKnowledge(knowledgeOptions)
        let evaluator = CaseEvaluator(knowledge: knowledge)
        if record { try startCaseIfNew() }
        if record {
            var changed = 0
            for run in CaseTestReport.run(directory: directory, evaluator: evaluator).runs where run.errors.isEmpty {
                let path = (run.folder as NSString).appendingPathComponent("case.xml")
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let updated = CaseRecorder.record(text, moments: run.moments)
                if updated != text {
                    do { try OutputFile.write(updated, to: path) } catch {
                        Console.error("triage: cannot write \(path): \(error)")
                        throw ExitStatus.cannotCreate
                    }
                    changed += 1
                    try StandardOutput.write("recorded \(path)\n")
                }
            }
            try StandardOutput.write("\(changed) case file(s) rewritten; review with git diff\n")
        }
        let report = CaseTestReport.run(directory: directory, evaluator: evaluator)
        try StandardOutput.write(report.rendered(verbose: verbose))
        if let junit {
            do { try OutputFile.write(CaseJUnit.render(report), to: junit) } catch {
                Console.error("triage: cannot write \(junit): \(error)")
                throw ExitStatus.cannotCreate
            }
        }
        if report.failed > 0 { throw ExitStatus.testFailures }
        if failOnSkip, report.skipped > 0 {
            Console.error("triage: \(report.skipped) moment(s) skipped and --fail-on-skip is set")
            throw ExitStatus.testFailures
        }
    }
}
