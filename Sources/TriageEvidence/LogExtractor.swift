import TriageCore

/// Per-file state an extractor writes facts into. Created by the reader for each parsed file.
public struct ExtractionContext {
    /// Display path of the file (`bundle.zip/Windows/Logs/CBS/CBS.log`).
    public let file: String
    public let kind: LogKind
    public private(set) var facts: [Fact] = []
    /// First and last normalised timestamps seen (`YYYY-MM-DDTHH:MM:SS`), for `SourceRecord`.
    public private(set) var firstTimestamp: String?
    public private(set) var lastTimestamp: String?
    /// Non-fatal notes for the source record (`unrecognised timestamp on 3 lines`).
    public var notes: [String] = []
    /// Lines whose timestamp has an impossible value, and the first of them.
    public private(set) var impossibleTimestamps = (count: 0, firstLine: 0)

    /// Facts of one kind kept as they come (error codes and signature matches, one or more per line, count
    /// together as line facts); past this count, a fact equal to one already kept but for its instance
    /// attributes (``instanceAttributes``: ids, times) is counted on it (attribute `repeats`, `endLine` the
    /// last line) instead of stored, so memory stays bounded whatever the size of the log.
    public var lineFactCap: Int
    /// Per fact kind, the attributes that name one occurrence (`instance="true"` in `fact-kinds.xml`):
    /// left out when facts are compared past the cap (whether they exist still counts).
    public var instanceAttributes: [String: Set<String>] {
        didSet {
            instanceNames = instanceAttributes.mapValues { $0.sorted() }
            attemptInstanceMask = nil
            attemptSlots = [:]
            attemptSlotsMade = 0
        }
    }
    private var instanceNames: [String: [String]] = [:]
    /// Most distinct facts of a kind (of the line facts together) kept past the cap; what comes after them
    /// is counted by kind in a note.
    public static let maxDistinctPastCap = 5_000
    /// Estimated bytes of the facts kept (all kinds): past this, a fact is kept only when it is counted on one
    /// already kept; others are only counted in a note. The backstop for facts with long values.
    public var factByteBudget: Int
    private var keptBytes = 0
    /// Facts counted only because the byte budget was spent, by kind, and the line it was spent at.
    private var droppedOverBudget: [String: Int] = [:]
    private var budgetSpentAt = 0
    /// The line of the last fact whose cost was counted (its citation is shared by the facts of the line).
    private var costedLine = -1
    /// Most records an extractor follows at once (install attempts, sessions, jobs): a fifth of the fact cap,
    /// at least 16. Past it, an extractor hands over or forgets the oldest and says so in a note
    /// (``noteDropped(_:)``).
    public var heldStateCap: Int { max(16, lineFactCap / 5) }
    private var lineFacts = 0
    /// Facts seen per kind, for kinds other than the line facts.
    private var kindFacts: [String: Int] = [:]
    /// Past the cap: a fact standing for identical ones, by kind and attributes, as a slot of the arrays below.
    private var folds: [FoldKey: Int] = [:]
    private var foldFact: [Int] = []
    private var foldRepeats: [Int] = []
    private var foldLastLine: [Int] = []
    /// The kind of each slot's facts (nil: a line fact).
    private var foldKind: [String?] = []
    private var distinctPastCap: [String: Int] = [:]
    private var lineDistinctPastCap = 0
    /// The fold slots the current line's facts went to, and whether every fact of the line went to one
    /// (see ``beginLine()`` and ``repeatLine(_:)``).
    private var lineSlots: [Int] = []
    public private(set) var lineFoldedOnly = false
    /// What extractors dropped of their own state, by what (``noteDropped(_:)``).
    private var droppedState: [String: Int] = [:]
    /// Error-code facts naming an install attempt (attribute `attempt`), by its id: their positions in
    /// ``facts``, kept as facts are stored, so that finishing attempts touches only their codes instead of
    /// walking every fact (an extractor hands attempts over in batches: a walk per batch grew with the file).
    /// Nil once ``facts`` was edited or replaced from outside; rebuilt on next use.
    private var attemptCodes: [String: [Int]]? = [:]
    /// Past the cap: the fold slot of each install attempt's shape (``Attempt/values(blanking:)``), so that an
    /// attempt equal to one already folded is counted without building its fact (a dense log hands over
    /// tens of thousands), and which of the shape's attributes are instance ones.
    var attemptSlots: [ValuesKey: Int] = [:]
    var attemptInstanceMask: [Bool]?
    /// How many of ``attemptSlots`` were made by the attempt that put them there (not found made by another).
    var attemptSlotsMade = 0

