import TriageCore

/// Where each framed line goes: the kind's extractor, the signature matcher, and the time-span fallback.
struct ScanSink: LineSink {
    var extractor: (any LogExtractor)?
    var context: ExtractionContext
    let matcher: SignatureMatcher?
    let layout: LineLayout
    /// Packed YYYYMMDDhhmmss of the earliest and latest timestamps the layout could read (for files whose
    /// extractor records none).
    private(set) var earliest: UInt64 = .max
    private(set) var latest: UInt64 = 0
    /// The extractor will report the span itself, so the layout's timestamps are no longer read.
    private var extractorSpan = false

    init(extractor: (any LogExtractor)?, context: ExtractionContext, matcher: SignatureMatcher?) {
        self.extractor = extractor
        self.context = context
        self.matcher = matcher
        layout = LineLayout(kind: context.kind)
    }

    @inline(__always)
    mutating func line(_ line: LogLine) {
        extractor?.consume(line, into: &context)
        matcher?.match(line, into: &context)
        if extractorSpan { return }
        if extractor?.willNoteTimestamp == true {
            extractorSpan = true
            return
        }
        if let stamp = layout.timestamp(line.bytes) {
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
