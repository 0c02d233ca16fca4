import Foundation
import TriageCore

/// The reasoning entry point: evidence plus observations in, one ``Analysis`` out. Pure and deterministic:
/// the order of rules, facts and hypotheses in the inputs does not change the result.
public struct Analyzer: Sendable {
    public let knowledge: KnowledgeBase
    public let options: AnalysisOptions
    /// Threads the fact store may use to read the facts' attributes into columns (one bundle of many facts);
    /// the result does not depend on it.
    public let workers: Int
    /// How many facts make several threads pay (``FactStore/isParallel``); tests set it low.
    var parallelFrom = FactStore.parallelReadFacts

    public init(knowledge: KnowledgeBase, options: AnalysisOptions = AnalysisOptions(), workers: Int = Parallel.cores) {
        self.knowledge = knowledge
        self.options = options
        self.workers = max(1, workers)
    }

    /// File name observation facts carry in citations (line 0).
    public static let observationFile = Evaluator.observationFile

    /// Evaluates rules only, without ranking (for rule examples and benchmarks): each rule's truth, its
    /// citations when it fired, its unknown leaves when unknown. Sorted by rule id.
    public func evaluate(evidence: EvidenceSet, observations: [String: String] = [:], rules: [Rule]? = nil)
        -> [RuleResult]
    {
        let store = FactStore(evidence: evidence, knowledge: knowledge, workers: workers, parallelFrom: parallelFrom)
        let evaluator = Evaluator(store: store, observations: observations)
        let rules = (rules ?? knowledge.rules).sorted { $0.id < $1.id }
        return eachRule(rules.count, store) { index in
            let rule = rules[index]
            let result = evaluator.evaluate(rule.condition)
            var cited: (first: [Int], count: Int) = ([], 0)
            if result.truth == .true { cited = evaluator.sortedCitations(result.cites, limit: options.maxCitations) }
            return RuleResult(
                id: rule.id, title: rule.title, truth: result.truth,
                citations: cited.first.map(evaluator.fact),
                unknown: result.truth == .unknown
                    ? Array(Set(result.unknown)).sorted {
                        ConditionText.describe($0, .en, knowledge.uiText)
                            < ConditionText.describe($1, .en, knowledge.uiText)
                    }.map {
                        UnknownLeaf(
                            condition: $0,
                            reason: ConditionText.unknownReason($0, store: store, knowledge.uiText),
                            procedures: [])
                    } : [],
                citationCount: cited.count)
        }
    }

    /// - Parameters:
    ///   - observations: engineer observations (`--fact NAME=VALUE`), facts of kind `observation`.
    ///   - done: procedures already performed; never recommended again.
    public func analyze(evidence: EvidenceSet, observations: [String: String] = [:], done performed: Set<String> = [])
        -> Analysis
    {
        // What the evidence shows without the rules (installs, symptoms, the machine, findings) is worked out
        // beside the reasoning, on a second thread when the facts are many (a tenth of what makes the rules'
        // evaluation pay: these walk every fact, and cost more than the rules on a dense log).
        let (analysis, summaries) = Parallel.both(
            workers: evidence.facts.count >= parallelFrom / 10 ? workers : 1,
            { reason(evidence: evidence, observations: observations, done: performed) },
            { EvidenceSummaries(evidence, observations: observations, knowledge: knowledge) })
        return Analysis(
            machine: summaries.machine,
            sources: evidence.sources.sorted { $0.path < $1.path },
            installs: summaries.installs,
            hypotheses: analysis.ranked,
            symptoms: summaries.symptoms,
            other: analysis.other,
            nextSteps: analysis.nextSteps,
            findings: summaries.findings,
            rules: analysis.rules, observations: observations, options: options,
            entropy: analysis.entropy, evidence: evidence, text: knowledge.uiText)
    }

    /// What ``analyze(evidence:observations:done:)`` takes from the evidence alone.
    private struct EvidenceSummaries {
        let machine: MachineSummary
        let installs: [InstallSummary]
        let symptoms: [Symptom]
        let findings: [Finding]