    /// Kind and attributes: facts with equal keys differ only in where they were seen. Instance attributes
    /// (``instanceAttributes``) are compared by presence only: their values are blank in the key.
    /// The attributes are kept as pairs in the order given (from ``FactFields``, no copy), compared in place
    /// when both keys list them alike; the hash is computed once, when the key is made (a fact past the cap is
    /// looked up, then stored, by the same key), with ``StringHash``, summed over attributes so that their
    /// order does not matter.
    struct FoldKey: Hashable {
        let kind: String
        private let pairs: [FactFields.Pair]
        private let hash: UInt64

        /// `instance`: the kind's instance attributes, a handful at most, searched in order (a `Set` would
        /// hash each name).
        init(kind: String, pairs: [FactFields.Pair], instance: [String]) {
            var pairs = pairs
            if !instance.isEmpty {
                for i in pairs.indices where instance.contains(pairs[i].name) { pairs[i].value = "" }
            }
            var sum = StringHash.hash(kind, seed: UInt64(pairs.count))
            for pair in pairs {
                let named = StringHash.hash(pair.name, seed: 0x5851_F42D_4C95_7F2D)
                sum &+= StringHash.mix(StringHash.hash(pair.value, seed: named))
            }
            self.kind = kind
            self.pairs = pairs
            hash = sum
        }

        static func == (a: FoldKey, b: FoldKey) -> Bool {
            guard a.hash == b.hash, a.kind == b.kind, a.pairs.count == b.pairs.count else { return false }
            for i in a.pairs.indices {
                let pair = a.pairs[i]
                if b.pairs[i].name == pair.name {
                    guard b.pairs[i].value == pair.value else { return false }
                } else {
                    // Names are unique in each key and the counts equal: every pair found means equal sets.
                    guard let other = b.pairs.first(where: { $0.name == pair.name }), other.value == pair.value else {
                        return false
                    }
                }
            }
            return true
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }
    private var droppedPastCap: [String: Int] = [:]

    /// Whether the cap is reached for line facts: from here on, they are folded.
    public var isPastCap: Bool { lineFacts >= lineFactCap || keptBytes >= factByteBudget }

    /// The reader starts a line: records which fold slots its facts go to.
    public mutating func beginLine() {
        lineSlots.removeAll(keepingCapacity: true)
        lineFoldedOnly = isPastCap
    }

    /// A line identical to the previous one (whose facts all went to fold slots, ``lineFoldedOnly``) would
    /// give the same facts: count them on the same slots without building them.
    public mutating func repeatLine(_ number: Int) {
        for slot in lineSlots {
            foldRepeats[slot] += 1
            foldLastLine[slot] = number
            if let kind = foldKind[slot] { kindFacts[kind, default: 0] += 1 } else { lineFacts += 1 }
        }
    }

    public init(
        file: String, kind: LogKind, lineFactCap: Int = 20_000, instanceAttributes: [String: Set<String>] = [:],
        factByteBudget: Int = 48 << 20
    ) {
        self.file = file
        self.kind = kind
        self.lineFactCap = lineFactCap
        self.instanceAttributes = instanceAttributes
        self.instanceNames = instanceAttributes.mapValues { $0.sorted() }
        self.factByteBudget = factByteBudget
    }

    /// A context with the fact cap and instance attributes of `limits`.
    public init(file: String, kind: LogKind, limits: InputLimits) {
        self.init(
            file: file, kind: kind, lineFactCap: limits.maxLineFactsPerSource,
            instanceAttributes: limits.instanceAttributes, factByteBudget: limits.maxFactBytesPerSource)
    }

