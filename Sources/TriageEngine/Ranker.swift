import Foundation
import TriageCore

/// A rule whose condition is true, with the facts it cited (evaluator indices; empty when simulated).
struct FiredRule {
    let rule: Rule
    let cites: Citations
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
    /// Atom masses: a leaf's probability, a class's residual (docs/reasoning.md, "A tree of causes").
    let probabilities: [Double]
    /// Node masses: atom plus descendants (equal to `probabilities` for leaves).
    let totals: [Double]
    let other: Double
    let support: [[RawContribution]]
    let against: [[RawContribution]]

    /// Atoms then other: a proper distribution over mutually exclusive outcomes.
    var distribution: [Double] { probabilities + [other] }

    /// A node's mass (a class: its children plus its residual).
    func probability(of id: String) -> Double {
        guard let i = ids.firstIndex(of: id) else { return 0 }
        return totals[i]
    }
}

/// Bayes over competing causes plus an "other" mass (docs/reasoning.md): each hypothesis' weight is its
/// prior times the factors of the fired rules that speak to it; weights are normalised with the other mass.
struct Ranker {
    let hypotheses: [Hypothesis]
    let logPriors: [Double]
    let otherPrior: Double
    let exponent: Double
    let tree: CauseTree
    private let position: [String: Int]

    init(knowledge: KnowledgeBase, options: AnalysisOptions) {
        let hypotheses = knowledge.hypotheses.sorted { $0.id < $1.id }
        self.hypotheses = hypotheses
        var position: [String: Int] = [:]
        for (i, h) in hypotheses.enumerated() where position[h.id] == nil { position[h.id] = i }
        self.position = position
        let tree = CauseTree(hypotheses)
        self.tree = tree
        let otherPrior = min(max(options.otherPrior, 0), 1)
        self.otherPrior = otherPrior
        // Roots share 1 − p_other in proportion to their priors; a child's prior is its share of its parent's
        // mass; a class keeps the rest as its residual atom.
        let roots = hypotheses.indices.filter { tree.parent[$0] == nil }
        let total = roots.reduce(0) { $0 + max(hypotheses[$1].prior, 0) }
        let share = 1 - otherPrior
        let count = Double(max(roots.count, 1))
        var mass = Array(repeating: 0.0, count: hypotheses.count)
        for chain in tree.lineage.sorted(by: { $0.count < $1.count }) {
            let i = chain[0]
            if let p = tree.parent[i] {
                mass[i] = mass[p] * min(max(hypotheses[i].prior, 0), 1)
            } else {
                mass[i] = total > 0 ? share * max(hypotheses[i].prior, 0) / total : share / count
            }
        }
        logPriors = hypotheses.indices.map { i in
            let claimed = tree.children[i].reduce(0) { $0 + min(max(hypotheses[$1].prior, 0), 1) }
            let residual = tree.children[i].isEmpty ? 1 : max(1 - claimed, 1e-6)
            return log(max(mass[i] * residual, .leastNonzeroMagnitude))
        }
        exponent = options.sharedEvidenceExponent
    }

