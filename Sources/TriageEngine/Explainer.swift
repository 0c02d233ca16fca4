import TriageCore

/// HOW a hypothesis got its probability, and WHY-NOT a rule did not fire.
public struct Explainer: Sendable {
    public let knowledge: KnowledgeBase
    /// Near misses listed per blocking condition.
    public var nearestLimit = 5

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    /// Every rule and fact behind a hypothesis' score, prior → posterior. Nil for an unknown id.
    public func how(_ hypothesis: String, in analysis: Analysis) -> HowExplanation? {
        guard let h = analysis.hypothesis(hypothesis) else { return nil }
        let weight = (h.support + h.against).reduce(h.prior) { $0 * $1.factor }
        return HowExplanation(
            hypothesis: h, weight: weight,
            total: h.probability > 0 ? weight / h.probability : 0,
            rank: (analysis.hypotheses.firstIndex { $0.id == h.id } ?? 0) + 1, text: analysis.text)
    }

    /// The first condition that failed or was unknown, with the nearest facts. Nil for an unknown rule id.
    public func whyNot(_ ruleID: String, in analysis: Analysis) -> WhyNotExplanation? {
        guard let rule = knowledge.rule(ruleID) else { return nil }
        let store = FactStore(evidence: analysis.evidence, knowledge: knowledge)
        let evaluator = Evaluator(store: store, observations: analysis.observations)
        let top = evaluator.evaluate(rule.condition)
        var explanation = WhyNotExplanation(
            rule: rule.id, title: rule.title, truth: top.truth, path: [], blocker: nil, detail: LocalizedText(),
            nearest: [], procedures: [],
            citations: top.truth == .true ? evaluator.sortedCitations(top.cites).map(evaluator.fact) : [],
            text: analysis.text)
        guard top.truth != .true else { return explanation }
        var node = rule.condition
        var truth = top.truth
        var path: [Condition] = []
        descend: while true {
            path.append(node)
            switch node.node {
            case .all(let children), .any(let children):
                guard let next = children.first(where: { evaluator.evaluate($0).truth == truth }) else { break descend }
                node = next
            case .not(let child):
                let inner = evaluator.evaluate(child)
                if inner.truth == .unknown {
                    node = child
                    continue descend
                }
                // The negated condition held: it is the blocker; what it matched are the nearest facts.
                explanation.nearest = Set(inner.cites).map(evaluator.fact).sorted(by: Fact.stableOrder)
                    .prefix(nearestLimit).map { NearFact(fact: $0, predicate: nil, actual: nil) }
                explanation.detail = text.localized("why.negated-holds")
                break descend
            default:
                break descend
            }
            truth = evaluator.evaluate(node).truth
        }
        explanation.path = path
        explanation.blocker = node
        if case .not = node.node {
        } else {
            let (detail, nearest) = self.detail(node, truth: truth, evaluator)
            explanation.detail = detail
            explanation.nearest = nearest
        }
        if truth == .unknown {
            let resolution = Resolution(evaluator: evaluator)
            explanation.procedures = knowledge.procedures.filter { resolution.resolves($0, node) }.map(\.id).sorted()
        }
        return explanation
    }

    /// The interface texts (`why.*` in `ui-text.xml`).
    private var text: UIText { knowledge.uiText }

