import Foundation
import TriageCore

/// Ranks procedures by expected information gain per unit cost (docs/reasoning.md, "Next steps").
struct NextStepPlanner {
    let knowledge: KnowledgeBase
    let options: AnalysisOptions
    let evaluator: Evaluator
    let ranker: Ranker
    /// All rule evaluations, sorted by rule id.
    let evaluations: [(rule: Rule, result: NodeResult)]
    let prepared: Ranker.Prepared
    let ranking: Ranking
    /// Observations the logs established (``EstablishedOutcomes``): known, so not simulated as outcomes.
    var established: Set<String> = []
    var fired: [FiredRule] { prepared.base }

    private struct Scenario {
        var label: String
        var meaning: LocalizedText
        var observation: String
        var likelihood: [Double]  // P(o | h) per hypothesis, then other
        var posterior: Ranking
    }

    /// Entropy groups (CauseTree.groups): the leading class's children split, other classes whole.
    var groups: [Int] { ranker.tree.groups(totals: ranking.totals, other: ranking.other) }

    func plan(done: Set<String>, hypotheses: [RankedHypothesis]) -> [NextStep] {
        let groups = self.groups
        let current = entropy(CauseTree.grouped(ranking.distribution, groups))
        let unknownRules = evaluations.filter { $0.result.truth == .unknown }
        let resolution = Resolution(evaluator: evaluator)
        let procedures = knowledge.procedures.sorted(by: { $0.id < $1.id }).filter { !done.contains($0.id) }
        // For each procedure without declared outcomes, the unknown rules (that speak) it would settle; each such
        // rule is simulated once (``SimulatedRule``), however many procedures would settle it.
        let resolvable = procedures.map { procedure -> [Int] in
            guard procedure.outcomes.isEmpty else { return [] }
            return unknownRules.indices.filter { index in
                speaks(unknownRules[index].rule)
                    && unknownRules[index].result.unknown.allSatisfy { resolution.resolves(procedure, $0) }
            }
        }
        var simulated = [SimulatedRule?](repeating: nil, count: unknownRules.count)
        for index in Set(resolvable.joined()).sorted() { simulated[index] = simulate(unknownRules[index].rule) }
        var ranked: [NextStep] = []
        for (procedure, candidates) in zip(procedures, resolvable) {
            if let step = observeStep(
                procedure, current: current, groups: groups, unknownRules: unknownRules,
                candidates: candidates.map { simulated[$0]! })
            {
                ranked.append(step)
            }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        dropRepairsOfOthers(&ranked, hypotheses: hypotheses)
        guard let leader = hypotheses.first, leader.probability >= options.leaderThreshold else { return ranked }
        return remediesFirst(ranked, leader: leader, done: done)
    }

    /// A procedure as a test: what its outcomes would teach (declared outcomes, else the unknown rules it
    /// resolves, simulated true and false), scored by gain per cost; nil when it teaches nothing and no fired
    /// rule recommends it, or when its result is already known.
    private func observeStep(
        _ procedure: Procedure, current: Double, groups: [Int], unknownRules: [(rule: Rule, result: NodeResult)],
        candidates: [SimulatedRule]
    ) -> NextStep? {
        let recommendedBy = fired.filter { $0.rule.recommended.contains(procedure.id) }.map(\.rule.id)
        var outcomes: [OutcomeForecast] = []
        var gain = 0.0
        var separates: [String] = []
        var simulatedRules: [Rule] = []
        if !procedure.outcomes.isEmpty {
            // Its result is already known when every outcome's observation was made.
            if procedure.outcomes.allSatisfy({
                evaluator.observations[$0.observation] != nil
                    || established.contains($0.observation)
            }) {
                return nil
            }
            // Only what is still open is learnt: an observation already made (or shown by the logs) is no outcome.
            var open = procedure
            open.outcomes.removeAll {
                evaluator.observations[$0.observation] != nil || established.contains($0.observation)
            }
            let scenarios = declaredScenarios(open, unknownRules)
            (gain, outcomes) = score(scenarios, current: current, groups: groups)
        } else if !candidates.isEmpty {
            (gain, outcomes, simulatedRules) = binary(candidates, current: current, groups: groups)
        }
        for outcome in outcomes { if let f = outcome.favours, !separates.contains(f) { separates.append(f) } }
        guard gain > 1e-9 || !recommendedBy.isEmpty else { return nil }
        let cost = options.cost.effectiveMinutes(procedure.cost)
        let nudge = fired.filter { $0.rule.recommended.contains(procedure.id) }.reduce(0.0) { sum, f in
            let supported = f.rule.supported.map { ranking.probability(of: $0.hypothesis) }
            return sum + (supported.max() ?? 0.5)
        }
        let reason = ReasonWriter.observe(
            procedure: procedure, outcomes: outcomes, separates: separates,
            simulated: simulatedRules, recommendedBy: recommendedBy,
            text: knowledge.uiText)
        return NextStep(
            procedure: procedure, role: .observe, reason: reason, gain: gain,
            effectiveCost: cost,
            score: gain / cost * 60 + options.recommendationNudge * nudge, outcomes: outcomes,
            separates: separates, recommendedBy: recommendedBy)
    }

    /// When a specific cause leads its class, the repairs of its class and siblings are not its repairs:
    /// they are not proposed. Once it is also clearly ahead (threshold), no other repair is (no RestoreHealth
    /// once a third-party blocker at boot is named); tests and collections still are.
    private func dropRepairsOfOthers(_ ranked: inout [NextStep], hypotheses: [RankedHypothesis]) {
        guard let leader = hypotheses.first, leader.parent != nil else { return }
        let own = Set(leader.remedies)
        let clear = leader.probability >= options.leaderThreshold
        let related = Set(
            hypotheses.filter { h in
                h.id != leader.id
                    && (h.id == leader.parent || h.parent == leader.parent
                        || isAncestor(h.id, of: leader, hypotheses))
            }.flatMap(\.remedies))
        ranked.removeAll { step in
            step.procedure.kind == .remediate && !own.contains(step.id) && (clear || related.contains(step.id))
        }
    }

    /// The leader's remedies (past the threshold) first, then the other steps.
    private func remediesFirst(_ ranked: [NextStep], leader: RankedHypothesis, done: Set<String>) -> [NextStep] {
        var remedies: [NextStep] = []
        for id in leader.remedies where !done.contains(id) && !remedies.contains(where: { $0.id == id }) {
            guard let procedure = knowledge.procedure(id) else { continue }
            let existing = ranked.first { $0.id == id }
            let cost = options.cost.effectiveMinutes(procedure.cost)
            remedies.append(
                NextStep(
                    procedure: procedure, role: .remedy,
                    reason: ReasonWriter.remedy(
                        leader: leader.id, probability: leader.probability,
                        threshold: options.leaderThreshold,
                        alsoTells: existing.flatMap { $0.outcomes.isEmpty ? nil : $0.reason },
                        text: knowledge.uiText),
                    gain: existing?.gain ?? 0, effectiveCost: cost, score: existing?.score ?? 0,
                    outcomes: existing?.outcomes ?? [], separates: existing?.separates ?? [],
                    recommendedBy: existing?.recommendedBy ?? []))
        }
        // A remedy that is also the most informative test goes first (the offline install with a checked
        // hash both fixes a corrupt download and tells the package from the machine); then declared order.
        let declared = Dictionary(uniqueKeysWithValues: remedies.enumerated().map { ($1.id, $0) })
        remedies.sort {
            $0.score != $1.score ? $0.score > $1.score : declared[$0.id, default: 0] < declared[$1.id, default: 0]
        }
        return remedies + ranked.filter { step in !remedies.contains { $0.id == step.id } }
    }

    private func isAncestor(_ id: String, of h: RankedHypothesis, _ all: [RankedHypothesis]) -> Bool {
        var current = h.parent
        var steps = 0
        while let p = current, steps < all.count {
            if p == id { return true }
            current = all.first { $0.id == p }?.parent
            steps += 1
        }
        return false
    }

    private func speaks(_ rule: Rule) -> Bool { !rule.supported.isEmpty || !rule.opposed.isEmpty }

    /// One scenario per declared outcome: add the observation, re-evaluate the unknown rules that may read it
    /// (the others evaluate as before: unknown), re-rank.
    private func declaredScenarios(_ procedure: Procedure, _ unknownRules: [(rule: Rule, result: NodeResult)])
        -> [Scenario]
    {
        let scenarios = procedure.outcomes.map { outcome -> (Procedure.Outcome, Ranking) in
            let simulated = Evaluator(extending: evaluator, name: outcome.observation, value: outcome.value)
            var newlyFired: [FiredRule] = []
            for entry in unknownRules where entry.rule.condition.mayRead(observation: outcome.observation) {
                let result = simulated.evaluate(entry.rule.condition)
                if result.truth == .true { newlyFired.append(FiredRule(rule: entry.rule, cites: result.cites)) }
            }
            return (outcome, ranker.rank(prepared, extra: newlyFired))
        }
        // P(o | h) ∝ LR_o(h) = w_o(h) / w(h), normalised for each h over the outcomes of the same observation
        // (a procedure may report several: the offline install's result and the package's hash); "other" is flat.
        // Base rate: where the observation declares a usual value, P(o | h) ∝ LR_o(h)·base(o) with base 0.8 for
        // it and the rest shared, so a hypothesis no rule ties to the observation expects the usual value.
        let specs = Dictionary(knowledge.observations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let ratios = scenarios.map { outcome, posterior in
            let base = Self.baseRate(outcome, spec: specs[outcome.observation])
            return (zip(posterior.logWeights, ranking.logWeights).map { exp($0 - $1) } + [1.0]).map { $0 * base }
        }
        let groups = Self.groups(scenarios.map(\.0.observation))
        var likelihoods = ratios
        for group in groups {
            for h in 0..<(ranking.ids.count + 1) {
                let total = group.reduce(0) { $0 + ratios[$1][h] }
                for index in group { likelihoods[index][h] = total > 0 ? ratios[index][h] / total : 0 }
            }
        }
        return zip(scenarios, likelihoods).map { scenario, likelihood in
            Scenario(
                label: "\(scenario.0.observation)=\(scenario.0.value)", meaning: scenario.0.meaning,
                observation: scenario.0.observation, likelihood: likelihood, posterior: scenario.1)
        }
    }

    static let usualBaseRate = 0.8

    static func baseRate(_ outcome: Procedure.Outcome, spec: ObservationSpec?) -> Double {
        guard let spec, let usual = spec.usual, spec.values.count > 1 else { return 1 }
        return outcome.value == usual ? usualBaseRate : (1 - usualBaseRate) / Double(spec.values.count - 1)
    }

    /// Indices grouped by name, groups in order of first appearance.
    static func groups(_ names: [String]) -> [[Int]] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, name) in names.enumerated() {
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(index)
        }
        return order.map { members[$0]! }
    }

