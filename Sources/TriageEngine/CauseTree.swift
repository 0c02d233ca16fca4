import TriageCore

/// The tree of causes over the ranker's hypotheses (sorted by id): each hypothesis' weight is an *atom* —
/// for a leaf its whole mass, for a class its residual ("this class, cause not known yet"). A node's total
/// is its atom plus its descendants' totals. Unknown or cyclic parents are treated as roots (the linter
/// reports them), so the tree is always well formed here.
struct CauseTree: Sendable {
    /// Parent position per hypothesis, nil for a root.
    let parent: [Int?]
    /// Children positions per hypothesis, sorted by id.
    let children: [[Int]]
    /// Self and ancestors per hypothesis, self first.
    let lineage: [[Int]]
    /// Root of each hypothesis.
    let root: [Int]

    init(_ hypotheses: [Hypothesis]) {
        var position: [String: Int] = [:]
        for (i, h) in hypotheses.enumerated() where position[h.id] == nil { position[h.id] = i }
        var parent: [Int?] = hypotheses.map { h in h.parent.flatMap { position[$0] } }
        // Break cycles: a node whose chain of parents comes back to itself becomes a root.
        for i in parent.indices {
            var seen: Set<Int> = [i]
            var current = parent[i]
            while let p = current {
                if !seen.insert(p).inserted {
                    parent[i] = nil
                    break
                }
                current = parent[p]
            }
        }
        var children = Array(repeating: [Int](), count: hypotheses.count)
        for (i, p) in parent.enumerated() { if let p { children[p].append(i) } }
        var lineage: [[Int]] = []
        for i in parent.indices {
            var chain = [i]
            while let p = parent[chain.last!] { chain.append(p) }
            lineage.append(chain)
        }
        self.parent = parent
        self.children = children
        self.lineage = lineage
        self.root = lineage.map { $0.last! }
    }

    var isFlat: Bool { parent.allSatisfy { $0 == nil } }

    /// Node totals from atom masses: atom plus every descendant's atom.
    func totals(_ atoms: [Double]) -> [Double] {
        var totals = atoms
        for (i, chain) in lineage.enumerated() { for ancestor in chain.dropFirst() { totals[ancestor] += atoms[i] } }
        return totals
    }

    /// The child that leads its class: the most probable child (ties: lower position, i.e. id) when it holds
    /// more than half of the class's mass — more likely than its siblings and the residual together.
    func leadingChild(_ node: Int, totals: [Double]) -> Int? {
        var best: Int?
        for c in children[node] where best == nil || totals[c] > totals[best!] { best = c }
        guard let best, totals[best] > 0.5 * totals[node] else { return nil }
        return best
    }

    /// Display order: the causes that compete — roots by total, best first (ties by position) — each
    /// preceded by its leading child (recursively), so the most specific supported cause is first; then the
    /// refinements that lead nothing (children of a class, by total), which are not rivals of their class.
    func order(totals: [Double]) -> [Int] {
        let sorted = totals.indices.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
        var placed = Array(repeating: false, count: totals.count)
        var result: [Int] = []
        func put(_ i: Int) {
            guard !placed[i] else { return }
            if let c = leadingChild(i, totals: totals) { put(c) }
            placed[i] = true
            result.append(i)
        }
        for i in sorted where parent[i] == nil { put(i) }
        for i in sorted { put(i) }
        return result
    }

    /// The leader: the most specific cause the evidence supports, or nil when "other" outweighs every root.
    func leader(totals: [Double], other: Double) -> Int? {
        guard let first = order(totals: totals).first, totals[root[first]] >= other else { return nil }
        return first
    }

    /// Groups for valuing a test: the atoms of the leading root's subtree each stand alone (a test is valued
    /// by how it splits the children of the leading class), every other root's subtree is one group, and
    /// "other" (index `count`) is its own group. Returns the group of each atom, then of other.
    func groups(totals: [Double], other: Double) -> [Int] {
        let n = parent.count
        let roots = (0..<n).filter { parent[$0] == nil }
        let leading = roots.max { totals[$0] != totals[$1] ? totals[$0] < totals[$1] : $0 > $1 }
        return (0..<n).map { i in root[i] == leading ? i : root[i] } + [n]
    }

    /// Sums a distribution (atoms then other) by group.
    static func grouped(_ distribution: [Double], _ groups: [Int]) -> [Double] {
        var out = Array(repeating: 0.0, count: distribution.count)
        for (i, p) in distribution.enumerated() { out[groups[i]] += p }
        return out
    }
}
