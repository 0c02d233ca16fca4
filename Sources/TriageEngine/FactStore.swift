import Foundation
import TriageCore
import TriageEvidence

/// The facts of one bundle, indexed by kind once, with lazily built per-attribute equality indexes and a
/// cache of pattern matches. Used by one analysis; its rules may be evaluated on several threads at once
/// (``Analyzer``): every cache is read and written under ``lock``, and what is computed on a miss is a pure
/// function of the facts, so two threads missing together compute the same value and the first one stored
/// stays.
final class FactStore {
    private let lock = NSLock()
    /// The facts as the evidence holds them (shared, never copied). The marks the analysis adds
    /// (`harmless`, `recovered`) are kept aside in ``marks``: read a fact through ``fact(_:)`` or
    /// ``attribute(_:_:)``.
    let facts: [Fact]
    /// Per fact: ``harmlessMark`` and ``recoveredMark`` bits; empty when no fact is marked.
    private(set) var marks: [UInt8] = []
    static let harmlessMark: UInt8 = 1
    static let recoveredMark: UInt8 = 2
    let collected: Set<LogKind>
    /// Whether the facts are many enough to be worked on by several threads (``init(evidence:knowledge:workers:parallelFrom:)``).
    let isParallel: Bool
    private let byKind: [String: [Int]]
    private let sourceKinds: [String: LogKind]
    private let producedBy: [String: [LogKind]]
    /// Attributes the rules' patterns test, per fact kind (sorted).
    private let named: [String: [String]]
    private var patternCache: [FactPattern: FactSet] = [:]
    /// The file names, sorted; a fact's file is `fileNames[fileOrdinals[i]]`.
    let fileNames: [String]
    /// Per fact: ordinal of its file among the sorted file names, and its line.
    let fileOrdinals: [Int32]
    let lines: [Int]
    /// Per fact: its position among the facts of its kind (``facts(ofKind:)``), which indexes the kind's
    /// columns (``symbols(kind:attribute:)``).
    let kindPositions: [Int32]
    /// Per fact: the log kind it came from (``logKind(of:)``), computed on first use.
    private var logKindColumn: [LogKind?]?
    private var secondsColumn: [Int]?
    private var rankColumn: [Int32]?
    private var orderColumn: [Int32]?
    /// `Int.min` marks "no timestamp" in the seconds column.
    static let noTime = Int.min

    /// - Parameters:
    ///   - workers: threads that may read the columns the rules name (``readNamedColumns(workers:shareFrom:)``).
    ///   - parallelFrom: how many facts make reading on several threads pay.
    init(
        evidence: EvidenceSet, knowledge: KnowledgeBase, workers: Int = 1,
        parallelFrom: Int = FactStore.parallelReadFacts
    ) {
        facts = evidence.facts
        collected = evidence.collectedKinds
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
        // The attributes the marks are computed from are read in the same pass as those the rules name.
        var named = FactStore.namedAttributes(knowledge.rules)
        for (kind, attributes) in FactStore.markInputs {
            named[kind] = Array(Set(named[kind] ?? []).union(attributes)).sorted()
        }
        // `repeats` weighs a count (``Evaluator/weightedCount(_:kind:reaching:)``).
        for kind in named.keys where !named[kind]!.contains("repeats") { named[kind]!.append("repeats") }
        self.named = named
        // One pass over the facts, read in place by index (iterating them would copy each one, retaining all
        // its strings): members per kind, files numbered by first appearance, lines.
        var kinds = FirstSeenNumbering()
        var members: [[Int]] = []
        var fileNumbers = FirstSeenNumbering()
        var provisional = [Int32]()
        var lines = [Int]()
        var kindPositions = [Int32]()
        kindPositions.reserveCapacity(evidence.facts.count)
        provisional.reserveCapacity(evidence.facts.count)
        lines.reserveCapacity(evidence.facts.count)
        let input = evidence.facts
        for index in input.indices {
            let kind = Int(kinds.number(input[index].kind))
            if kind == members.count { members.append([]) }
            kindPositions.append(Int32(members[kind].count))
            members[kind].append(index)
            provisional.append(fileNumbers.number(input[index].provenance.file))
            lines.append(input[index].provenance.line)
        }
        self.byKind = Dictionary(uniqueKeysWithValues: zip(kinds.names, members))
        let files = fileNumbers.names
        // Ordinals among the sorted file names.
        let sortedFiles = files.indices.sorted { files[$0] < files[$1] }
        var ordinalOf = [Int32](repeating: 0, count: files.count)
        for (ordinal, number) in sortedFiles.enumerated() { ordinalOf[number] = Int32(ordinal) }
        fileNames = sortedFiles.map { files[$0] }
        fileOrdinals = provisional.map { ordinalOf[Int($0)] }
        self.lines = lines
        self.kindPositions = kindPositions
        isParallel = workers > 1 && facts.count >= parallelFrom
        if isParallel {
            readNamedColumns(workers: workers, shareFrom: parallelFrom / 4)
        }
        computeMarks(knowledge: knowledge)
    }

