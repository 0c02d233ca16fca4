import Foundation
import TriageCore

/// A rule whose condition is true, with the facts it cited (evaluator indices; empty when simulated).
struct FiredRule {
    let rule: Rule
    let cites: [Int]
}

/// One contribution before it is turned into the public ``Contribution``.
struct RawContribution {
    let fired: Int
    let direction: Direction
    let strength: Strength
    let factor: Double
    let shared: Bool
}

/// The ranking for one set of fired rules.
struct Ranking {
    /// Hypothesis ids, sorted (the ranker's order).
    let ids: [String]
    let logWeights: [Double]
    let otherLogWeight: Double
    let probabilities: [Double]
    let other: Double
    let support: [[RawContribution]]
    let against: [[RawContribution]]

    var distribution: [Double] { probabilities + [other] }

    func probability(of id: String) -> Double {
        guard let i = ids.firstIndex(of: id) else { return 0 }
        return probabilities[i]
    }
}

/// Bayes over competing causes plus an "other" mass (docs/reasoning.md): each hypothesis' weight is its
/// prior times the factors of the fired rules that speak to it; weights are normalised with the other mass.
struct Ranker {
    let hypotheses: [Hypothesis]
    let logPriors: [Double]
    let otherPrior: Double
    let exponent: Double
    private let position: [String: Int]

    init(knowledge: KnowledgeBase, options: AnalysisOptions) {
        hypotheses = knowledge.hypotheses.sorted { $0.id < $1.id }
        var position: [String: Int] = [:]
        for (i, h) in hypotheses.enumerated() where position[h.id] == nil { position[h.id] = i }
        self.position = position
        let otherPrior = min(max(options.otherPrior, 0), 1)
        self.otherPrior = otherPrior
        let total = hypotheses.reduce(0) { $0 + max($1.prior, 0) }
        let share = 1 - otherPrior
        let count = Double(max(hypotheses.count, 1))
        logPriors = hypotheses.map { h in
            let p = total > 0 ? share * max(h.prior, 0) / total : share / count
            return log(p)
        }
        exponent = options.sharedEvidenceExponent
    }

    var priors: [Double] { logPriors.map { exp($0) } }

    /// The fired rules of the analysis, grouped per hypothesis and direction, with their shared-evidence
    /// clusters computed once; simulations add a few rules on top without recomputing them.
    struct Prepared {
        let base: [FiredRule]
        /// Per hypothesis: entries (index into `base`, strength), their cluster roots, and which entry
        /// owns each cited fact.
        let support: [Group]
        let against: [Group]
    }

    struct Group {
        var entries: [(fired: Int, strength: Strength)] = []
        var roots: [Int] = []
        var owner: [Int: Int] = [:]
    }

    /// `base` must be sorted by rule id.
    func prepare(_ base: [FiredRule]) -> Prepared {
        var support = Array(repeating: Group(), count: hypotheses.count)
        var against = Array(repeating: Group(), count: hypotheses.count)
        for (i, f) in base.enumerated() {
            let (pro, con) = effects(f.rule)
            for (p, s) in pro { support[p].entries.append((i, s)) }
            for (p, s) in con { against[p].entries.append((i, s)) }
        }
        func cluster(_ group: inout Group) {
            var parent = Array(group.entries.indices)
            for (k, entry) in group.entries.enumerated() {
                for cite in base[entry.fired].cites {
                    if let other = group.owner[cite] {
                        union(&parent, k, other)
                    } else {
                        group.owner[cite] = k
                    }
                }
            }
            group.roots = group.entries.indices.map { find(&parent, $0) }
        }
        for h in hypotheses.indices {
            cluster(&support[h])
            cluster(&against[h])
        }
        return Prepared(base: base, support: support, against: against)
    }