        init(_ evidence: EvidenceSet, observations: [String: String], knowledge: KnowledgeBase) {
            machine = Summaries.machine(evidence.facts)
            installs = Summaries.installs(evidence.facts)
            symptoms = Symptoms.find(evidence.facts, observations: observations, text: knowledge.uiText)
            findings =
                Findings.severalMachines(machine, facts: evidence.facts, text: knowledge.uiText)
                + Findings.noServicingLog(evidence.sources, text: knowledge.uiText)
                + Findings.upgradeLogsOnly(evidence.sources, text: knowledge.uiText)
                + Findings.collectorOutdated(evidence.facts, tools: knowledge.tools, text: knowledge.uiText)
        }
    }

    /// The rules' part of an analysis: evaluation, ranking, next steps.
    private func reason(evidence: EvidenceSet, observations: [String: String], done performed: Set<String>)
        -> (ranked: [RankedHypothesis], other: OtherMass, nextSteps: [NextStep], rules: [RuleResult], entropy: Double)
    {
        let store = FactStore(evidence: evidence, knowledge: knowledge, workers: workers, parallelFrom: parallelFrom)
        // Results the logs already show (a failed RestoreHealth in DISM.log): the procedure is done and those
        // outcomes are not asked for again. They do not enter the rules as observations: the rules that read
        // the same lines already count them as evidence.
        let established = EstablishedOutcomes(stated: observations, store: store, rules: knowledge.rules)
        let done = Self.withIncluded(performed.union(established.answered(knowledge.procedures)), knowledge.procedures)
        let evaluator = Evaluator(store: store, observations: observations)
        let rules = knowledge.rules.sorted { $0.id < $1.id }
        let evaluations = eachRule(rules.count, store) {
            (rule: rules[$0], result: evaluator.evaluate(rules[$0].condition))
        }
        let fired = evaluations.filter { $0.result.truth == .true }.map {
            FiredRule(rule: $0.rule, cites: $0.result.cites)
        }
        let ranker = Ranker(knowledge: knowledge, options: options)
        let prepared = ranker.prepare(fired)
        let ranking = ranker.rank(prepared)
        let resolution = Resolution(evaluator: evaluator)
        let procedures = knowledge.procedures.filter { !done.contains($0.id) }.sorted { $0.id < $1.id }

        let ruleResults = results(
            of: evaluations, evaluator: evaluator, store: store, procedures: procedures, resolution: resolution)
        let ranked = rankedHypotheses(
            ranker: ranker, ranking: ranking, fired: fired, evaluations: evaluations, ruleResults: ruleResults)

        var planner = NextStepPlanner(
            knowledge: knowledge, options: options, evaluator: evaluator, ranker: ranker,
            evaluations: evaluations, prepared: prepared, ranking: ranking)
        planner.established = Set(established.establishedBy.keys)
        return (
            ranked, OtherMass(prior: ranker.otherPrior, probability: ranking.other),
            planner.plan(done: done, hypotheses: ranked), ruleResults, entropy(ranking.distribution)
        )
    }

    /// `body(i)` for each of `count` rules, in order; on ``workers`` threads when the store's facts are many
    /// (``FactStore/isParallel``): the store's caches are shared under its lock, and each result depends only on
    /// its rule, so the results do not depend on the threads.
    private func eachRule<T>(_ count: Int, _ store: FactStore, _ body: (Int) -> T) -> [T] {
        store.isParallel ? Parallel.map(count: count, workers: workers, body) : (0..<count).map(body)
    }

    /// Each rule's result: its citations when it fired, and when unknown the leaves that made it so, with the
    /// procedures (not done yet) that would settle each.
    private func results(
        of evaluations: [(rule: Rule, result: NodeResult)], evaluator: Evaluator, store: FactStore,
        procedures: [Procedure], resolution: Resolution
    ) -> [RuleResult] {
        func citations(_ indices: Citations) -> (facts: [Fact], count: Int) {
            let sorted = evaluator.sortedCitations(indices, limit: options.maxCitations)
            return (sorted.first.map(evaluator.fact), sorted.count)
        }
        func leaves(_ conditions: [Condition]) -> [UnknownLeaf] {
            var seen = Set<Condition>()
            return conditions.compactMap { leaf in
                guard seen.insert(leaf).inserted else { return nil }
                let reason = ConditionText.unknownReason(leaf, store: store, knowledge.uiText)
                return UnknownLeaf(
                    condition: leaf, reason: reason,
                    procedures: procedures.filter { resolution.resolves($0, leaf) }.map(\.id))
            }
        }
        return eachRule(evaluations.count, store) { index in
            let entry = evaluations[index]
            let cited: (facts: [Fact], count: Int) =
                entry.result.truth == .true ? citations(entry.result.cites) : ([], 0)
            return RuleResult(
                id: entry.rule.id, title: entry.rule.title, truth: entry.result.truth,
                citations: cited.facts,
                unknown: entry.result.truth == .unknown ? leaves(entry.result.unknown) : [],
                citationCount: cited.count)
        }
    }

