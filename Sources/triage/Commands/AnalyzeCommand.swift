import ArgumentParser
import TriageCases
import TriageCore
import TriageEngine

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Rank what probably went wrong in a log bundle, and what to ask the customer next.",
        discussion: """
            PATH is a folder, a .zip bundle or single log files (several may be given). Exit status is 0 for a \
            completed analysis, even when the answer is that no failure was captured.
            """)

    @Argument(
        help: ArgumentHelp(
            "Log bundle: folder, .zip or files; - reads a pasted excerpt from standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text, json, markdown, mail (the reply to the customer's engineer) or html (with -o).")
    var format: OutputFormat = .text

    @OptionGroup var reportFile: ReportFileOptions
    var output: String? { reportFile.output }
    var language: Language { reportFile.language }

    @Flag(help: "Text report: list everything (every source and attempt, full reasons, the commands).")
    var verbose = false

    @Option(
        help: ArgumentHelp(
            "Lead with remediation once the top hypothesis reaches this probability.",
            valueName: "p"))
    var threshold: Double = 0.6

    @OptionGroup var observationOptions: ObservationOptions
    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
        try ReportOutput.validate(format, output)
    }

    func run() throws {
        ToolVersion.prepare(for: knowledgeOptions)
        var pipeline = try Pipeline.load(knowledgeOptions)
        pipeline.options.leaderThreshold = threshold
        let knowledge = pipeline.knowledge
        let observations = try observationOptions.observations(in: knowledge)
        let evidence = try Pipeline.readEvidence(paths, with: pipeline)
        let analysis = pipeline.analyze(evidence, observations: observations)
        let input = ReportInput(
            analysis: analysis, knowledge: knowledge, language: language, color: Console.wantsColor,
            width: Console.width, verbose: verbose, version: ToolVersion.json(knowledgeOptions), roots: paths)
        try ReportOutput.write(format, input, to: output)
        ProcessEnd.now(keeping: input, pipeline)
    }
}