    /// The citation of the line last cited: facts of one line (an error code and the signatures that
    /// match it) share one decoded string instead of holding a copy each.
    private var citedLine = (number: -1, count: -1)
    private var citation = ""
    private var sharedTime = ""
    private var sharedStamp = ""

    private static func isLineFact(_ kind: String) -> Bool {
        kind == FactKind.errorCode || kind == FactKind.signature
    }

    /// Whether facts of `kind` are past the cap (the next one is compared with those kept).
    func pastCap(_ kind: String) -> Bool {
        keptBytes >= factByteBudget
            || (Self.isLineFact(kind) ? lineFacts >= lineFactCap : kindFacts[kind, default: 0] >= lineFactCap)
    }

    /// What keeping `fact` costs, roughly: the record, its strings (a citation shared with the previous fact
    /// is not counted again) and 40 bytes per attribute (the estimate made for a dictionary, kept: the facts kept under the budget stay the same).
    private func cost(_ fact: Fact) -> Int {
        var bytes = 200 + fact.provenance.file.utf8.count / 8
        if let text = fact.provenance.text, costedLine != fact.provenance.line { bytes += text.utf8.count }
        for (name, value) in fact.attributes { bytes += 40 + name.utf8.count + value.utf8.count }
        return bytes
    }

    /// The key facts are compared by past the cap: kind and attributes, instance attributes by presence only.
    private func foldKey(_ kind: String, _ attributes: FactAttributes) -> FoldKey {
        FoldKey(
            kind: kind, pairs: attributes.map { FactFields.Pair($0.key, $0.value) }, instance: instanceNames[kind] ?? []
        )
    }

    public mutating func emit(
        _ kind: String, _ attributes: [String: String], line: LogLine,
        time: String? = nil, timestamp: String? = nil, endLine: Int? = nil
    ) {
        emit(kind, FactAttributes(attributes), line: line, time: time, timestamp: timestamp, endLine: endLine)
    }

    public mutating func emit(
        _ kind: String, _ attributes: FactAttributes, line: LogLine,
        time: String? = nil, timestamp: String? = nil, endLine: Int? = nil
    ) {
        var key: FoldKey? = nil
        if pastCap(kind) {
            key = foldKey(kind, attributes)
            if countedPastCap(kind, key!, line: line) != nil { return }
        }
        keep(kind, attributes, key: key, line: line, endLine: endLine) { (time, timestamp) }
    }

    /// A fact with its attributes as built: past the cap, a fact counted on another (or dropped) is compared
    /// without its attributes being built. `stamp` gives the time as written and the normalised timestamp; it
    /// is called only when the fact is kept (past the cap, a fact counted on another needs neither).
    /// Returns where the fact went past the cap (``PastCap``); nil when it was kept under the cap.
    @discardableResult
    public mutating func emit(
        _ kind: String, fields: FactFields, line: LogLine, endLine: Int? = nil,
        stamp: () -> (time: String?, timestamp: String?)
    ) -> PastCap? {
        var key: FoldKey? = nil
        if pastCap(kind) {
            key = FoldKey(kind: kind, pairs: fields.pairs, instance: instanceNames[kind] ?? [])
            if let outcome = countedPastCap(kind, key!, line: line) { return outcome }
        }
        return keep(kind, fields.attributes, key: key, line: line, endLine: endLine, stamp: stamp)
    }

    /// Past the cap, a repeat of a kept fact is only counted, and one that could not be kept only counted as
    /// dropped: nothing of the line is decoded for them. Where the fact was thus counted; nil when it was not.
    private mutating func countedPastCap(_ kind: String, _ key: FoldKey, line: LogLine) -> PastCap? {
        if let slot = folds[key] {
            repeatPastCap(kind, .slot(slot), line: line.number)
            return .slot(slot)
        }
        guard canKeepAnother(kind) else {
            repeatPastCap(kind, .dropped, line: line.number)
            return .dropped
        }
        return nil
    }

