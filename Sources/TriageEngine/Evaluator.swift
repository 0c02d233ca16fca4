import TriageCore

/// The result of evaluating one condition: its truth, the facts cited by its true, non-negated leaves
/// (indices into the evaluator's facts), and the leaves that were unknown when the result is unknown.
struct NodeResult {
    var truth: Truth
    var cites = Citations()
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
        observationFacts = observations.sorted { $0.key < $1.key }.map(Evaluator.observationFact)
    }

    /// The base evaluator plus one more observation, appended so the base's fact indices keep their meaning
    /// (shared-evidence detection compares indices across the two).
    init(extending base: Evaluator, name: String, value: String) {
        store = base.store
        var observations = base.observations
        observations[name] = value
        self.observations = observations
        var facts = base.observationFacts.filter { $0["name"] != name }
        if facts.count == base.observationFacts.count {
            facts.append(Evaluator.observationFact(name: name, value: value))
        } else {
            facts = base.observationFacts.map {
                $0["name"] == name ? Evaluator.observationFact(name: name, value: value) : $0
            }
        }
        observationFacts = facts
    }

    static func observationFact(name: String, value: String) -> Fact {
        Fact(
            kind: FactKind.observation, attributes: ["name": name, "value": value],
            provenance: Provenance(file: Evaluator.observationFile, line: 0, text: "\(name)=\(value)"))
    }

    func fact(_ index: Int) -> Fact {
        index < store.count ? store.fact(index) : observationFacts[index - store.count]
    }

    /// One attribute of a fact, read in place (``fact(_:)`` copies the whole fact).
    func attribute(_ index: Int, _ name: String) -> String? {
        index < store.count
            ? store.attribute(index, name) : observationFacts[index - store.count].attributes[name]
    }

    /// Indices of the facts matching a pattern (observations included for kind `observation`).
    func matches(_ pattern: FactPattern) -> FactSet {
        guard pattern.kind == FactKind.observation else { return store.matches(pattern) }
        return FactSet(
            observationFacts.indices.filter { PatternMatcher.matches(observationFacts[$0], pattern.predicates) }
                .map { $0 + store.count })
    }

    /// Observation facts come from no log: a pattern over them is never "collected".
    func isCollected(_ pattern: FactPattern) -> Bool {
        pattern.kind == FactKind.observation ? false : store.isCollected(pattern)
    }

    func evaluate(_ condition: Condition) -> NodeResult {
        switch condition.node {
        case .all(let children):
            var cites = Citations()
            var unknown: [Condition] = []
            var sawUnknown = false
            for child in children {
                let result = evaluate(child)
                switch result.truth {
                case .false: return NodeResult(truth: .false)
                case .unknown:
                    sawUnknown = true
                    unknown += result.unknown
                case .true: cites.append(result.cites)
                }
            }
            return sawUnknown ? NodeResult(truth: .unknown, unknown: unknown) : NodeResult(truth: .true, cites: cites)
        case .any(let children):
            var cites = Citations()
            var unknown: [Condition] = []
            var sawTrue = false
            var sawUnknown = false
            for child in children {
                let result = evaluate(child)
                switch result.truth {
                case .true:
                    sawTrue = true
                    cites.append(result.cites)
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
            return count(pattern, atLeast: 1, apartMinutes: nil, condition)
        case .count(let pattern, let atLeast, let apart):
            return count(pattern, atLeast: atLeast, apartMinutes: apart, condition)
        case .absent(let pattern):
            if !matches(pattern).isEmpty { return NodeResult(truth: .false) }
            return isCollected(pattern) ? NodeResult(truth: .true) : NodeResult(truth: .unknown, unknown: [condition])
        case .observation(let name, let values):
            guard let observed = observations[name] else { return NodeResult(truth: .unknown, unknown: [condition]) }
            let folded = PatternMatcher.fold(observed)
            guard values.contains(where: { PatternMatcher.fold($0) == folded }),
                let index = observationFacts.firstIndex(where: { $0["name"] == name })
            else { return NodeResult(truth: .false) }
            return NodeResult(truth: .true, cites: Citations([store.count + index]))
        case .before(let first, let then, let same, let withinMinutes):
            let cites = orderedPairs(first, then, same: same, withinMinutes: withinMinutes)
            if !cites.isEmpty { return NodeResult(truth: .true, cites: Citations(cites)) }
            if isCollected(first) && isCollected(then) { return NodeResult(truth: .false) }
            return NodeResult(truth: .unknown, unknown: [condition])
        case .collected(let kind):
            return NodeResult(truth: Truth(store.collected.contains(kind)))
        }
    }

    private func count(_ pattern: FactPattern, atLeast: Int, apartMinutes: Int?, _ condition: Condition) -> NodeResult {
        let found = matches(pattern)
        let needed = max(atLeast, 1)
        let occurrences =
            apartMinutes.map { occurrenceCount(found, apartSeconds: $0 * 60) }
            ?? weightedCount(found, kind: pattern.kind, reaching: needed)
        if occurrences >= needed { return NodeResult(truth: .true, cites: Citations(found)) }
        return isCollected(pattern) ? NodeResult(truth: .false) : NodeResult(truth: .unknown, unknown: [condition])
    }

    /// How many facts `facts` stand for, up to `needed`: a fact that stands for identical ones folded past the
    /// extractor's cap (attribute `repeats=N`) counts N + 1. Repeats are read only when the facts themselves
    /// are fewer than `needed`.
    /// `facts` are of kind `kind` (store facts) or observations; `repeats` is read from the kind's column.
    func weightedCount(_ facts: FactSet, kind: String, reaching needed: Int) -> Int {
        guard facts.count < needed, !facts.isEmpty else { return facts.count }
        guard kind != FactKind.observation else { return facts.count }
        let column = store.symbols(kind: kind, attribute: "repeats")
        guard !column.values.isEmpty else { return facts.count }
        let repeatsOf = [0] + column.values.map { Int($0) ?? 0 }
        var total = 0
        for index in facts {
            let repeats = index < store.count ? repeatsOf[Int(column.codes[Int(store.kindPositions[index])])] : 0
            total += 1 + min(max(repeats, 0), needed)
            if total >= needed { break }
        }
        return total
    }

    /// Occurrences among `facts`: by timestamp, a fact at least `apartSeconds` after the last one counted
    /// starts a new occurrence; facts without a timestamp count one occurrence per file.
    func occurrenceCount(_ facts: FactSet, apartSeconds: Int) -> Int {
        let count = store.count
        let seconds = store.seconds
        var times: [Int] = []
        var untimedFiles = Set<Int32>()
        for index in facts {
            let time = index < count ? seconds[index] : FactStore.noTime
            if time == FactStore.noTime {
                untimedFiles.insert(index < count ? store.fileOrdinals[index] : -1)
            } else {
                times.append(time)
            }
        }
        times.sort()
        var occurrences = 0
        var last: Int?
        for time in times where last == nil || time - last! >= apartSeconds {
            occurrences += 1
            last = time
        }
        return occurrences + untimedFiles.count
    }

    /// Fact indices in ``Fact/stableOrder`` (observations first, by name), duplicates removed.
    func sortedCitations(_ indices: Citations) -> [Int] { sortedCitations(indices, limit: Int.max).first }

    /// The first `limit` facts of `set` (store facts only) in log order: the facts walked in log order until
    /// that many are members.
    private func firstInLogOrder(_ set: FactSet, limit: Int) -> [Int] {
        let order = store.order
        let positions = store.kindPositions
        let wanted = Swift.min(limit, set.count)
        var result: [Int] = []
        result.reserveCapacity(wanted)
        var rank = 0
        while result.count < wanted && rank < order.count {
            let index = Int(order[rank])
            if set.contains(index, position: Int(positions[index])) { result.append(index) }
            rank += 1
        }
        return result
    }

    /// The first `limit` of ``sortedCitations(_:)``, and how many there are in all.
    func sortedCitations(_ indices: Citations, limit: Int) -> (first: [Int], count: Int) {
        // Observations (indices ≥ count) first, by index; then facts in log order (their rank, unique per
        // fact); duplicates removed. Packed into one integer key so the sort needs no comparator closure.
        let ranks = store.ranks
        let count = store.count
        let total = indices.lists.reduce(0) { $0 + $1.count }
        // One set of facts, large (a rule citing a share of all facts, through one pattern or several over
        // one kind): how many is its count, and the first `limit` in log order are found by walking the facts
        // in log order, testing membership.
        if total > 4096, total > count / 32,
            let set = indices.lists.count == 1 ? indices.lists.first : FactSet.union(indices.lists),
            let last = set.last, last < count
        {
            return (firstInLogOrder(set, limit: limit), set.count)
        }
        // Many citations (a pattern matching a large share of the facts): mark them in a bit set over the
        // facts (the lists are ascending: sequential writes), count it, then walk the facts in log order
        // until `limit` marked ones are found, instead of sorting.
        if total > 4096, total > count / 32 {
            var marked = [UInt64](repeating: 0, count: count / 64 + 1)
            var observations = Set<Int>()
            for list in indices.lists {
                for index in list {
                    if index < count {
                        marked[index >> 6] |= 1 << UInt64(index & 63)
                    } else {
                        observations.insert(index)
                    }
                }
            }
            var result = observations.sorted()
            var total = result.count
            for bits in marked { total += bits.nonzeroBitCount }
            let order = store.order
            var rank = 0
            while rank < order.count && result.count < limit {
                let index = Int(order[rank])
                if marked[index >> 6] & (1 << UInt64(index & 63)) != 0 { result.append(index) }
                rank += 1
            }
            return (Array(result.prefix(limit)), total)
        }
        var keys = [UInt64]()
        keys.reserveCapacity(total)
        for list in indices.lists {
            for index in list {
                // bit 63: 0 observation, 1 fact; bits 32–62: order (observation index or fact rank); bits 0–31:
                // index.
                let isFact = index < count
                let order = UInt64(isFact ? Int(ranks[index]) : index) & 0x7FFF_FFFF
                keys.append((isFact ? UInt64(1) << 63 : 0) | order << 32 | UInt64(UInt32(truncatingIfNeeded: index)))
            }
        }
        keys.sort()
        var result = [Int]()
        result.reserveCapacity(Swift.min(keys.count, limit))
        var unique = 0
        var previous: UInt64?
        for key in keys where key != previous {
            previous = key
            unique += 1
            if result.count < limit { result.append(Int(key & 0xFFFF_FFFF)) }
        }
        return (result, unique)
    }
}