    /// A fact with the analysis's marks (``FactStore/markHarmless(_:knowledge:)``, ``Recovery``) applied.
    func fact(_ index: Int) -> Fact {
        var fact = facts[index]
        guard !marks.isEmpty, marks[index] != 0 else { return fact }
        if marks[index] & FactStore.harmlessMark != 0 { fact.attributes["harmless"] = "true" }
        if marks[index] & FactStore.recoveredMark != 0 { fact.attributes["recovered"] = "true" }
        return fact
    }

    /// One attribute of ``fact(_:)``, read in place.
    func attribute(_ index: Int, _ name: String) -> String? {
        if !marks.isEmpty, marks[index] != 0, let mark = FactStore.markNames[name], marks[index] & mark != 0 {
            return "true"
        }
        return facts[index].attributes[name]
    }

    static let markNames: [String: UInt8] = ["harmless": harmlessMark, "recovered": recoveredMark]
    /// Attributes the marks are computed from, per fact kind.
    static let markInputs: [String: [String]] = [
        FactKind.errorCode: ["code", "context"], FactKind.installAttempt: ["hresult", "result", "target"],
        FactKind.signature: ["failed", "hresult", "id"]
    ]

    /// The attributes each fact kind's patterns test, over all rules.
    static func namedAttributes(_ rules: [Rule]) -> [String: [String]] {
        var named: [String: Set<String>] = [:]
        func add(_ pattern: FactPattern) {
            for predicate in pattern.predicates { named[pattern.kind, default: []].insert(predicate.name) }
        }
        func walk(_ condition: Condition) {
            switch condition.node {
            case .all(let children), .any(let children): children.forEach(walk)
            case .not(let child): walk(child)
            case .fact(let pattern), .count(let pattern, _, _), .absent(let pattern): add(pattern)
            case .before(let first, let then, _, _):
                add(first)
                add(then)
            case .observation, .collected: break
            }
        }
        for rule in rules { walk(rule.condition) }
        return named.mapValues { $0.sorted() }
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

    /// `body` under ``lock``; never nested (the lock is not recursive): what it computes stays outside.
    private func locked<R>(_ body: () -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Seconds of each fact's normalised timestamp (``noTime`` when absent), computed on first use.
    var seconds: [Int] {
        if let column = locked({ secondsColumn }) { return column }
        let column = FactStore.seconds(of: facts)
        return locked {
            if secondsColumn == nil { secondsColumn = column }
            return secondsColumn!
        }
    }

    /// Seconds of each fact's normalised timestamp, ``noTime`` when absent.
    private static func seconds(of facts: [Fact]) -> [Int] {
        // Neighbouring facts often carry the same timestamp: parsed once for the run.
        var previous: (text: String?, seconds: Int) = (nil, FactStore.noTime)
        return facts.indices.map { index -> Int in
            let text = facts[index].provenance.timestamp
            if text == previous.text { return previous.seconds }
            previous = (text, Timestamp.seconds(text) ?? FactStore.noTime)
            return previous.seconds
        }
    }

    /// Each fact's position in ``Fact/stableOrder``, computed on first use.
    var ranks: [Int32] {
        if let column = locked({ rankColumn }) { return column }
        // Sorted on (file ordinal, line) packed in one integer; facts sharing a file and a line (rare) are
        // then ordered by the rest of ``Fact/stableOrder`` (same file and line: kind, attributes), then index.
        struct Entry {
            var key: UInt64
            var index: Int32
        }
        let packable = lines.allSatisfy { $0 >= 0 && $0 <= Int(UInt32.max) }
        var order: [Int32]
        if packable {
            var entries = [Entry]()
            entries.reserveCapacity(facts.count)
            for index in facts.indices {
                entries.append(
                    Entry(key: UInt64(UInt32(fileOrdinals[index])) << 32 | UInt64(lines[index]), index: Int32(index)))
            }
            entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
            order = entries.map(\.index)
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count && entries[end].key == entries[start].key { end += 1 }
                if end - start > 1 {
                    order[start..<end].sort { a, b in
                        if Fact.stableOrder(fact(Int(a)), fact(Int(b))) { return true }
                        if Fact.stableOrder(fact(Int(b)), fact(Int(a))) { return false }
                        return a < b
                    }
                }
                start = end
            }
        } else {
            order = facts.indices.sorted { a, b in
                if fileOrdinals[a] != fileOrdinals[b] { return fileOrdinals[a] < fileOrdinals[b] }
                if lines[a] != lines[b] { return lines[a] < lines[b] }
                if Fact.stableOrder(fact(a), fact(b)) { return true }
                if Fact.stableOrder(fact(b), fact(a)) { return false }
                return a < b
            }.map { Int32($0) }
        }
        var column = [Int32](repeating: 0, count: facts.count)
        for (rank, index) in order.enumerated() { column[Int(index)] = Int32(rank) }
        return locked {
            if rankColumn == nil { (rankColumn, orderColumn) = (column, order) }
            return rankColumn!
        }
    }

    /// The facts in ``Fact/stableOrder``: the fact index at each rank (the inverse of ``ranks``).
    var order: [Int32] {
        if let column = locked({ orderColumn }) { return column }
        _ = ranks
        return locked { orderColumn! }
    }

    var count: Int { facts.count }

    /// The log kind a fact came from: its file's source record, else its `log` attribute.
    func logKind(of index: Int) -> LogKind? { logKinds[index] }

    /// ``logKind(of:)`` of every fact, computed on first use.
    var logKinds: [LogKind?] {
        if let column = locked({ logKindColumn }) { return column }
        let byFile = fileNames.map { sourceKinds[$0] }
        let column = facts.indices.map { index -> LogKind? in
            if let kind = byFile[Int(fileOrdinals[index])] { return kind }
            return attribute(index, "log").flatMap(LogKind.init(rawValue:))
        }
        return locked {
            if logKindColumn == nil { logKindColumn = column }
            return logKindColumn!
        }
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
    private var pairCache: [Condition.Node: [Int]] = [:]

    func cachedPairs(_ key: Condition.Node) -> [Int]? { locked { pairCache[key] } }

    func cachePairs(_ key: Condition.Node, _ pairs: [Int]) { locked { pairCache[key] = pairs } }

    /// Indices (ascending) of the facts that match a pattern. Not for `observation` patterns.
    /// Each attribute a pattern names is read once per kind into a ``SymbolColumn``; each distinct predicate
    /// is tested once per distinct value (``PredicateTable``). A pattern starts from its most selective
    /// predicate (through the postings of the values that pass, or a scan when most facts pass) and tests
    /// the others by their tables.
    func matches(_ pattern: FactPattern) -> FactSet {
        if let cached = locked({ patternCache[pattern] }) { return cached }
        let members = byKind[pattern.kind] ?? []
        var answer: FactSet
        if pattern.predicates.isEmpty || members.isEmpty {
            answer = FactSet(members)
        } else {
            let keys = pattern.predicates.map { PredicateKey(kind: pattern.kind, name: $0.name, test: $0.test) }
            let tables = keys.map(table)
            let columns = keys.map { column(kind: $0.kind, attribute: $0.name) }
            let driver = tables.indices.min { tables[$0].count < tables[$1].count }!
            if tables[driver].count == 0 {
                answer = .empty
            } else if tables[driver].count * 4 < members.count {
                // Few members pass the most selective predicate: gather them, then test the others on them.
                var positions = tables[driver].positions(columns[driver])
                for k in tables.indices where k != driver && !positions.isEmpty {
                    let codes = columns[k].codes
                    let table = tables[k]
                    positions.removeAll { !table.passes(code: codes[Int($0)]) }
                }
                answer = FactSet(positions.map { members[Int($0)] })
            } else {
                // Most members pass each predicate: intersect the predicates' bit sets, 64 members a step.
                var bits = memberBits(keys[driver], tables[driver], columns[driver])
                for k in tables.indices where k != driver {
                    let other = memberBits(keys[k], tables[k], columns[k])
                    for w in bits.indices { bits[w] &= other[w] }
                }
                answer = FactStore.answer(bits: bits, members: members)
            }
        }
        if !pattern.sources.isEmpty {
            let restrict = Set(pattern.sources)
            let kinds = logKinds
            answer = FactSet(answer.filter { kinds[$0].map(restrict.contains) ?? false })
        }
        return locked {
            if patternCache[pattern] == nil { patternCache[pattern] = answer }
            return patternCache[pattern]!
        }
    }

    /// The members whose bit is set: kept as bits when many (``FactSet/prefersBits(count:members:)``), else
    /// read into a list of the exact size.
    private static func answer(bits: [UInt64], members: [Int]) -> FactSet {
        var total = 0
        for value in bits { total += value.nonzeroBitCount }
        if FactSet.prefersBits(count: total, members: members.count) {
            return FactSet(bits: bits, of: members, count: total)
        }
        var list: [Int] = []
        list.reserveCapacity(total)
        for (word, value) in bits.enumerated() where value != 0 {
            var rest = value
            while rest != 0 {
                list.append(members[word << 6 | rest.trailingZeroBitCount])
                rest &= rest - 1
            }
        }
        return FactSet(list)
    }

    struct PredicateKey: Hashable {
        let kind: String
        let name: String
        let test: AttributePredicate.Test
    }

    private var tables: [PredicateKey: PredicateTable] = [:]
    private var bitsets: [PredicateKey: [UInt64]] = [:]

    private func memberBits(_ key: PredicateKey, _ table: PredicateTable, _ column: SymbolColumn) -> [UInt64] {
        if let bits = locked({ bitsets[key] }) { return bits }
        let bits = table.bits(column)
        return locked {
            if bitsets[key] == nil { bitsets[key] = bits }
            return bitsets[key]!
        }
    }

    private var columns: [String: SymbolColumn] = [:]
    private var numericIndexes: [String: NumericIndex] = [:]

    private func table(_ key: PredicateKey) -> PredicateTable {
        if let table = locked({ tables[key] }) { return table }
        let column = column(kind: key.kind, attribute: key.name)
        let table = PredicateTable(column: column, test: key.test) {
            let name = key.kind + "\u{0}" + key.name
            if let index = locked({ numericIndexes[name] }) { return index }
            let index = NumericIndex(column)
            return locked {
                if numericIndexes[name] == nil { numericIndexes[name] = index }
                return numericIndexes[name]!
            }
        }
        return locked {
            if tables[key] == nil { tables[key] = table }
            return tables[key]!
        }
    }

    /// One attribute of the facts of a kind, aligned with ``facts(ofKind:)``. Read together with the other
    /// attributes of the kind that rules name and that are not read yet (one visit of each fact).
    private func column(kind: String, attribute: String) -> SymbolColumn {
        let key = kind + "\u{0}" + attribute
        let (known, unread) = locked {
            (columns[key], (named[kind] ?? []).filter { $0 != attribute && columns[kind + "\u{0}" + $0] == nil })
        }
        if let known { return known }
        let names = [attribute] + unread
        let members = byKind[kind] ?? []
        let read = zip(names, SymbolColumn.read(facts: facts, members: members, attributes: names)).map {
            name, column in
            if let mark = FactStore.markNames[name], !marks.isEmpty { return column.marking(members, marks, mark) }
            return column
        }
        return locked {
            for (name, column) in zip(names, read) where columns[kind + "\u{0}" + name] == nil {
                columns[kind + "\u{0}" + name] = column
            }
            return columns[key]!
        }
    }

    /// Reads every column the rules name, of every kind, at once on `workers` threads (used when the facts are
    /// many; otherwise each kind is read on first use, ``column(kind:attribute:)``). A kind of `shareFrom`
    /// facts or more is read in contiguous shares of its members, one per worker; the shares are merged in
    /// member order, so the columns do not depend on the number of threads.
    private func readNamedColumns(workers: Int, shareFrom: Int) {
        var jobs: [(kind: String, share: ArraySlice<Int>, attributes: [String])] = []
        for kind in named.keys.sorted() {
            guard let members = byKind[kind], !members.isEmpty, let attributes = named[kind] else { continue }
            let shares = members.count >= shareFrom ? workers : 1
            let size = (members.count + shares - 1) / shares
            for start in stride(from: 0, to: members.count, by: size) {
                jobs.append((kind, members[start..<min(start + size, members.count)], attributes))
            }
        }
        let facts = self.facts
        let read = Parallel.map(count: jobs.count, workers: workers) { job in
            SymbolColumn.read(facts: facts, members: jobs[job].share, attributes: jobs[job].attributes)
        }
        // Each column's shares merged (and its postings built) on the threads too, one column a job.
        var merges: [(kind: String, attribute: Int, jobs: Range<Int>)] = []
        var start = 0
        while start < jobs.count {
            var end = start + 1
            while end < jobs.count && jobs[end].kind == jobs[start].kind { end += 1 }
            for k in jobs[start].attributes.indices { merges.append((jobs[start].kind, k, start..<end)) }
            start = end
        }
        let merged = Parallel.map(count: merges.count, workers: workers) { m in
            SymbolColumn.merge(merges[m].jobs.map { read[$0][merges[m].attribute] })
        }
        locked {
            for (merge, column) in zip(merges, merged) {
                columns[merge.kind + "\u{0}" + jobs[merge.jobs.lowerBound].attributes[merge.attribute]] = column
            }
        }
    }

    /// Facts from which the columns are read on several threads.
    static let parallelReadFacts = 100_000

    /// Computes ``marks`` from the columns (what ``markHarmless(_:knowledge:)`` and
    /// ``Recovery/markRecovered(_:)`` add to the facts), then applies them to any mark column read meanwhile.
    private func computeMarks(knowledge: KnowledgeBase) {
        var marks: [UInt8] = []
        func mark(_ index: Int, _ bit: UInt8) {
            if marks.isEmpty { marks = [UInt8](repeating: 0, count: facts.count) }
            marks[index] |= bit
        }
        var harmless: Set<String> = []
        for entry in knowledge.errorCodes where entry.role?.isHarmless == true { harmless.insert(entry.code.hex) }
        if !harmless.isEmpty {
            for (kind, attribute) in [(FactKind.errorCode, "code"), (FactKind.installAttempt, "hresult")] {
                let members = byKind[kind] ?? []
                guard !members.isEmpty else { continue }
                let column = column(kind: kind, attribute: attribute)
                let passes = [false] + column.values.map(harmless.contains)
                for (position, code) in column.codes.enumerated() where passes[Int(code)] {
                    mark(members[position], FactStore.harmlessMark)
                }
            }
        }
        for index in Recovery.recovered(self) { mark(index, FactStore.recoveredMark) }
        guard !marks.isEmpty else { return }
        self.marks = marks
        for (kind, members) in byKind {
            for (name, mark) in FactStore.markNames {
                let key = kind + "\u{0}" + name
                locked {
                    if let column = columns[key] { columns[key] = column.marking(members, marks, mark) }
                }
            }
        }
    }

    /// A column of the facts of a kind (``SymbolColumn``), read on first use.
    func symbols(kind: String, attribute: String) -> SymbolColumn { column(kind: kind, attribute: attribute) }

    /// Facts of the pattern's kind (in its logs), for "nearest facts" in explanations.
    func facts(ofKind kind: String) -> [Int] { byKind[kind] ?? [] }
}
