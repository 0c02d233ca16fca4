import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where each framed line goes: the kind's extractor, the signature matcher, and the time-span fallback.
///
/// Before the framer cuts a region of the buffer into lines, ``region(_:)`` finds every signature anchor
/// and extractor trigger in it at once (``LiteralScanner``). A line then goes to the extractor's `consume`
/// only when it holds a trigger (or the extractor declares none), else to its `pass(over:)`; and to the
/// matcher only for the anchors it holds.
struct ScanSink: LineSink {
    var extractor: (any LogExtractor)?
    var context: ExtractionContext
    let matcher: SignatureMatcher?
    let layout: LineLayout
    /// The whole-region search; a pipelined read (``PipelinedRead``) runs it on its reading thread.
    let scanner: LiteralScanner?
    /// Per scanner literal: the matcher's anchor index, or -1.
    let anchorOfLiteral: [Int]
    /// Which lines go to the extractor's `consume`.
    let consumption: ConsumptionRule
    private var hits: [LiteralHit] = []
    /// The line ends of the region, when the scanner's pass found them.
    private var lineEnds: [UInt32] = []
    private var cursor = HitCursor()
    private var regionBase: UnsafePointer<UInt8>?
    /// Packed YYYYMMDDhhmmss of the earliest and latest timestamps the layout could read (for files whose
    /// extractor records none).
    private(set) var earliest: UInt64 = .max
    private(set) var latest: UInt64 = 0
    /// The extractor will report the span itself, so the layout's timestamps are no longer read.
    private var extractorSpan = false
    /// Past the fact cap: the bytes after the timestamp of the last line acted on, when all its facts were
    /// folded and it held no trigger literal; an identical next line is counted, not consumed
    /// (``LogExtractor/repeatKeyStart(_:)``).
    private var repeatBody: [UInt8] = []
    private var repeatEligible = false
    /// The timestamps of the current batch's lines were noted on a pipelined read's reading thread and handed
    /// to the extractor (``adopt(stamps:)``): lines passed over skip it.
    private var stampsNoted = false
    /// The current batch's lines to be consumed were prepared by a pipelined read's reading thread, each
    /// (checked in debug builds: that thread and this sink decide alike which lines are consumed).
    var expectsPreparedLines = false
    /// The extractor's ``LogExtractor/passesOverStampsOnly`` and ``LogExtractor/consumesPreparedLines``.
    let extractorPassesOverStampsOnly: Bool
    let extractorConsumesPreparedLines: Bool

    /// `sample`: the file's first bytes (decoded), which pick the rarest bytes and pairs to search by;
    /// `maxLine`: the framer's line limit; `regionBytes`: the framer's buffer size, when known.
    init(
        extractor: (any LogExtractor)?, context: ExtractionContext, signatures: [LineSignature],
        sample: UnsafeBufferPointer<UInt8>, maxLine: Int, regionBytes: Int? = nil
    ) {
        self.extractor = extractor
        extractorPassesOverStampsOnly = extractor?.passesOverStampsOnly ?? false
        extractorConsumesPreparedLines = extractor?.consumesPreparedLines ?? false
        self.context = context
        let matcher = SignatureMatcher(kind: context.kind, signatures: signatures)
        self.matcher = matcher.isEmpty ? nil : matcher
        layout = LineLayout(kind: context.kind)
        let triggers = extractor?.triggers
        var literals: [[UInt8]] = []
        var index: [[UInt8]: Int] = [:]
        var anchorOfLiteral: [Int] = []
        var triggersExtractor: [Bool] = []
        func add(_ literal: [UInt8]) -> Int {
            if let i = index[literal] { return i }
            index[literal] = literals.count
            literals.append(literal)
            anchorOfLiteral.append(-1)
            triggersExtractor.append(false)
            return literals.count - 1
        }
        for (a, anchor) in matcher.anchors.enumerated() { anchorOfLiteral[add(anchor)] = a }
        for literal in triggers?.literals ?? [] where !literal.isEmpty {
            triggersExtractor[add(Array(literal.utf8))] = true
        }
        self.anchorOfLiteral = anchorOfLiteral
        consumption = ConsumptionRule(
            triggersExtractor: triggersExtractor, consumesEveryLine: triggers == nil, maxLine: maxLine)
        let statusCodes = triggers?.statusCodes ?? false
        scanner =
            literals.isEmpty && !statusCodes
            ? nil
            : LiteralScanner(
                literals: literals, statusCodes: statusCodes, sample: sample, regionBytes: regionBytes)
    }

