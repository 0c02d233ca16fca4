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

    /// `fired` must be sorted by rule id.
    func rank(_ fired: [FiredRule]) -> Ranking {
        var supporters = Array(repeating: [(Int, Strength)](), count: hypotheses.count)
        var opposers = Array(repeating: [(Int, Strength)](), count: hypotheses.count)
        for (i, f) in fired.enumerated() {
            var bestSupport: [Int: Strength] = [:]
            var bestOppose: [Int: Strength] = [:]
            for conclusion in f.rule.conclusions {
                switch conclusion.effect {
                case .supports(let h, let s):
                    if let p = position[h], (bestSupport[p]?.likelihoodRatio ?? 0) < s.likelihoodRatio { bestSupport[p] = s }
                case .opposes(let h, let s):
                    if let p = position[h], (bestOppose[p]?.likelihoodRatio ?? 0) < s.likelihoodRatio { bestOppose[p] = s }
                case .recommends: break
                }
            }
            for (p, s) in bestSupport { supporters[p].append((i, s)) }
            for (p, s) in bestOppose { opposers[p].append((i, s)) }
        }
        var logWeights = logPriors
        var support: [[RawContribution]] = []
        var against: [[RawContribution]] = []
        for h in hypotheses.indices {
            let pro = damp(supporters[h].sorted { $0.0 < $1.0 }, fired, .supports)
            let con = damp(opposers[h].sorted { $0.0 < $1.0 }, fired, .opposes)
            // Sum in rule-id order so the result does not depend on input order.
            for c in (pro + con).sorted(by: { $0.fired < $1.fired }) { logWeights[h] += log(c.factor) }
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

    /// Rules for one hypothesis and direction that cite a common fact form a cluster (transitively); in a
    /// cluster the strongest rule (ties: lower rule id) counts fully, the others with `ratio^exponent`.
    private func damp(_ entries: [(Int, Strength)], _ fired: [FiredRule], _ direction: Direction) -> [RawContribution] {
        guard !entries.isEmpty else { return [] }
        var parent = Array(entries.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var owner: [Int: Int] = [:]
        for (k, entry) in entries.enumerated() {
            for cite in fired[entry.0].cites {
                if let other = owner[cite] {
                    let a = find(k), b = find(other)
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[cite] = k
                }
            }
        }
        var leaders: [Int: Int] = [:]   // cluster root → entry position of its strongest rule
        for k in entries.indices {
            let root = find(k)
            if let best = leaders[root] {
                let a = entries[k].1.likelihoodRatio, b = entries[best].1.likelihoodRatio
                if a > b || (a == b && fired[entries[k].0].rule.id < fired[entries[best].0].rule.id) { leaders[root] = k }
            } else {
                leaders[root] = k
            }
        }
        return entries.enumerated().map { k, entry in
            let ratio = entry.1.likelihoodRatio
            let isLeader = leaders[find(k)] == k
            let effective = isLeader ? ratio : pow(ratio, exponent)
            return RawContribution(fired: entry.0, direction: direction, strength: entry.1,
                                   factor: direction == .supports ? effective : 1 / effective, shared: !isLeader)
        }
    }
}

/// Shannon entropy in bits.
func entropy(_ distribution: [Double]) -> Double {
    distribution.reduce(0) { $0 - ($1 > 0 ? $1 * log2($1) : 0) }
}
