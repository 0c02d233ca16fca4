import ArgumentParser
import TriageCore
import TriageEngine

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an analysis: HOW a hypothesis got its score, or WHY a rule did NOT fire.",
        discussion: """
            With --hypothesis ID (default: the top hypothesis) prints every rule and fact behind its score. \
            With --rule ID prints the first condition of that rule that failed or was unknown, and the nearest \
            facts.
            """)

    @Argument(
        help: ArgumentHelp(
            "Log bundle: folder, .zip or files; - reads a pasted excerpt from standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Hypothesis to explain (HOW).", valueName: "id"))
    var hypothesis: String?

    @Option(help: ArgumentHelp("Rule to explain (WHY it did or did not fire).", valueName: "id"))
    var rule: String?

    /// Only what explain writes (the help lists exactly these).
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("lang"), help: "Language: en or zh-CN.")
    var language: Language = .en

    @OptionGroup var observationOptions: ObservationOptions
    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws {
        if hypothesis != nil && rule != nil { throw ValidationError("give --hypothesis or --rule, not both") }
    }

    func run() throws {
        let pipeline = try Pipeline.load(knowledgeOptions)
        let knowledge = pipeline.knowledge
        let observations = try observationOptions.observations(in: knowledge)
        if let rule, knowledge.rule(rule) == nil {
            throw ValidationError("unknown rule '\(rule)'; `triage rules list` shows the rules")
        }
        if let hypothesis, knowledge.hypothesis(hypothesis) == nil {
            let known = knowledge.hypotheses.map(\.id).sorted().joined(separator: ", ")
            throw ValidationError("unknown hypothesis '\(hypothesis)'; known: \(known)")
        }
        let analysis = pipeline.analyze(try Pipeline.readEvidence(paths, with: pipeline), observations: observations)
        let explainer = Explainer(knowledge: knowledge)
        if let rule {
            guard let why = explainer.whyNot(rule, in: analysis) else { throw ExitStatus.dataError }
            try StandardOutput.write(
                format == .json
                    ? ExplanationReport.json(why, language: language)
                    : ExplanationReport.text(why, language: language), as: format == .json ? .json : .text)
        } else {
            let id = hypothesis ?? analysis.hypotheses.first?.id ?? ""
            guard let how = explainer.how(id, in: analysis) else { throw ExitStatus.dataError }
            try StandardOutput.write(
                format == .json
                    ? ExplanationReport.json(how, language: language)
                    : ExplanationReport.text(how, language: language), as: format == .json ? .json : .text)
        }
    }
}
