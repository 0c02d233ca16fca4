import TriageCore
import TriageEvidence
import TriageKnowledge

/// The whole pipeline behind one value: load the knowledge, read evidence, analyse; the reports
/// (`TextReport`, `JSONReport`, `MarkdownReport`, …) render the ``Analysis`` it returns. The command line,
/// the case evaluator, the rule-example runner and the benchmark all go through it, so each step is built
/// in one place.
public struct TriagePipeline: Sendable {
    public let knowledge: KnowledgeBase
    public var options: AnalysisOptions
    public var limits: InputLimits
    /// Files read at once; nil keeps the reader's default (one per core).
    public var concurrency: Int?

    public init(
        knowledge: KnowledgeBase, options: AnalysisOptions = AnalysisOptions(),
        limits: InputLimits = InputLimits(), concurrency: Int? = nil
    ) {
        self.knowledge = knowledge
        self.options = options
        self.limits = limits
        self.concurrency = concurrency
    }

    // MARK: Knowledge

    /// Loads `Rules/` and `KnowledgeBase/`. Every problem is a diagnostic of the result; the caller decides
    /// whether errors end the run (``init(loading:)`` does).
    public static func loadKnowledge(rulesDirectory: String, knowledgeDirectory: String) -> KnowledgeLoadResult {
        KnowledgeLoader.load(
            rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory, logKinds: LogFormats.kinds)
    }

    /// A pipeline over a loaded knowledge base; nil when the load found errors.
    public init?(loading result: KnowledgeLoadResult, options: AnalysisOptions = AnalysisOptions()) {
        guard !result.hasErrors else { return nil }
        self.init(knowledge: result.knowledgeBase, options: options)
    }

    /// Why an engineer observation (`--fact`, a case's `<observation>`) is not one `observations.xml`
    /// declares, in one sentence; nil when it is.
    public func observationProblem(name: String, value: String) -> String? {
        guard let spec = knowledge.observations.first(where: { $0.name == name }) else {
            return "unknown observation '\(name)'; known observations: "
                + knowledge.observations.map(\.name).sorted().joined(separator: ", ")
        }
        guard spec.values.isEmpty || spec.values.contains(value) else {
            return "observation '\(name)' takes one of: \(spec.values.joined(separator: ", ")); got '\(value)'"
        }
        return nil
    }

    // MARK: Evidence

    /// The reader with the knowledge base's signatures and Process Monitor failure results, and this pipeline's
    /// limits.
    public var reader: EvidenceReader {
        var reader = EvidenceReader(limits: limits, knowledge: knowledge)
        if let concurrency { reader.concurrency = concurrency }
        return reader
    }

    /// Reads folders, `.zip` bundles and files.
    public func read(paths: [String]) throws -> EvidenceSet { try reader.read(paths: paths) }

    /// Reads one file held in memory (a pasted excerpt).
    public func read(bytes: [UInt8], name: String) -> EvidenceSet { reader.read(bytes: bytes, name: name) }

    /// Reads files held in memory as one bundle (a rule's example logs): nothing touches the disk.
    public func read(files: [(name: String, bytes: [UInt8])]) -> EvidenceSet { reader.read(files: files) }

    // MARK: Analysis

    public var analyzer: Analyzer {
        Analyzer(knowledge: knowledge, options: options, workers: concurrency ?? Parallel.cores)
    }

    /// Evaluates, ranks and plans the next steps for one evidence set.
    public func analyze(
        _ evidence: EvidenceSet, observations: [String: String] = [:],
        done: Set<String> = []
    ) -> Analysis {
        analyzer.analyze(evidence: evidence, observations: observations, done: done)
    }

    /// Read, then analyse.
    public func analyze(paths: [String], observations: [String: String] = [:]) throws -> Analysis {
        analyze(try read(paths: paths), observations: observations)
    }

    /// The same pipeline restricted to some rules (a rule's examples are run against that rule alone).
    public func restricted(to rules: [Rule]) -> TriagePipeline {
        var knowledge = knowledge
        knowledge.rules = rules
        return TriagePipeline(knowledge: knowledge, options: options, limits: limits, concurrency: concurrency)
    }
}