    mutating func region(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]? {
        guard let scanner else { return nil }
        let found = withUnsafeMutablePointer(to: &lineEnds) { scanner.scan(bytes, into: &hits, lineEnds: $0) }
        cursor = HitCursor()
        regionBase = bytes.baseAddress
        return found ? lineEnds : nil
    }

    /// A region searched elsewhere (by a pipelined read's reading thread, with ``scanner``): its hits, for
    /// the lines cut from it that follow. `hits` receives the previous region's array, for reuse.
    mutating func adopt(region base: UnsafePointer<UInt8>?, hits found: inout [LiteralHit]) {
        swap(&hits, &found)
        cursor = HitCursor()
        regionBase = base
    }

    /// The range of the timestamps of a batch's lines, noted by a pipelined read's reading thread for an
    /// extractor that ``LogExtractor/passesOverStampsOnly``, before the batch's lines; nil when they were not
    /// (the lines go to `pass(over:)`).
    mutating func adopt(stamps: StampRange?) {
        stampsNoted = stamps != nil && extractorPassesOverStampsOnly
        if stampsNoted, let stamps { extractor?.note(passedStamps: stamps) }
    }

    @inline(__always)
    mutating func line(_ line: LogLine) { self.line(line, matched: nil) }

    /// How many of `lines[k..<end]`, from `k` on, ``line(_:matched:prepared:)`` would do nothing with: lines
    /// of the current region holding no literal hit, shorter than the line limit, while nothing reads every
    /// line (the extractor consumes only lines with hits, the batch's timestamps were noted on the reading
    /// thread, the extractor notes the time span itself). A pipelined read's replay skips them: most lines
    /// of a log hold no hit, and each passed through ``line(_:matched:prepared:)`` to be ignored.
    @inline(__always)
    mutating func quietLines(_ lines: [UnsafeBufferPointer<UInt8>], from k: Int, to end: Int) -> Int {
        guard let base = regionBase, scanner != nil, stampsNoted, extractorSpan, !consumption.consumesEveryLine
        else { return 0 }
        var i = k
        while i < end, let start = lines[i].baseAddress, lines[i].count < consumption.maxLine {
            let lineStart = start - base
            if cursor.holdsHit(in: hits, from: lineStart, to: lineStart + lines[i].count) { break }
            i += 1
        }
        return i - k
    }

    /// `matched`: the line's signature matches when a pipelined read's reading thread worked them out
    /// (``RegionRecorder``), emitted here instead of matching the line again; nil: the line is matched here.
    /// `prepared`: its ``PreparedLine``, when that thread worked it out (the line is then consumed from it).
    @inline(__always)
    mutating func line(
        _ line: LogLine, matched: ArraySlice<SignatureMatcher.Match>?, prepared: PreparedLine? = nil
    ) {
        var first = 0
        var past = 0
        var lineStart = 0
        if scanner != nil, let base = regionBase, let start = line.bytes.unsafeStorage.baseAddress {
            lineStart = start - base
            let lineEnd = lineStart + line.count
            (first, past) = cursor.hits(in: hits, from: lineStart, to: lineEnd)
        }
        let (consume, triggerLiteral) = consumption.decide(hits, first, past, lineCount: line.count)
        // A repeat of the previous line past the fact cap: counted on its folded facts.
        var repeatStart = -1
        if first < past, !triggerLiteral, !consumption.consumesEveryLine, line.count < consumption.maxLine,
            context.isPastCap,
            let start = extractor?.repeatKeyStart(line), hits[first].offset >= lineStart + start
        {
            if repeatEligible, line.bytes.ends(equalTo: repeatBody, from: start) {
                context.repeatLine(line.number)
                if !stampsNoted { extractor?.pass(over: line) }
                noteSpan(line)
                return
            }
            repeatStart = start
        }
        if consume {
            context.beginLine()
            assert(prepared != nil || !expectsPreparedLines, "line \(line.number) consumed but not prepared")
            if let prepared {
                extractor?.consume(line, prepared: prepared, into: &context)
            } else {
                extractor?.consume(line, into: &context)
            }
        } else {
            // A line with no hit gives no fact: the record of the last line that could (``repeatBody``,
            // the context's slots) stays for the next one equal to it.
            if first < past { context.beginLine() }
            if !stampsNoted { extractor?.pass(over: line) }
        }
        if let matcher, let matched {
            for match in matched { matcher.emit(match.fields, line: line, into: &context) }
        } else if let matcher, first < past {
            for k in first..<past {
                let a = hits[k].literal < 0 ? -1 : anchorOfLiteral[hits[k].literal]
                if a >= 0 { matcher.match(line, anchor: a, at: hits[k].offset - lineStart, into: &context) }
            }
        }
        if repeatStart >= 0, context.lineFoldedOnly {
            repeatBody.removeAll(keepingCapacity: true)
            line.bytes.append(from: repeatStart, to: &repeatBody)
            repeatEligible = true
        } else if consume || first < past {
            repeatEligible = false
        }
        noteSpan(line)
    }

