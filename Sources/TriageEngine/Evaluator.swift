import TriageCore

/// The result of evaluating one condition: its truth, the facts cited by its true, non-negated leaves
/// (indices into the evaluator's facts), and the leaves that were unknown when the result is unknown.
struct NodeResult {
    var truth: Truth
    var cites: [Int] = []
    var unknown: [Condition] = []
}

/// Three-valued evaluation of condition trees over one bundle's facts plus engineer observations
/// (semantics: docs/knowledge-format.md, "Conditions"; docs/reasoning.md).
struct Evaluator {
    let store: FactStore
    let observations: [String: String]
    /// Observations as facts of kind `observation` {name, value}, sorted by name; their indices follow
    /// the store's facts.
    let observationFacts: [Fact]

    /// File name that observation facts carry in their provenance (line 0).
    static let observationFile = "(observation)"

    init(store: FactStore, observations: [String: String]) {
        self.store = store
        self.observations = observations
        observationFacts = observations.sorted { $0.key < $1.key }.map { name, value in
            Fact(kind: FactKind.observation, attributes: ["name": name, "value": value],
                 provenance: Provenance(file: Evaluator.observationFile, line: 0, text: "\(name)=\(value)"))
        }
    }

    func fact(_ index: Int) -> Fact {
        index < store.count ? store.facts[index] : observationFacts[index - store.count]
    }

    /// Indices of the facts matching a pattern (observations included for kind `observation`).
    func matches(_ pattern: FactPattern) -> [Int] {
        guard pattern.kind == FactKind.observation else { return store.matches(pattern) }
        return observationFacts.indices.filter { PatternMatcher.matches(observationFacts[$0], pattern.predicates) }
            .map { $0 + store.count }
    }

    /// Observation facts come from no log: a pattern over them is never "collected".
    func isCollected(_ pattern: FactPattern) -> Bool {
        pattern.kind == FactKind.observation ? false : store.isCollected(pattern)
    }

    func evaluate(_ condition: Condition) -> NodeResult {
        switch condition.node {
        case .all(let children):
            var cites: [Int] = []
            var unknown: [Condition] = []
            var sawUnknown = false
            for child in children {
                let result = evaluate(child)
                switch result.truth {
                case .false: return NodeResult(truth: .false)
                case .unknown:
                    sawUnknown = true
                    unknown += result.unknown
                case .true: cites += result.cites
                }
            }
            return sawUnknown ? NodeResult(truth: .unknown, unknown: unknown) : NodeResult(truth: .true, cites: cites)
        case .any(let children):
            var cites: [Int] = []
            var unknown: [Condition] = []
            var sawTrue = false
            var sawUnknown = false
            for child in children {
                let result = evaluate(child)
                switch result.truth {
                case .true:
                    sawTrue = true
                    cites += result.cites
                case .unknown:
                    sawUnknown = true
                    unknown += result.unknown
                case .false: break
                }
            }
            if sawTrue { return NodeResult(truth: .true, cites: cites) }
            return sawUnknown ? NodeResult(truth: .unknown, unknown: unknown) : NodeResult(truth: .false)
        case .not(let child):
            let result = evaluate(child)
            return NodeResult(truth: !result.truth, unknown: result.truth == .unknown ? result.unknown : [])
        case .fact(let pattern):
            return count(pattern, atLeast: 1, condition)
        case .count(let pattern, let atLeast):
            return count(pattern, atLeast: atLeast, condition)
        case .absent(let pattern):
            if !matches(pattern).isEmpty { return NodeResult(truth: .false) }
            return isCollected(pattern) ? NodeResult(truth: .true) : NodeResult(truth: .unknown, unknown: [condition])
        case .observation(let name, let values):
            guard let observed = observations[name] else { return NodeResult(truth: .unknown, unknown: [condition]) }
            let folded = PatternMatcher.fold(observed)
            guard values.contains(where: { PatternMatcher.fold($0) == folded }),
                  let index = observationFacts.firstIndex(where: { $0["name"] == name })
            else { return NodeResult(truth: .false) }
            return NodeResult(truth: .true, cites: [store.count + index])
        case .before(let first, let then, let same, let withinMinutes):
            let cites = orderedPairs(first, then, same: same, withinMinutes: withinMinutes)
            if !cites.isEmpty { return NodeResult(truth: .true, cites: cites) }
            if isCollected(first) && isCollected(then) { return NodeResult(truth: .false) }
            return NodeResult(truth: .unknown, unknown: [condition])
        case .collected(let kind):
            return NodeResult(truth: Truth(store.collected.contains(kind)))
        }
    }

    private func count(_ pattern: FactPattern, atLeast: Int, _ condition: Condition) -> NodeResult {
        let found = matches(pattern)
        if found.count >= max(atLeast, 1) { return NodeResult(truth: .true, cites: found) }
        return isCollected(pattern) ? NodeResult(truth: .false) : NodeResult(truth: .unknown, unknown: [condition])
    }

    /// Every fact taking part in a pair (a of `first`, b of `then`) where a precedes b: by timestamp when both
    /// carry different ones, else by line within one file; sharing `same`, within `withinMinutes` (which
    /// needs timestamps on both).
    func orderedPairs(_ first: FactPattern, _ then: FactPattern, same: String?, withinMinutes: Int?) -> [Int] {
        let left = matches(first)
        let right = matches(then)
        guard !left.isEmpty, !right.isEmpty else { return [] }
        let rightSeconds = right.map { Timestamp.seconds(fact($0).provenance.timestamp) }
        var groups: [String: [Int]] = [:]   // same-value → positions in `right`
        if let same {
            for (position, index) in right.enumerated() {
                if let value = fact(index)[same] { groups[PatternMatcher.fold(value), default: []].append(position) }
            }
        }
        let allPositions = Array(right.indices)
        var cited = Set<Int>()
        for a in left {
            let factA = fact(a)
            let positions: [Int]
            if let same {
                guard let value = factA[same] else { continue }
                positions = groups[PatternMatcher.fold(value)] ?? []
            } else {
                positions = allPositions
            }
            let secondsA = Timestamp.seconds(factA.provenance.timestamp)
            for position in positions {
                let b = right[position]
                guard a != b else { continue }
                let factB = fact(b)
                let secondsB = rightSeconds[position]
                let precedes: Bool
                if let sa = secondsA, let sb = secondsB, sa != sb {
                    precedes = sa < sb
                } else {
                    precedes = factA.provenance.file == factB.provenance.file && factA.provenance.line < factB.provenance.line
                }
                guard precedes else { continue }
                if let withinMinutes {
                    guard let sa = secondsA, let sb = secondsB, sb - sa <= withinMinutes * 60 else { continue }
                }
                cited.insert(a)
                cited.insert(b)
            }
        }
        return cited.sorted()
    }
}