    @discardableResult
    private mutating func keep(
        _ kind: String, _ attributes: FactAttributes, key: FoldKey?, line: LogLine, endLine: Int?,
        stamp: () -> (time: String?, timestamp: String?)
    ) -> PastCap? {
        if citedLine != (line.number, line.count) {
            citedLine = (line.number, line.count)
            citation = line.citationText
        }
        let (time, timestamp) = stamp()
        let sharedTime = Self.shared(time, &sharedTime)
        let sharedTimestamp = Self.shared(timestamp, &sharedStamp)
        return emit(
            Fact(
                kind: kind, attributes: attributes,
                provenance: Provenance(
                    file: file, line: line.number, endLine: endLine, time: sharedTime,
                    timestamp: sharedTimestamp, text: citation)), key: key)
    }

    /// `value`, as the string already held when it equals the previous one (times repeat from fact to fact).
    private static func shared(_ value: String?, _ previous: inout String) -> String? {
        guard let value else { return nil }
        if value == previous { return previous }
        previous = value
        return value
    }

    /// Counts a fact of `kind`; returns how many there are now.
    @discardableResult
    private mutating func count(_ kind: String) -> Int {
        if Self.isLineFact(kind) {
            lineFacts += 1
            return lineFacts
        }
        let n = kindFacts[kind, default: 0] + 1
        kindFacts[kind] = n
        return n
    }

    private mutating func fold(into slot: Int, line: Int) {
        foldRepeats[slot] += 1
        foldLastLine[slot] = max(foldLastLine[slot], line)
        lineSlots.append(slot)
    }

    public mutating func emit(_ fact: Fact) { emit(fact, key: nil) }

    /// Where a fact went past the cap: to a fold slot (counted on a kept fact, or kept as a new one), or
    /// dropped (no slot for it, and none can be made: the kind's distinct facts or the byte budget are spent).
    public enum PastCap: Equatable, Sendable {
        case slot(Int)
        case dropped
    }

    /// Counts a fact of `kind` past the cap as emitting one equal to a fact an earlier ``emit(_:key:)`` sent
    /// to `outcome` would: on the same slot, or dropped again.
    mutating func repeatPastCap(_ kind: String, _ outcome: PastCap, line: Int) {
        count(kind)
        switch outcome {
        case .slot(let slot): fold(into: slot, line: line)
        case .dropped: dropped(kind)
        }
    }

    /// Fold slots made so far (of every kind): a slot numbered from here on is a new one.
    var foldSlotCount: Int { foldFact.count }

    /// Fold slots made for facts of `kind`, a kind other than the line facts.
    func slotsMade(_ kind: String) -> Int { distinctPastCap[kind, default: 0] }

    /// Whether a fact of `kind` past the cap, equal to none kept, could still be kept (else it is dropped).
    func canKeepAnother(_ kind: String) -> Bool {
        keptBytes < factByteBudget
            && (Self.isLineFact(kind) ? lineDistinctPastCap : distinctPastCap[kind, default: 0])
                < Self.maxDistinctPastCap
    }

    private mutating func dropped(_ kind: String) {
        lineFoldedOnly = false
        if keptBytes >= factByteBudget {
            droppedOverBudget[kind, default: 0] += 1
        } else {
            droppedPastCap[kind, default: 0] += 1
        }
    }