    /// Atom priors (a class: its residual).
    var priors: [Double] { logPriors.map { exp($0) } }
    /// Node priors (a class: children plus residual).
    var totalPriors: [Double] { tree.totals(priors) }

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
        /// Every fact an entry cites, ascending, and the cluster root of the entries that cite it.
        var cited: [Int32] = []
        var citedRoots: [Int32] = []
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
        // The entry that first cited each fact, in one array over all cited facts, cleared after each group
        // (the facts a group touched are marked in a bit set, which also lists them in order).
        let bound = base.reduce(0) { max($0, $1.cites.bound) }
        var owner = [Int32](repeating: -1, count: bound)
        var touched = [UInt64](repeating: 0, count: bound / 64 + 1)
        func cluster(_ group: inout Group) {
            var parent = Array(group.entries.indices)
            for (k, entry) in group.entries.enumerated() {
                for list in base[entry.fired].cites.lists {
                    for cite in list {
                        let other = Int(owner[cite])
                        if other >= 0 {
                            if other != k { union(&parent, k, other) }
                        } else {
                            owner[cite] = Int32(k)
                            touched[cite >> 6] |= 1 << UInt64(cite & 63)
                        }
                    }
                }
            }
            group.roots = group.entries.indices.map { find(&parent, $0) }
            for word in touched.indices where touched[word] != 0 {
                var rest = touched[word]
                while rest != 0 {
                    let cite = word << 6 | rest.trailingZeroBitCount
                    group.cited.append(Int32(cite))
                    group.citedRoots.append(Int32(group.roots[Int(owner[cite])]))
                    owner[cite] = -1
                    rest &= rest - 1
                }
                touched[word] = 0
            }
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
        var own = Array(repeating: 0.0, count: hypotheses.count)
        var support: [[RawContribution]] = []
        var against: [[RawContribution]] = []
        for h in hypotheses.indices {
            let pro = damp(prepared.support[h], extraSupport[h], all, .supports)
            let con = damp(prepared.against[h], extraAgainst[h], all, .opposes)
            // Sum in rule-id order so the result does not depend on input order.
            for c in (pro + con).sorted(by: { all[$0.fired].rule.id < all[$1.fired].rule.id }) {
                own[h] += log(c.factor)
            }
            support.append(pro)
            against.append(con)
        }
        // A rule that names a class speaks to every atom under it: its residual and all its descendants.
        let logWeights = hypotheses.indices.map { h in
            tree.lineage[h].reduce(logPriors[h]) { $0 + own[$1] }
        }
        let otherLog = log(max(otherPrior, .leastNonzeroMagnitude))
        let top = max(logWeights.max() ?? otherLog, otherLog)
        let weights = logWeights.map { exp($0 - top) }
        let otherWeight = exp(otherLog - top)
        let sum = weights.reduce(0, +) + otherWeight
        let probabilities = weights.map { $0 / sum }
        return Ranking(
            ids: hypotheses.map(\.id), logWeights: logWeights, otherLogWeight: otherLog,
            probabilities: probabilities, totals: tree.totals(probabilities), other: otherWeight / sum,
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
            case .recommends, .establishes: break
            }
        }
        return (pro, con)
    }

    /// Rules for one hypothesis and direction that cite a common fact form a cluster (transitively); in a
    /// cluster the strongest rule (ties: lower rule id) counts fully, the others with `ratio^exponent`.
    private func damp(_ group: Group, _ extra: [(Int, Strength)], _ all: [FiredRule], _ direction: Direction)
        -> [RawContribution]
    {
        let entries = group.entries.map { ($0.fired, $0.strength) } + extra
        guard !entries.isEmpty else { return [] }
        var parent = group.roots + Array(group.entries.count..<entries.count)
        // An extra rule joins the clusters of the facts it cites (a walk along the group's ascending cited
        // facts) and any earlier extra rule citing a fact it cites.
        var extraCites: [[Int]] = []
        for k in group.entries.count..<entries.count {
            let cites = all[entries[k].0].cites.sortedUnique()
            var position = 0
            for cite in cites {
                position = Self.firstAtLeast(group.cited, cite, from: position)
                guard position < group.cited.count else { break }
                if group.cited[position] == cite { union(&parent, k, Int(group.citedRoots[position])) }
            }
            for (e, earlier) in extraCites.enumerated() where Self.intersect(earlier, cites) {
                union(&parent, k, group.entries.count + e)
            }
            extraCites.append(cites)
        }
        var leaders: [Int: Int] = [:]  // cluster root → entry position of its strongest rule
        for k in entries.indices {
            let root = find(&parent, k)
            if let best = leaders[root] {
                let a = entries[k].1.likelihoodRatio
                let b = entries[best].1.likelihoodRatio
                if a > b || (a == b && all[entries[k].0].rule.id < all[entries[best].0].rule.id) { leaders[root] = k }
            } else {
                leaders[root] = k
            }
        }
        return entries.enumerated().map { k, entry in
            let ratio = entry.1.likelihoodRatio
            let isLeader = leaders[find(&parent, k)] == k
            let effective = isLeader ? ratio : pow(ratio, exponent)
            return RawContribution(
                fired: entry.0, direction: direction, strength: entry.1,
                factor: direction == .supports ? effective : 1 / effective, shared: !isLeader)
        }
    }
}

extension Ranker {
    /// The first position at or after `start` whose value is ≥ `value` (galloping, then binary search).
    static func firstAtLeast(_ sorted: [Int32], _ value: Int, from start: Int) -> Int {
        var low = start
        var step = 1
        var high = start
        while high < sorted.count && Int(sorted[high]) < value {
            low = high + 1
            high += step
            step *= 2
        }
        high = min(high, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if Int(sorted[mid]) < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether two ascending lists share a value.
    static func intersect(_ a: [Int], _ b: [Int]) -> Bool {
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
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
    let x = find(&parent, a)
    let y = find(&parent, b)
    if x != y { parent[max(x, y)] = min(x, y) }
}

/// Shannon entropy in bits.
func entropy(_ distribution: [Double]) -> Double {
    distribution.reduce(0) { $0 - ($1 > 0 ? $1 * log2($1) : 0) }
}
