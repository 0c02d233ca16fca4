import ArgumentParser
import Foundation
import TriageCases

/// `triage rules calibrate [CASES]`: each rule's declared strength beside what the regression cases imply.
struct RulesCalibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure each rule's likelihood ratio on the regression cases, beside its declared strength.",
        discussion: """
            A moment whose case expects a top hypothesis is labelled with that cause. For each rule that fired, \
            counts how often it fires when its hypothesis (or a refinement of it) is the cause and when it is \
            not, the likelihood ratio that implies (add-½ estimate, 95% Katz interval) and the nearest strength; \
            conclusions more than one step from their declared strength are flagged. Reports only: no rule \
            is rewritten.
            """)

    @Argument(help: ArgumentHelp("Folder of case folders, or one case folder.", valueName: "cases"))
    var directory: String = "Tests/Cases"

    @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: String = "text"

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws { _ = try parseReportFormat(format) }

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            Console.error("triage: no such folder: \(directory)")
            throw ExitStatus.noInput
        }
        let knowledge = try Pipeline.loadKnowledge(knowledgeOptions)
        let report = CalibrationReport.run(directory: directory, evaluator: CaseEvaluator(knowledge: knowledge))
        let json = try parseReportFormat(format) == .json
        try StandardOutput.write(json ? report.json() : report.text(), as: json ? .json : .text)
    }
}