    /// `key`: the fact's fold key when the caller made it already. Returns where the fact went past the
    /// cap; nil when it was kept under the cap.
    @discardableResult
    mutating func emit(_ fact: Fact, key: FoldKey?) -> PastCap? {
        let overBudget = keptBytes >= factByteBudget
        guard count(fact.kind) > lineFactCap || overBudget else {
            lineFoldedOnly = false
            keptBytes += cost(fact)
            costedLine = fact.provenance.line
            if keptBytes >= factByteBudget { budgetSpentAt = fact.provenance.line }
            store(fact)
            return nil
        }
        let key = key ?? foldKey(fact.kind, fact.attributes)
        let isLine = Self.isLineFact(fact.kind)
        if let slot = folds[key] {
            fold(into: slot, line: fact.provenance.line)
            return .slot(slot)
        } else if overBudget {
            dropped(fact.kind)
        } else if (isLine ? lineDistinctPastCap : distinctPastCap[fact.kind, default: 0]) < Self.maxDistinctPastCap {
            keptBytes += cost(fact)
            costedLine = fact.provenance.line
            if keptBytes >= factByteBudget { budgetSpentAt = fact.provenance.line }
            if isLine { lineDistinctPastCap += 1 } else { distinctPastCap[fact.kind, default: 0] += 1 }
            let slot = foldFact.count
            folds[key] = slot
            foldFact.append(facts.count)
            foldRepeats.append(0)
            foldLastLine.append(fact.provenance.endLine ?? fact.provenance.line)
            foldKind.append(isLine ? nil : fact.kind)
            lineSlots.append(slot)
            store(fact)
            return .slot(slot)
        } else {
            dropped(fact.kind)
        }
        return .dropped
    }

    private mutating func store(_ fact: Fact) {
        if fact.kind == FactKind.errorCode, let id = fact.attributes["attempt"] {
            attemptCodes?[id, default: []].append(facts.count)
        }
        facts.append(fact)
    }

    /// Edits in place, in fact order, the error-code facts naming an attempt whose id is a key of `attempts`;
    /// `body` gets the fact and the value of its id.
    mutating func updateAttemptCodes(_ attempts: [String: Int], _ body: (inout Fact, Int) -> Void) {
        if attemptCodes == nil {
            var index: [String: [Int]] = [:]
            for i in facts.indices where facts[i].kind == FactKind.errorCode {
                if let id = facts[i].attributes["attempt"] { index[id, default: []].append(i) }
            }
            attemptCodes = index
        }
        var positions: [Int] = []
        for id in attempts.keys { positions += attemptCodes?[id] ?? [] }
        positions.sort()
        for i in positions {
            guard let id = facts[i].attributes["attempt"], let value = attempts[id] else { continue }
            body(&facts[i], value)
        }
    }

    /// An extractor let go of `what` (`install attempts`) to keep its state within ``heldStateCap``: said
    /// in a note when the file is done.
    public mutating func noteDropped(_ what: String, count: Int = 1) {
        droppedState[what, default: 0] += count
    }

