import TriageCore

/// The facts of one bundle, indexed by kind once, with lazily built per-attribute equality indexes and a
/// cache of pattern matches. Used by one analysis on one thread; never shared.
final class FactStore {
    let facts: [Fact]
    let collected: Set<LogKind>
    private let byKind: [String: [Int]]
    private let sourceKinds: [String: LogKind]
    private let producedBy: [String: [LogKind]]
    private var equalityIndex: [String: [String: [Int]]] = [:]
    private var patternCache: [FactPattern: [Int]] = [:]
    /// Per fact: ordinal of its file among the sorted file names, and its line.
    let fileOrdinals: [Int32]
    let lines: [Int]
    private var secondsColumn: [Int]?
    private var rankColumn: [Int32]?
    /// `Int.min` marks "no timestamp" in the seconds column.
    static let noTime = Int.min

    init(evidence: EvidenceSet, knowledge: KnowledgeBase) {
        facts = evidence.facts
        collected = evidence.collectedKinds
        var byKind: [String: [Int]] = [:]
        for (index, fact) in evidence.facts.enumerated() { byKind[fact.kind, default: []].append(index) }
        self.byKind = byKind
        var sourceKinds: [String: LogKind] = [:]
        for source in evidence.sources { sourceKinds[source.path] = source.kind }
        self.sourceKinds = sourceKinds
        var producedBy: [String: [LogKind]] = [:]
        for spec in knowledge.factKinds { producedBy[spec.id] = spec.producedBy }
        self.producedBy = producedBy
        let files = Set(evidence.facts.map(\.provenance.file)).sorted()
        var ordinal: [String: Int32] = [:]
        for (i, file) in files.enumerated() { ordinal[file] = Int32(i) }
        fileOrdinals = evidence.facts.map { ordinal[$0.provenance.file]! }
        lines = evidence.facts.map(\.provenance.line)
    }

    /// Seconds of each fact's normalised timestamp (``noTime`` when absent), computed on first use.
    var seconds: [Int] {
        if let column = secondsColumn { return column }
        let column = facts.map { Timestamp.seconds($0.provenance.timestamp) ?? FactStore.noTime }
        secondsColumn = column
        return column
    }

    /// Each fact's position in ``Fact/stableOrder``, computed on first use.
    var ranks: [Int32] {
        if let column = rankColumn { return column }
        let order = facts.indices.sorted { a, b in
            if fileOrdinals[a] != fileOrdinals[b] { return fileOrdinals[a] < fileOrdinals[b] }
            if lines[a] != lines[b] { return lines[a] < lines[b] }
            if Fact.stableOrder(facts[a], facts[b]) { return true }
            if Fact.stableOrder(facts[b], facts[a]) { return false }
            return a < b
        }
        var column = [Int32](repeating: 0, count: facts.count)
        for (rank, index) in order.enumerated() { column[index] = Int32(rank) }
        rankColumn = column
        return column
    }

    var count: Int { facts.count }

    /// The log kind a fact came from: its file's source record, else its `log` attribute.
    func logKind(of index: Int) -> LogKind? {
        let fact = facts[index]
        if let kind = sourceKinds[fact.provenance.file] { return kind }
        return fact["log"].flatMap(LogKind.init(rawValue:))
    }

    /// Log kinds a pattern looks in: its `in`, else the kind's `from`; nil for an undeclared kind (any log).
    func sources(of pattern: FactPattern) -> [LogKind]? {
        if !pattern.sources.isEmpty { return pattern.sources }
        return producedBy[pattern.kind]
    }

    /// Whether any log the pattern looks in was collected. Undeclared kinds count any parsed log.
    func isCollected(_ pattern: FactPattern) -> Bool {
        guard let sources = sources(of: pattern) else { return !collected.isEmpty }
        return sources.contains(where: collected.contains)
    }

    /// Cache for `before` results, keyed by the condition (never holds observation patterns).
    var pairCache: [Condition.Node: [Int]] = [:]

    /// Indices (ascending) of the facts that match a pattern. Not for `observation` patterns.
    func matches(_ pattern: FactPattern) -> [Int] {
        if let cached = patternCache[pattern] { return cached }
        var candidates: [Int]
        if let (name, values) = Self.indexablePredicate(pattern) {
            let index = equalityIndex(kind: pattern.kind, attribute: name)
            if values.count == 1 {
                candidates = index[values[0]] ?? []
            } else {
                candidates = Array(Set(values.flatMap { index[$0] ?? [] })).sorted()
            }
        } else {
            candidates = byKind[pattern.kind] ?? []
        }
        let restrict = pattern.sources.isEmpty ? nil : Set(pattern.sources)
        let result = candidates.filter { index in
            if let restrict {
                guard let kind = logKind(of: index), restrict.contains(kind) else { return false }
            }
            return PatternMatcher.matches(facts[index], pattern.predicates)
        }
        patternCache[pattern] = result
        return result
    }

    /// Facts of the pattern's kind (in its logs), for "nearest facts" in explanations.
    func facts(ofKind kind: String) -> [Int] { byKind[kind] ?? [] }

    private static func indexablePredicate(_ pattern: FactPattern) -> (String, [String])? {
        for predicate in pattern.predicates {
            switch predicate.test {
            case .equals(let value): return (predicate.name, [PatternMatcher.fold(value)])
            case .oneOf(let values): return (predicate.name, values.map(PatternMatcher.fold))
            default: continue
            }
        }
        return nil
    }

    private func equalityIndex(kind: String, attribute: String) -> [String: [Int]] {
        let key = kind + "\u{0}" + attribute
        if let index = equalityIndex[key] { return index }
        var index: [String: [Int]] = [:]
        for i in byKind[kind] ?? [] {
            if let value = facts[i].attributes[attribute] { index[PatternMatcher.fold(value), default: []].append(i) }
        }
        equalityIndex[key] = index
        return index
    }
}