    private func detail(_ leaf: Condition, truth: Truth, _ evaluator: Evaluator) -> (LocalizedText, [NearFact]) {
        if truth == .unknown {
            return (
                ConditionText.unknownReason(leaf, store: evaluator.store, text), []
            )
        }
        switch leaf.node {
        case .fact(let pattern):
            return (text.localized("why.no-fact-matched"), nearMisses(pattern, evaluator))
        case .count(let pattern, let n, let apart):
            let found = evaluator.matches(pattern)
            let matched = found.map { NearFact(fact: evaluator.fact($0), predicate: nil, actual: nil) }
            let counted = apart.map { evaluator.occurrenceCount(found, apartSeconds: $0 * 60) } ?? found.count
            let only =
                apart.map {
                    text.localized("why.only-matched-apart", ["\(counted)", "\(n)", "\($0)", "\(found.count)"])
                }
                ?? text.localized("why.only-matched", ["\(counted)", "\(n)"])
            return (
                only,
                Array(
                    (matched.sorted { Fact.stableOrder($0.fact, $1.fact) } + nearMisses(pattern, evaluator)).prefix(
                        nearestLimit))
            )
        case .absent(let pattern):
            let found = evaluator.matches(pattern).map(evaluator.fact).sorted(by: Fact.stableOrder)
            return (
                text.localized("why.matching-facts-exist", ["\(found.count)"]),
                found.prefix(nearestLimit).map { NearFact(fact: $0, predicate: nil, actual: nil) }
            )
        case .observation(let name, _):
            let value = evaluator.observations[name] ?? ""
            return (text.localized("why.observed", [name, value]), [])
        case .before(let first, let then, _, _):
            let a = evaluator.matches(first)
            let b = evaluator.matches(then)
            let facts = (Array(a.prefix(nearestLimit)) + Array(b.prefix(nearestLimit))).map(evaluator.fact).sorted(
                by: Fact.stableOrder)
            return (
                text.localized("why.none-in-order", ["\(a.count)", "\(b.count)"]),
                facts.prefix(nearestLimit).map { NearFact(fact: $0, predicate: nil, actual: nil) }
            )
        case .collected(let kind):
            return (text.localized("why.log-not-collected", [kind.rawValue]), [])
        case .all, .any, .not:
            return (text.localized("why.no-alternative-holds"), [])
        }
    }

    /// Facts of the right kind (in the pattern's logs) that failed a predicate: most predicates passed first,
    /// then stable order; each with the first failing predicate and the actual value.
    private func nearMisses(_ pattern: FactPattern, _ evaluator: Evaluator) -> [NearFact] {
        let candidates: [Int]
        if pattern.kind == FactKind.observation {
            candidates = evaluator.observationFacts.indices.map { $0 + evaluator.store.count }
        } else {
            let restrict = pattern.sources.isEmpty ? nil : Set(pattern.sources)
            candidates = evaluator.store.facts(ofKind: pattern.kind).filter { index in
                guard let restrict else { return true }
                return evaluator.store.logKind(of: index).map(restrict.contains) ?? false
            }
        }
        var scored: [(passed: Int, near: NearFact)] = []
        for index in candidates {
            let fact = evaluator.fact(index)
            guard let failing = pattern.predicates.first(where: { !PatternMatcher.passes(fact, $0) }) else { continue }
            let passed = pattern.predicates.filter { PatternMatcher.passes(fact, $0) }.count
            scored.append((passed, NearFact(fact: fact, predicate: failing, actual: fact[failing.name])))
        }
        scored.sort { $0.passed != $1.passed ? $0.passed > $1.passed : Fact.stableOrder($0.near.fact, $1.near.fact) }
        return scored.prefix(nearestLimit).map(\.near)
    }
}

public struct HowExplanation: Sendable, Hashable {
    public var hypothesis: RankedHypothesis
    /// prior × Π factors (unnormalised).
    public var weight: Double
    /// Sum of all weights, other included: probability = weight / total.
    public var total: Double
    public var rank: Int
    /// The interface texts of the analysis explained.
    public var text: UIText = UIText()
}

/// A fact close to matching: the predicate it failed (nil when it is listed because it did match) and the
/// attribute's actual value (nil when missing).
public struct NearFact: Sendable, Hashable {
    public var fact: Fact
    public var predicate: AttributePredicate?
    public var actual: String?
}

public struct WhyNotExplanation: Sendable, Hashable {
    public var rule: String
    public var title: LocalizedText
    public var truth: Truth
    /// From the rule's root condition down to the blocker.
    public var path: [Condition]
    /// The first condition that failed or was unknown (nil when the rule fired).
    public var blocker: Condition?
    public var detail: LocalizedText
    public var nearest: [NearFact]
    /// Procedures whose yields would decide an unknown blocker.
    public var procedures: [String]
    /// What the rule cited, when it fired after all.
    public var citations: [Fact]
    /// The interface texts of the analysis explained.
    public var text: UIText = UIText()
}