    /// Writes the counts of folded facts onto the facts that stand for them, and says in a note what was
    /// folded or dropped past the cap. Called once, when the file is done.
    public mutating func closeFolds() {
        var folded: [String: Int] = [:]
        var kept: [String: Int] = [:]
        for slot in foldFact.indices {
            let group = foldKind[slot] ?? ""
            kept[group, default: 0] += 1
            guard foldRepeats[slot] > 0 else { continue }
            let index = foldFact[slot]
            facts[index].attributes["repeats"] = String(foldRepeats[slot])
            facts[index].provenance.endLine = max(foldLastLine[slot], facts[index].provenance.endLine ?? 0)
            folded[group, default: 0] += foldRepeats[slot]
        }
        if lineFacts > lineFactCap {
            var note =
                "\(lineFacts) error-code and signature facts: past the first \(lineFactCap), \(folded[""] ?? 0) identical "
                + "facts counted on \(kept[""] ?? 0) kept (attribute repeats)"
            let dropped = droppedPastCap.filter { Self.isLineFact($0.key) }
            if !dropped.isEmpty {
                note +=
                    "; past \(Self.maxDistinctPastCap) distinct, "
                    + dropped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) facts" }.joined(separator: ", ")
                    + " counted only"
            }
            notes.append(note)
        }
        for (kind, n) in kindFacts.sorted(by: { $0.key < $1.key }) where n > lineFactCap {
            let instance = (instanceAttributes[kind] ?? []).sorted()
            var note =
                "\(n) \(kind) facts: past the first \(lineFactCap), \(folded[kind] ?? 0) "
                + (instance.isEmpty ? "identical" : "equal but for \(instance.joined(separator: "/"))")
                + " counted on \(kept[kind] ?? 0) kept (attribute repeats)"
            if let dropped = droppedPastCap[kind] {
                note += "; past \(Self.maxDistinctPastCap) distinct, \(dropped) counted only"
            }
            notes.append(note)
        }
        if !droppedOverBudget.isEmpty {
            notes.append(
                "facts kept reached \(factByteBudget >> 20) MiB at line \(budgetSpentAt): past it, "
                    + droppedOverBudget.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) facts" }.joined(
                        separator: ", ") + " not equal to a kept one counted only")
        }
        for (what, n) in droppedState.sorted(by: { $0.key < $1.key }) {
            notes.append("\(n) \(what)")
        }
        folds = [:]
        (foldFact, foldRepeats, foldLastLine, foldKind) = ([], [], [], [])
        (attemptSlots, attemptSlotsMade) = ([:], 0)  // their slots are gone with the arrays
    }

    /// A line starts with a timestamp whose values are impossible (month 13, hour 25): counted for a note.
    public mutating func noteImpossibleTimestamp(line: Int) {
        if impossibleTimestamps.count == 0 { impossibleTimestamps.firstLine = line }
        impossibleTimestamps.count += 1
    }

    /// Replace all facts (for extractors that correlate at the end of the file).
    public mutating func replaceFacts(_ newFacts: [Fact]) {
        facts = newFacts
        attemptCodes = nil
    }

    /// Edit the facts in place (no copy of the array, unlike reading ``facts`` and replacing them).
    public mutating func updateFacts<R>(_ body: (inout [Fact]) throws -> R) rethrows -> R {
        attemptCodes = nil
        return try body(&facts)
    }

    /// Edits where the facts from `start` on were seen, nothing else: the attempt index stays valid.
    public mutating func updateProvenance(from start: Int, _ body: (inout Provenance) -> Void) {
        for i in start..<facts.count { body(&facts[i].provenance) }
    }

    /// Hands the facts over and leaves none (no copy of the array).
    public mutating func takeFacts() -> [Fact] {
        defer {
            facts = []
            attemptCodes = [:]
        }
        return facts
    }

    /// Record a normalised timestamp seen on a line (keeps first and last; logs are mostly in order).
    public mutating func noteTimestamp(_ timestamp: String) {
        if firstTimestamp == nil || timestamp < firstTimestamp! { firstTimestamp = timestamp }
        if lastTimestamp == nil || timestamp > lastTimestamp! { lastTimestamp = timestamp }
    }
}

/// Turns the lines of one log kind into facts. One instance per file; lines arrive in order, once.
/// Implementations must only look at bytes (see ``LogLine``) and decode to `String` only what becomes a fact.
public protocol LogExtractor {
    /// Called for every line, in order.
    mutating func consume(_ line: LogLine, into context: inout ExtractionContext)
    /// Called once after the last line: emit facts that need the whole file (install attempts, correlation).
    mutating func finish(into context: inout ExtractionContext)
    /// True once the extractor is sure to note a timestamp in ``finish(into:)``: the reader then stops
    /// reading line timestamps itself (it uses them for the file's time span only when the extractor
    /// notes none). Default: false.
    var willNoteTimestamp: Bool { get }
    /// What every line ``consume(_:into:)`` acts on contains, or nil (the default) when it needs every line.
    /// The reader finds these in whole buffers at once and hands the other lines to ``pass(over:)``: this
    /// is what makes a large log cheap. It must be a superset: a line it leaves out is never consumed.
    var triggers: LineTriggers? { get }
    /// A line that holds none of ``triggers``: note what every line counts for (the time span). Default: nothing.
    mutating func pass(over line: LogLine)
    /// Where the part of a line that decides its facts starts (after a valid timestamp), for an extractor
    /// whose state a line holding no trigger literal (consumed only for a status code) never changes; nil
    /// (the default) when it cannot say. Past the fact cap, a line whose bytes from here on equal those of
    /// the line before it is then counted on that line's folded facts instead of consumed again (the
    /// reader calls ``pass(over:)`` for it): an error repeated ten million times costs a comparison a line.
    func repeatKeyStart(_ line: LogLine) -> Int?
    /// True when ``pass(over:)`` does nothing but note the line's servicing-header timestamp
    /// (``ServicingHeader/stamp(_:)``) in the span the extractor reports, which ``consume(_:into:)`` notes
    /// as well for each line it reads: the span is then the range of every line's stamp, in any order. A
    /// pipelined read's reading thread notes those stamps itself and hands their range over
    /// (``note(passedStamps:)``) instead of the lines to `pass(over:)`. Default: false.
    var passesOverStampsOnly: Bool { get }
    /// The range of the stamps of a run of lines (``passesOverStampsOnly``); they may also be consumed.
    mutating func note(passedStamps: StampRange)
    /// True when the extractor starts each line it consumes from its servicing header and codes
    /// (``PreparedLine``): a pipelined read's reading thread, while the replaying thread is behind, prepares
    /// them for the lines to be consumed, which then go to ``consume(_:prepared:into:)``. Default: false.
    var consumesPreparedLines: Bool { get }
    /// ``consume(_:into:)`` of a line whose ``PreparedLine`` was worked out already (the same facts).
    mutating func consume(_ line: LogLine, prepared: PreparedLine, into context: inout ExtractionContext)
}