    /// The time span from the layout's timestamps, until the extractor reports it itself.
    @inline(__always)
    private mutating func noteSpan(_ line: LogLine) {
        if extractorSpan { return }
        if extractor?.willNoteTimestamp == true {
            extractorSpan = true
            return
        }
        if let stamp = layout.timestamp(line.bytes), LineLayout.isPossible(stamp.packed) {
            if stamp.packed < earliest { earliest = stamp.packed }
            if stamp.packed > latest { latest = stamp.packed }
        }
    }

    mutating func finish() {
        extractor?.finish(into: &context)
    }

    /// First and last timestamps: the extractor's when it noted any, else the layout's.
    var span: (first: String?, last: String?) {
        if context.firstTimestamp != nil || context.lastTimestamp != nil {
            return (context.firstTimestamp, context.lastTimestamp)
        }
        guard earliest != .max else { return (nil, nil) }
        return (LineLayout.format(earliest), LineLayout.format(latest))
    }
}

/// Which lines go to an extractor's `consume`: the one decision, for ``ScanSink`` and a pipelined read's
/// reading thread (``RegionRecorder``), which prepares those lines.
struct ConsumptionRule: Sendable {
    /// Per scanner literal: whether it is one of the extractor's triggers.
    let triggersExtractor: [Bool]
    /// The extractor declares no triggers: every line is consumed.
    let consumesEveryLine: Bool
    /// Lines this long may have been cut by the framer: the search saw bytes the line no longer holds (a
    /// code cut in the middle reads differently), so they are always consumed.
    let maxLine: Int

    /// Whether a line of `lineCount` bytes whose literal hits are `hits[first..<past]` is consumed (a status
    /// code or a trigger literal among them, or always), and whether a trigger literal is among them.
    @inline(__always)
    func decide(_ hits: [LiteralHit], _ first: Int, _ past: Int, lineCount: Int) -> (
        consume: Bool, triggerLiteral: Bool
    ) {
        var consume = consumesEveryLine || lineCount >= maxLine
        var triggerLiteral = false
        var k = first
        while k < past {
            let literal = hits[k].literal
            if literal >= 0, triggersExtractor[literal] { triggerLiteral = true }
            if literal < 0 || triggersExtractor[literal] { consume = true }
            k += 1
        }
        return (consume, triggerLiteral)
    }
}

/// Walks a region's literal hits (in ascending offsets) line by line, the lines taken in order: the one
/// place that decides which hits a line holds, for ``ScanSink`` and a pipelined read's ``RegionRecorder``.
struct HitCursor {
    private var next = 0

    /// Whether a hit lies at an offset in `[start, end)`; moves past those before `start` only (a call of
    /// ``hits(in:from:to:)`` for the same line still finds them all).
    @inline(__always)
    mutating func holdsHit(in hits: [LiteralHit], from start: Int, to end: Int) -> Bool {
        while next < hits.count, hits[next].offset < start { next += 1 }
        return next < hits.count && hits[next].offset < end
    }

    /// The indices in `hits` of those at offsets in `[start, end)`, as `(first, past)`.
    @inline(__always)
    mutating func hits(in hits: [LiteralHit], from start: Int, to end: Int) -> (Int, Int) {
        while next < hits.count, hits[next].offset < start { next += 1 }
        let first = next
        while next < hits.count, hits[next].offset < end { next += 1 }
        return (first, next)
    }
}