    /// Expected entropy reduction, the mutual information I(H; O) = H(P) − Σ_o P(o)·H(P(·|o)) with the
    /// Bayes-consistent posterior P(h|o) = P(h)·P(o|h)/P(o). When a procedure reports several observations,
    /// O is their joint outcome, the observations taken as independent given h; forecasts in scenario order.
    private func score(_ scenarios: [Scenario], current: Double, groups: [Int]) -> (Double, [OutcomeForecast]) {
        let prior = ranking.distribution
        let outcomeGroups = Self.groups(scenarios.map(\.observation))
        var expected = 0.0
        func enumerate(_ group: Int, _ likelihood: [Double]) {
            guard group < outcomeGroups.count else {
                let p = zip(prior, likelihood).reduce(0) { $0 + $1.0 * $1.1 }
                if p > 0 {
                    expected += p * entropy(CauseTree.grouped(zip(prior, likelihood).map { $0 * $1 / p }, groups))
                }
                return
            }
            for index in outcomeGroups[group] {
                enumerate(group + 1, zip(likelihood, scenarios[index].likelihood).map { $0 * $1 })
            }
        }
        enumerate(0, Array(repeating: 1.0, count: prior.count))
        let forecasts = scenarios.map { scenario in
            forecast(
                scenario.label, scenario.meaning,
                zip(prior, scenario.likelihood).reduce(0) { $0 + $1.0 * $1.1 }, scenario.posterior)
        }
        return (max(0, current - expected), forecasts)
    }

