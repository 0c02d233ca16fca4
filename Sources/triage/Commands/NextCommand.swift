import ArgumentParser
import Foundation
import TriageCases
import TriageCore
import TriageKnowledge

struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Reason over a whole case history: what probably fails, and what to ask for next.",
        discussion: """
            CASE is a case folder (case.xml and its bundles). Analyses the latest bundle of the current machine \
            with the case's observations; never recommends a procedure performed with a result; annotates those \
            still outstanding; reports machine-mismatch, collector-outdated and request-repeated. --summary prints \
            the closing summary (problem definition, summary, recommendations) instead.
            """)

    @Argument(help: ArgumentHelp("Case folder.", valueName: "case"))
    var folder: String

    @Option(help: "Output format: text, json, markdown, mail (the reply to the customer's engineer) or html (with -o).")
    var format: OutputFormat = .text

    @OptionGroup var reportFile: ReportFileOptions
    var output: String? { reportFile.output }
    var language: Language { reportFile.language }

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Reason as of this date (YYYY-MM-DD[THH:MM]); a bare date includes the whole day.",
            valueName: "date"))
    var asOf: String?

    @Flag(help: "Text report: list everything (every source and attempt, full reasons, the commands).")
    var verbose = false

    @Flag(help: "Print the closing summary of the case.")
    var summary = false

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws {
        if let asOf, CaseDate(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD[THH:MM])")
        }
        try ReportOutput.validate(format, output)
    }

    func run() throws {
        ToolVersion.prepare(for: knowledgeOptions)
        guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("case.xml")) else {
            Console.error("triage: no case.xml in \(folder)")
            throw ExitStatus.noInput
        }
        let loaded = CaseLoader.load(folder: folder)
        guard let manifest = loaded.manifest else {
            var renderer = DiagnosticRenderer()
            Console.error(loaded.diagnostics.map { renderer.render($0) }.joined(separator: "\n"))
            throw ExitStatus.dataError
        }
        let knowledge = try Pipeline.loadKnowledge(knowledgeOptions)
        let cut: CaseCut = asOf.flatMap(CaseDate.init).map(CaseCut.asOf) ?? .all
        let evaluation = CaseEvaluator(knowledge: knowledge).evaluate(manifest, cut: cut)
        switch evaluation.problem {
        case .error(let reason)?:
            Console.error("triage: \(reason)")
            throw ExitStatus.noInput
        case .skipped(let reason)?:
            Console.error("triage: skipped: \(reason)")
            throw ExitStatus.noInput
        case nil: break
        }
        if summary {
            let text = CaseNextReport.summary(manifest, evaluation, knowledge: knowledge, language: language).text
            try StandardOutput.write(text)
            return
        }
        try ReportOutput.write(
            format,
            ReportInput(
                analysis: evaluation.analysis, knowledge: knowledge, language: language, color: Console.wantsColor,
                width: Console.width, verbose: verbose, version: ToolVersion.json(knowledgeOptions),
                roots: evaluation.submission.map { [(folder as NSString).appendingPathComponent($0.bundle)] } ?? [],
                caseContext: (manifest, evaluation)), to: output)
    }
}