    /// Ranks `prepared.base` plus `extra` fired rules (sorted by rule id; not in base).
    /// Contributions index into `prepared.base + extra`.
    func rank(_ prepared: Prepared, extra: [FiredRule] = []) -> Ranking {
        let all = prepared.base + extra
        var extraSupport = Array(repeating: [(Int, Strength)](), count: hypotheses.count)
        var extraAgainst = Array(repeating: [(Int, Strength)](), count: hypotheses.count)
        for (i, f) in extra.enumerated() {
            let (pro, con) = effects(f.rule)
            for (p, s) in pro { extraSupport[p].append((prepared.base.count + i, s)) }
            for (p, s) in con { extraAgainst[p].append((prepared.base.count + i, s)) }
        }
        var logWeights = logPriors
        var support: [[RawContribution]] = []
        var against: [[RawContribution]] = []
        for h in hypotheses.indices {
            let pro = damp(prepared.support[h], extraSupport[h], all, .supports)
            let con = damp(prepared.against[h], extraAgainst[h], all, .opposes)
            // Sum in rule-id order so the result does not depend on input order.
            for c in (pro + con).sorted(by: { all[$0.fired].rule.id < all[$1.fired].rule.id }) {
                logWeights[h] += log(c.factor)
            }
            support.append(pro)
            against.append(con)
        }
        let otherLog = log(max(otherPrior, .leastNonzeroMagnitude))
        let top = max(logWeights.max() ?? otherLog, otherLog)
        let weights = logWeights.map { exp($0 - top) }
        let otherWeight = exp(otherLog - top)
        let sum = weights.reduce(0, +) + otherWeight
        return Ranking(ids: hypotheses.map(\.id), logWeights: logWeights, otherLogWeight: otherLog,
                       probabilities: weights.map { $0 / sum }, other: otherWeight / sum,
                       support: support, against: against)
    }

    /// The strongest conclusion per hypothesis a rule supports and opposes (positions in `hypotheses`).
    private func effects(_ rule: Rule) -> ([Int: Strength], [Int: Strength]) {
        var pro: [Int: Strength] = [:]
        var con: [Int: Strength] = [:]
        for conclusion in rule.conclusions {
            switch conclusion.effect {
            case .supports(let h, let s):
                if let p = position[h], (pro[p]?.likelihoodRatio ?? 0) < s.likelihoodRatio { pro[p] = s }
            case .opposes(let h, let s):
                if let p = position[h], (con[p]?.likelihoodRatio ?? 0) < s.likelihoodRatio { con[p] = s }
            case .recommends: break
            }
        }
        return (pro, con)
    }

    /// Rules for one hypothesis and direction that cite a common fact form a cluster (transitively); in a
    /// cluster the strongest rule (ties: lower rule id) counts fully, the others with `ratio^exponent`.
    private func damp(_ group: Group, _ extra: [(Int, Strength)], _ all: [FiredRule], _ direction: Direction) -> [RawContribution] {
        let entries = group.entries.map { ($0.fired, $0.strength) } + extra
        guard !entries.isEmpty else { return [] }
        var parent = group.roots + Array(group.entries.count..<entries.count)
        var extraOwner: [Int: Int] = [:]
        for k in group.entries.count..<entries.count {
            for cite in all[entries[k].0].cites {
                if let other = group.owner[cite] { union(&parent, k, other) }
                if let other = extraOwner[cite] { union(&parent, k, other) } else { extraOwner[cite] = k }
            }
        }
        var leaders: [Int: Int] = [:]   // cluster root → entry position of its strongest rule
        for k in entries.indices {
            let root = find(&parent, k)
            if let best = leaders[root] {
                let a = entries[k].1.likelihoodRatio, b = entries[best].1.likelihoodRatio
                if a > b || (a == b && all[entries[k].0].rule.id < all[entries[best].0].rule.id) { leaders[root] = k }
            } else {
                leaders[root] = k
            }
        }
        return entries.enumerated().map { k, entry in
            let ratio = entry.1.likelihoodRatio
            let isLeader = leaders[find(&parent, k)] == k
            let effective = isLeader ? ratio : pow(ratio, exponent)
            return RawContribution(fired: entry.0, direction: direction, strength: entry.1,
                                   factor: direction == .supports ? effective : 1 / effective, shared: !isLeader)
        }
    }
}

private func find(_ parent: inout [Int], _ x: Int) -> Int {
    var x = x
    while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
    }
    return x
}

private func union(_ parent: inout [Int], _ a: Int, _ b: Int) {
    let x = find(&parent, a), y = find(&parent, b)
    if x != y { parent[max(x, y)] = min(x, y) }
}

/// Shannon entropy in bits.
func entropy(_ distribution: [Double]) -> Double {
    distribution.reduce(0) { $0 - ($1 > 0 ? $1 * log2($1) : 0) }
}