extension LogExtractor {
    public var willNoteTimestamp: Bool { false }
    public var triggers: LineTriggers? { nil }
    public mutating func pass(over line: LogLine) {}
    public func repeatKeyStart(_ line: LogLine) -> Int? { nil }
    public var passesOverStampsOnly: Bool { false }
    public mutating func note(passedStamps: StampRange) {}
    public var consumesPreparedLines: Bool { false }
    public mutating func consume(_ line: LogLine, prepared: PreparedLine, into context: inout ExtractionContext) {
        consume(line, into: &context)
    }
}

/// The lines an extractor acts on: those holding one of `literals` (case-sensitive, anywhere in the line),
/// and with `statusCodes` also those holding a `0x…` token that can be a failure code.
public struct LineTriggers: Sendable {
    public var literals: [String]
    public var statusCodes: Bool

    public init(literals: [String], statusCodes: Bool) {
        self.literals = literals
        self.statusCodes = statusCodes
    }
}

/// Optional values in a fixed order as a dictionary key, hashed once with ``StringHash`` (an attempt's
/// shape, ``ExtractionContext/attemptSlots``).
struct ValuesKey: Hashable {
    let values: [String?]
    private let hash: UInt64

    init(_ values: [String?]) {
        var h = UInt64(values.count)
        for value in values { h = value.map { StringHash.hash($0, seed: h) } ?? StringHash.mix(h) }
        self.values = values
        hash = h
    }

    static func == (a: ValuesKey, b: ValuesKey) -> Bool { a.hash == b.hash && a.values == b.values }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// A fact's attributes as built, name–value pairs in the order set, each name once: what an extractor hands
/// ``ExtractionContext/emit(_:fields:line:endLine:stamp:)`` so that past the cap a fact is compared with
/// those kept without attributes being built for it (most facts of a large log are only counted).
public struct FactFields: Sendable {
    public struct Pair: Sendable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var pairs: [Pair] = []

    public init(capacity: Int = 10) { pairs.reserveCapacity(capacity) }

    /// Adds `name`, which the builder knows is not set yet (checked in debug builds); nil leaves it out.
    public mutating func add(_ name: String, _ value: String?) {
        assert(!pairs.contains { $0.name == name }, "FactFields.add: \(name) is set already; use set")
        if let value { pairs.append(Pair(name, value)) }
    }

    /// Sets `name` to `value`, replacing an earlier value of the name as a dictionary would; nil leaves it.
    public mutating func set(_ name: String, _ value: String?) {
        guard let value else { return }
        if let i = pairs.firstIndex(where: { $0.name == name }) {
            pairs[i].value = value
        } else {
            pairs.append(Pair(name, value))
        }
    }

    /// The fields as a fact's attributes (names are distinct: ``add(_:_:)`` and ``set(_:_:)`` keep them so).
    public var attributes: FactAttributes { FactAttributes(pairs: pairs.lazy.map { ($0.name, $0.value) }) }
}