    /// The hypotheses in the cause tree's order, each with its contributions (strongest first) and the evidence
    /// still missing for or against it.
    private func rankedHypotheses(
        ranker: Ranker, ranking: Ranking, fired: [FiredRule], evaluations: [(rule: Rule, result: NodeResult)],
        ruleResults: [RuleResult]
    ) -> [RankedHypothesis] {
        var firedCitations: [String: (facts: [Fact], count: Int)] = [:]
        for result in ruleResults where result.truth == .true {
            firedCitations[result.id] = (result.citations, result.citationCount)
        }
        func contribution(_ raw: RawContribution) -> Contribution {
            let rule = fired[raw.fired].rule
            return Contribution(
                rule: rule.id, title: rule.title, direction: raw.direction, strength: raw.strength,
                ratio: raw.strength.likelihoodRatio, factor: raw.factor, shared: raw.shared,
                evidence: firedCitations[rule.id]?.facts ?? [],
                evidenceCount: firedCitations[rule.id]?.count ?? 0)
        }
        func strongestFirst(_ a: Contribution, _ b: Contribution) -> Bool {
            let x = abs(log2(a.factor))
            let y = abs(log2(b.factor))
            return x != y ? x > y : a.rule < b.rule
        }
        var ranked: [RankedHypothesis] = []
        let totalPriors = ranker.totalPriors
        let tree = ranker.tree
        for i in tree.order(totals: ranking.totals) {
            let hypothesis = ranker.hypotheses[i]
            ranked.append(
                RankedHypothesis(
                    id: hypothesis.id, title: hypothesis.title, prior: totalPriors[i],
                    probability: ranking.totals[i],
                    support: ranking.support[i].map(contribution).sorted(by: strongestFirst),
                    against: ranking.against[i].map(contribution).sorted(by: strongestFirst),
                    missing: Self.missing(hypothesis.id, evaluations: evaluations, ruleResults: ruleResults),
                    remediation: hypothesis.remediation, remedies: hypothesis.remedies,
                    parent: tree.parent[i].map { ranker.hypotheses[$0].id },
                    children: tree.children[i].map { ranker.hypotheses[$0].id },
                    residual: tree.children[i].isEmpty ? nil : ranking.probabilities[i]))
        }
        return ranked
    }

    /// The unknown rules that would speak for (else against) a hypothesis, at their strongest.
    private static func missing(
        _ hypothesisID: String, evaluations: [(rule: Rule, result: NodeResult)], ruleResults: [RuleResult]
    ) -> [MissingEvidence] {
        var missing: [MissingEvidence] = []
        for (index, entry) in evaluations.enumerated() where entry.result.truth == .unknown {
            let pro = entry.rule.supported.filter { $0.hypothesis == hypothesisID }.map(\.strength)
            let con = entry.rule.opposed.filter { $0.hypothesis == hypothesisID }.map(\.strength)
            let direction: Direction = pro.isEmpty ? .opposes : .supports
            guard let strength = (pro.isEmpty ? con : pro).max(by: { $0.likelihoodRatio < $1.likelihoodRatio })
            else { continue }
            missing.append(
                MissingEvidence(
                    rule: entry.rule.id, title: entry.rule.title, direction: direction,
                    strength: strength, unknown: ruleResults[index].unknown))
        }
        return missing
    }

    /// The done procedures plus, transitively, the procedures they include.
    static func withIncluded(_ done: Set<String>, _ procedures: [Procedure]) -> Set<String> {
        let includes = Dictionary(procedures.map { ($0.id, $0.includes) }, uniquingKeysWith: { first, _ in first })
        var result = done
        var queue = Array(done)
        while let id = queue.popLast() {
            for included in includes[id] ?? [] where result.insert(included).inserted { queue.append(included) }
        }
        return result
    }
}
