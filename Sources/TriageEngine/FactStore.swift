import TriageCore
import TriageEvidence

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
    /// Per fact: the log kind it came from (``logKind(of:)``), computed on first use.
    private var logKindColumn: [LogKind?]?
    private var secondsColumn: [Int]?
    private var rankColumn: [Int32]?
    private var orderColumn: [Int32]?
    /// `Int.min` marks "no timestamp" in the seconds column.
    static let noTime = Int.min

    init(evidence: EvidenceSet, knowledge: KnowledgeBase) {
        facts = Recovery.markRecovered(FactStore.markHarmless(evidence.facts, knowledge: knowledge))
        collected = evidence.collectedKinds
        // Facts are read in place (iterating them would copy each one, retaining all its strings).
        var byKind: [String: [Int]] = [:]
        var fileNames = Set<String>()
        evidence.facts.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                byKind[buffer[index].kind, default: []].append(index)
                fileNames.insert(buffer[index].provenance.file)
            }
        }
        self.byKind = byKind
        var sourceKinds: [String: LogKind] = [:]
        for source in evidence.sources { sourceKinds[source.path] = source.kind }
        self.sourceKinds = sourceKinds
        var producedBy: [String: [LogKind]] = [:]
        for spec in knowledge.factKinds { producedBy[spec.id] = spec.producedBy }
        // Formats declare the fact kinds they emit (`LogFormat.factKinds`): a new format counts as a
        // producer without an edit to fact-kinds.xml. Only for kinds the knowledge declares.
        for (kind, formats) in LogFormats.producers where producedBy[kind] != nil {
            for format in formats where !producedBy[kind]!.contains(format) { producedBy[kind]!.append(format) }
        }
        self.producedBy = producedBy
        var ordinal: [String: Int32] = [:]
        for (i, file) in fileNames.sorted().enumerated() { ordinal[file] = Int32(i) }
        (fileOrdinals, lines) = evidence.facts.withUnsafeBufferPointer { buffer in
            var previous: (file: String, ordinal: Int32) = ("", -1)
            var ordinals = [Int32]()
            var lines = [Int]()
            ordinals.reserveCapacity(buffer.count)
            lines.reserveCapacity(buffer.count)
            for index in buffer.indices {
                let file = buffer[index].provenance.file
                if previous.ordinal < 0 || file != previous.file { previous = (file, ordinal[file]!) }
                ordinals.append(previous.ordinal)
                lines.append(buffer[index].provenance.line)
            }
            return (ordinals, lines)
        }
    }

    /// Error codes and install attempts whose code the catalog declares harmless (role success or informational)
    /// get `harmless=true`, so that
    /// rules about captured failures can leave them out (`<attr name="harmless" exists="false"/>`).
    static func markHarmless(_ facts: [Fact], knowledge: KnowledgeBase) -> [Fact] {
        var harmless: Set<String> = []
        for entry in knowledge.errorCodes where entry.role?.isHarmless == true { harmless.insert(entry.code.hex) }
        guard !harmless.isEmpty else { return facts }
        var out = facts
        for i in out.indices {
            // An error code, or an attempt whose result code is one (0x800F0816: the job state was saved and
            // the operation resumes).
            let key =
                out[i].kind == FactKind.errorCode ? "code" : out[i].kind == FactKind.installAttempt ? "hresult" : nil
            if let key, let code = out[i].attributes[key], harmless.contains(code) {
                out[i].attributes["harmless"] = "true"
            }
        }
        return out
    }

    /// Seconds of each fact's normalised timestamp (``noTime`` when absent), computed on first use.
    var seconds: [Int] {
        if let column = secondsColumn { return column }
        let column = facts.withUnsafeBufferPointer { buffer in
            buffer.indices.map { Timestamp.seconds(buffer[$0].provenance.timestamp) ?? FactStore.noTime }
        }
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
        orderColumn = order.map { Int32($0) }
        return column
    }

    /// The facts in ``Fact/stableOrder``: the fact index at each rank (the inverse of ``ranks``).
    var order: [Int32] {
        if let column = orderColumn { return column }
        _ = ranks
        return orderColumn!
    }

    var count: Int { facts.count }

    /// The log kind a fact came from: its file's source record, else its `log` attribute.
    func logKind(of index: Int) -> LogKind? {
        if let column = logKindColumn { return column[index] }
        var byFile: [String: LogKind?] = [:]
        let column = facts.map { fact -> LogKind? in
            if let known = byFile[fact.provenance.file] { if let kind = known { return kind } }
            if let kind = sourceKinds[fact.provenance.file] {
                byFile[fact.provenance.file] = kind
                return kind
            }
            byFile[fact.provenance.file] = .some(nil)
            return fact["log"].flatMap(LogKind.init(rawValue:))
        }
        logKindColumn = column
        return column[index]
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
    /// Each distinct predicate is evaluated once per fact kind (equality through a value index, numeric
    /// comparisons through a sorted column, the rest by one scan) and cached; a pattern intersects its
    /// predicates' lists, starting from the shortest.
    func matches(_ pattern: FactPattern) -> [Int] {
        if let cached = patternCache[pattern] { return cached }
        var candidates: [Int]
        if pattern.predicates.isEmpty {
            candidates = byKind[pattern.kind] ?? []
        } else {
            let keys = pattern.predicates.map { PredicateKey(kind: pattern.kind, name: $0.name, test: $0.test) }
            let lists = keys.map(predicateList)
            let shortest = lists.indices.min { lists[$0].count < lists[$1].count }!
            candidates = lists[shortest]
            for (i, key) in keys.enumerated() where i != shortest && !candidates.isEmpty {
                let bits = predicateBits(key)
                candidates = candidates.filter { bits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
            }
        }
        if !pattern.sources.isEmpty {
            let restrict = Set(pattern.sources)
            candidates = candidates.filter { logKind(of: $0).map(restrict.contains) ?? false }
        }
        patternCache[pattern] = candidates
        return candidates
    }

    struct PredicateKey: Hashable {
        let kind: String
        let name: String
        let test: AttributePredicate.Test
    }

    private var predicateLists: [PredicateKey: [Int]] = [:]
    private var predicateBitsets: [PredicateKey: [UInt64]] = [:]
    private var numericColumns: [String: [(value: Double, index: Int)]] = [:]

    /// Ascending indices of the facts of `key.kind` that pass the predicate.
    private func predicateList(_ key: PredicateKey) -> [Int] {
        if let list = predicateLists[key] { return list }
        let list: [Int]
        switch key.test {
        case .equals(let value):
            list = equalityIndex(kind: key.kind, attribute: key.name)[PatternMatcher.fold(value)] ?? []
        case .oneOf(let values):
            let index = equalityIndex(kind: key.kind, attribute: key.name)
            list = Array(Set(values.flatMap { index[PatternMatcher.fold($0)] ?? [] })).sorted()
        case .compare(let comparison, let bound):
            let column = numericColumn(kind: key.kind, attribute: key.name)
            // First position whose value is ≥ bound (strict: > bound).
            func partition(strict: Bool) -> Int {
                var low = 0
                var high = column.count
                while low < high {
                    let mid = (low + high) / 2
                    if strict ? column[mid].value <= bound : column[mid].value < bound {
                        low = mid + 1
                    } else {
                        high = mid
                    }
                }
                return low
            }
            let range: Range<Int>
            switch comparison {
            case .lessThan: range = 0..<partition(strict: false)
            case .atMost: range = 0..<partition(strict: true)
            case .greaterThan: range = partition(strict: true)..<column.count
            case .atLeast: range = partition(strict: false)..<column.count
            }
            list = column[range].map(\.index).sorted()
        case .prefix, .contains, .exists:
            let members = byKind[key.kind] ?? []
            let values = attributeColumn(kind: key.kind, attribute: key.name)
            list = members.indices.filter { PatternMatcher.passes(value: values[$0], key.test) }.map { members[$0] }
        }
        predicateLists[key] = list
        return list
    }

    private func predicateBits(_ key: PredicateKey) -> [UInt64] {
        if let bits = predicateBitsets[key] { return bits }
        var bits = [UInt64](repeating: 0, count: facts.count / 64 + 1)
        for index in predicateList(key) { bits[index >> 6] |= 1 << UInt64(index & 63) }
        predicateBitsets[key] = bits
        return bits
    }

    private var attributeColumns: [String: [String?]] = [:]

    /// The values of one attribute of the facts of a kind, aligned with ``facts(ofKind:)``; read in place,
    /// without copying each fact.
    private func attributeColumn(kind: String, attribute: String) -> [String?] {
        let key = kind + "\u{0}" + attribute
        if let column = attributeColumns[key] { return column }
        let column = facts.withUnsafeBufferPointer { buffer in
            (byKind[kind] ?? []).map { buffer[$0].attributes[attribute] }
        }
        attributeColumns[key] = column
        return column
    }

    /// Facts of a kind whose attribute parses as a number, sorted by value.
    private func numericColumn(kind: String, attribute: String) -> [(value: Double, index: Int)] {
        let key = kind + "\u{0}" + attribute
        if let column = numericColumns[key] { return column }
        var column: [(value: Double, index: Int)] = []
        let members = byKind[kind] ?? []
        for (k, text) in attributeColumn(kind: kind, attribute: attribute).enumerated() {
            if let text, let value = PatternMatcher.number(text) { column.append((value, members[k])) }
        }
        column.sort { $0.value != $1.value ? $0.value < $1.value : $0.index < $1.index }
        numericColumns[key] = column
        return column
    }

    /// Facts of the pattern's kind (in its logs), for "nearest facts" in explanations.
    func facts(ofKind kind: String) -> [Int] { byKind[kind] ?? [] }

    private func equalityIndex(kind: String, attribute: String) -> [String: [Int]] {
        let key = kind + "\u{0}" + attribute
        if let index = equalityIndex[key] { return index }
        var index: [String: [Int]] = [:]
        let members = byKind[kind] ?? []
        for (k, value) in attributeColumn(kind: kind, attribute: attribute).enumerated() {
            if let value { index[PatternMatcher.fold(value), default: []].append(members[k]) }
        }
        equalityIndex[key] = index
        return index
    }
}
