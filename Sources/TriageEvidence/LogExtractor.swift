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

    /// Line facts (error codes and signature matches, one or more per line) kept as they come; past this
    /// count, a fact identical to one already kept is counted on it (attribute `repeats`, `endLine` the last
    /// line) instead of stored, so memory stays bounded whatever the size of the log.
    public var lineFactCap: Int
    /// Most distinct line facts kept past the cap; what comes after them is counted by kind in a note.
    public static let maxDistinctPastCap = 10_000
    private var lineFacts = 0
    /// Past the cap: a fact standing for identical ones, by kind and attributes, as a slot of the arrays below.
    private var folds: [FoldKey: Int] = [:]
    private var foldFact: [Int] = []
    private var foldRepeats: [Int] = []
    private var foldLastLine: [Int] = []
    /// The fold slots the current line's facts went to, and whether every fact of the line went to one
    /// (see ``beginLine()`` and ``repeatLine(_:)``).
    private var lineSlots: [Int] = []
    public private(set) var lineFoldedOnly = false

    /// Kind and attributes: facts with equal keys differ only in where they were seen.
    private struct FoldKey: Hashable {
        var kind: String
        var attributes: [String: String]
    }
    private var droppedPastCap: [String: Int] = [:]

    /// Whether the cap is reached: from here on, line facts are folded.
    public var isPastCap: Bool { lineFacts >= lineFactCap }

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
        }
        lineFacts += lineSlots.count
    }

    public init(file: String, kind: LogKind, lineFactCap: Int = 50_000) {
        self.file = file
        self.kind = kind
        self.lineFactCap = lineFactCap
    }

    /// The citation of the line last cited: facts of one line (an error code and the signatures that
    /// match it) share one decoded string instead of holding a copy each.
    private var citedLine = (number: -1, count: -1)
    private var citation = ""
    private var sharedTime = ""
    private var sharedStamp = ""

    public mutating func emit(
        _ kind: String, _ attributes: [String: String], line: LogLine,
        time: String? = nil, timestamp: String? = nil, endLine: Int? = nil
    ) {
        // Past the cap, a repeat of a kept fact is only counted: nothing of the line is decoded for it.
        if lineFacts >= lineFactCap, kind == FactKind.errorCode || kind == FactKind.signature,
            let slot = folds[FoldKey(kind: kind, attributes: attributes)]
        {
            lineFacts += 1
            foldRepeats[slot] += 1
            foldLastLine[slot] = line.number
            lineSlots.append(slot)
            return
        }
        if citedLine != (line.number, line.count) {
            citedLine = (line.number, line.count)
            citation = line.citationText
        }
        let time = Self.shared(time, &sharedTime)
        let timestamp = Self.shared(timestamp, &sharedStamp)
        emit(
            Fact(
                kind: kind, attributes: attributes,
                provenance: Provenance(
                    file: file, line: line.number, endLine: endLine, time: time,
                    timestamp: timestamp, text: citation)))
    }

    /// `value`, as the string already held when it equals the previous one (times repeat from fact to fact).
    private static func shared(_ value: String?, _ previous: inout String) -> String? {
        guard let value else { return nil }
        if value == previous { return previous }
        previous = value
        return value
    }

    public mutating func emit(_ fact: Fact) {
        guard fact.kind == FactKind.errorCode || fact.kind == FactKind.signature else {
            lineFoldedOnly = false
            facts.append(fact)
            return
        }
        lineFacts += 1
        guard lineFacts > lineFactCap else {
            lineFoldedOnly = false
            facts.append(fact)
            return
        }
        let key = FoldKey(kind: fact.kind, attributes: fact.attributes)
        if let slot = folds[key] {
            foldRepeats[slot] += 1
            foldLastLine[slot] = fact.provenance.line
            lineSlots.append(slot)
        } else if folds.count < Self.maxDistinctPastCap {
            let slot = foldFact.count
            folds[key] = slot
            foldFact.append(facts.count)
            foldRepeats.append(0)
            foldLastLine.append(fact.provenance.line)
            lineSlots.append(slot)
            facts.append(fact)
        } else {
            lineFoldedOnly = false
            droppedPastCap[fact.kind, default: 0] += 1
        }
    }

    /// Writes the counts of folded facts onto the facts that stand for them, and says in a note what was
    /// folded or dropped past the cap. Called once, when the file is done.
    public mutating func closeFolds() {
        guard lineFacts > lineFactCap else { return }
        var folded = 0
        for slot in foldFact.indices where foldRepeats[slot] > 0 {
            facts[foldFact[slot]].attributes["repeats"] = String(foldRepeats[slot])
            facts[foldFact[slot]].provenance.endLine = foldLastLine[slot]
            folded += foldRepeats[slot]
        }
        var note =
            "\(lineFacts) error-code and signature facts: past the first \(lineFactCap), \(folded) identical "
            + "facts counted on \(folds.count) kept (attribute repeats)"
        if !droppedPastCap.isEmpty {
            note +=
                "; past \(Self.maxDistinctPastCap) distinct, "
                + droppedPastCap.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) facts" }.joined(
                    separator: ", ")
                + " counted only"
        }
        notes.append(note)
        folds = [:]
        (foldFact, foldRepeats, foldLastLine) = ([], [], [])
    }

    /// A line starts with a timestamp whose values are impossible (month 13, hour 25): counted for a note.
    public mutating func noteImpossibleTimestamp(line: Int) {
        if impossibleTimestamps.count == 0 { impossibleTimestamps.firstLine = line }
        impossibleTimestamps.count += 1
    }

    /// Replace all facts (for extractors that correlate at the end of the file).
    public mutating func replaceFacts(_ newFacts: [Fact]) { facts = newFacts }

    /// Edit the facts in place (no copy of the array, unlike reading ``facts`` and replacing them).
    public mutating func updateFacts<R>(_ body: (inout [Fact]) throws -> R) rethrows -> R { try body(&facts) }

    /// Hands the facts over and leaves none (no copy of the array).
    public mutating func takeFacts() -> [Fact] {
        defer { facts = [] }
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
}

extension LogExtractor {
    public var willNoteTimestamp: Bool { false }
    public var triggers: LineTriggers? { nil }
    public mutating func pass(over line: LogLine) {}
    public func repeatKeyStart(_ line: LogLine) -> Int? { nil }
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