    private func forecast(_ label: String, _ meaning: LocalizedText, _ probability: Double, _ posterior: Ranking)
        -> OutcomeForecast
    {
        var favours: String?
        var best = 1e-9
        for (i, id) in posterior.ids.enumerated() {
            let rise = posterior.probabilities[i] - ranking.probabilities[i]
            if rise > best {
                best = rise
                favours = id
            }
        }
        var leader = "other"
        var leaderProbability = posterior.other
        if let i = ranker.tree.leader(totals: posterior.totals, other: posterior.other) {
            leader = posterior.ids[i]
            leaderProbability = posterior.totals[i]
        }
        return OutcomeForecast(
            label: label, meaning: meaning, probability: probability, favours: favours,
            leader: leader, leaderProbability: leaderProbability)
    }

    /// Log-yielding procedures without declared outcomes: each resolvable unknown rule is a binary outcome
    /// (fires / stays silent) with P(fires | h) = L/(L+1), L = w'(h)/w(h) its effect on h's weight when
    /// re-ranked as fired; rules are taken as independent given h and enumerated jointly (at most
    /// `maxSimulatedRules`, strongest first); the gain is the mutual information of the joint outcome.
    private func binary(_ singles: [SimulatedRule], current: Double, groups: [Int])
        -> (Double, [OutcomeForecast], [Rule])
    {
        let chosen = singles.sorted {
            $0.strength != $1.strength ? $0.strength > $1.strength : $0.rule.id < $1.rule.id
        }.prefix(max(options.maxSimulatedRules, 1)).sorted { $0.rule.id < $1.rule.id }
        let prior = ranking.distribution
        var expected = 0.0
        for mask in 0..<(1 << chosen.count) {
            var likelihood = Array(repeating: 1.0, count: prior.count)
            for (bit, single) in chosen.enumerated() {
                let fires = mask & (1 << bit) != 0
                for h in likelihood.indices { likelihood[h] *= fires ? single.fires[h] : 1 - single.fires[h] }
            }
            let p = zip(prior, likelihood).reduce(0) { $0 + $1.0 * $1.1 }
            guard p > 0 else { continue }
            expected += p * entropy(CauseTree.grouped(zip(prior, likelihood).map { $0 * $1 / p }, groups))
        }
        let forecasts = chosen.map { single in
            forecast(
                single.rule.id, single.rule.title,
                zip(prior, single.fires).reduce(0) { $0 + $1.0 * $1.1 }, single.posterior)
        }
        return (max(0, current - expected), forecasts, chosen.map(\.rule))
    }

    /// An unknown rule re-ranked as fired: the posterior, and per hypothesis (then other) P(fires | h) = L/(L+1).
    private struct SimulatedRule {
        let rule: Rule
        let posterior: Ranking
        let fires: [Double]
        /// The rule's strongest likelihood ratio: which rules ``binary(_:current:groups:)`` keeps when many.
        let strength: Double
    }

    private func simulate(_ rule: Rule) -> SimulatedRule {
        let posterior = ranker.rank(prepared, extra: [FiredRule(rule: rule, cites: Citations())])
        let ratios = zip(posterior.logWeights, ranking.logWeights).map { exp($0 - $1) } + [1.0]
        let strength =
            (rule.supported.map(\.strength) + rule.opposed.map(\.strength)).map(\.likelihoodRatio).max() ?? 1
        return SimulatedRule(
            rule: rule, posterior: posterior, fires: ratios.map { $0 / ($0 + 1) }, strength: strength)
    }
}
