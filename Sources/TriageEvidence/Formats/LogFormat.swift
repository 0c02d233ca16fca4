import TriageCore

/// Everything triage knows about one log format, in one value: how to recognise it (file names, magic bytes,
/// content anchors), where timestamp/level/component sit on its lines, what reads it (a line extractor or a
/// binary decoder), and the fact kinds it may emit. Every format is registered in ``LogFormats/all``; the
/// recogniser, the reader, the signature matcher and the engine dispatch from that list.
///
/// Adding a format: one new file with its kind (`extension LogKind { public static let mine = … }`), its
/// `extension LogFormat { static let mine = LogFormat(kind: .mine, …) }` and its extractor or decoder
/// (`PoqexecFormat.swift` is the model), plus one line in ``LogFormats/all``.
public struct LogFormat: Sendable {
    /// Stable id (the name used in XML and JSON).
    public let kind: LogKind
    /// File-name hints, tried across all formats in ascending ``NameHint/priority`` (lower first). Names
    /// decide only for binary and empty files, and between the formats of one content family.
    public let names: [NameHint]
    /// Leading bytes that identify the file whatever its name (checked before anything else).
    public let magic: [UInt8]?
    /// How lines of the first 8 KiB vote for the format. Formats that share a ``ContentAnchor/family`` share
    /// one vote and the anchor's classifier picks among them.
    public let content: ContentAnchor?
    /// Where timestamp, level and component sit on a line (`.none` for formats without such columns).
    let layout: LineLayout
    /// How the format is read once recognised.
    public let reader: Reader
    /// Fact kinds the reader may emit (`error-code`, `install-attempt`, …): a condition on such a kind is
    /// *unknown*, not false, unless one of the formats that can produce it was collected. Added to the
    /// `from` lists of `KnowledgeBase/fact-kinds.xml` by the engine.
    public let factKinds: [String]

    public enum Reader: Sendable {
        /// A text log: framed into lines, each handed to the extractor (`nil`: recognised, no extractor:
        /// only the file's time span and signatures are read).
        case lines(@Sendable () -> (any LogExtractor)?)
        /// A binary log read whole (up to ``InputLimits/maxFileBytes`` or, in a zip, ``InputLimits/maxMemberBytes``).
        case binary(any BinaryLogDecoder)
        /// Recognised, not read: the source is skipped with this reason.
        case unsupported(reason: String)
    }

    init(
        kind: LogKind, names: [NameHint] = [], magic: [UInt8]? = nil, content: ContentAnchor? = nil,
        layout: LineLayout = .none, reader: Reader, factKinds: [String]
    ) {
        self.kind = kind
        self.names = names
        self.magic = magic
        self.content = content
        self.layout = layout
        self.reader = reader
        self.factKinds = factKinds
    }

    /// A format whose reader is public API (for formats defined outside this module's built-in list).
    public init(
        kind: LogKind, names: [NameHint] = [], magic: [UInt8]? = nil, content: ContentAnchor? = nil,
        reader: Reader, factKinds: [String]
    ) {
        self.init(
            kind: kind, names: names, magic: magic, content: content, layout: .none, reader: reader,
            factKinds: factKinds)
    }
}

/// A file-name hint: the lower-cased name ends with or contains `text`.
public struct NameHint: Sendable {
    public enum Match: Sendable { case suffix, contains }
    public let text: String
    public let match: Match
    /// Order among all formats' hints: the first hint (lowest priority value) that matches decides.
    public let priority: Int

    public static func suffix(_ text: String, priority: Int) -> NameHint {
        NameHint(text: text, match: .suffix, priority: priority)
    }
    public static func contains(_ text: String, priority: Int) -> NameHint {
        NameHint(text: text, match: .contains, priority: priority)
    }

    func matches(_ lowerName: String) -> Bool {
        switch match {
        case .suffix: lowerName.hasSuffix(text)
        case .contains: lowerName.contains(text)
        }
    }
}

/// Content recognition: each line of the sample (up to 200) goes to the families' classifiers in registry
/// order; the first that votes takes the line. The family with the highest total wins (ties: the earlier
/// family), provided the votes are not a mere mention (≥ 10 weight, ≥ 3 lines, or ≥ a third of the lines).
public struct ContentAnchor: Sendable {
    /// Formats with the same family share one vote (CBS, DISM, setupact and setuperr: `panther`).
    public let family: String
    /// A fresh classifier for one file.
    public let makeClassifier: @Sendable () -> any ContentClassifier

    public init(family: String, makeClassifier: @escaping @Sendable () -> any ContentClassifier) {
        self.family = family
        self.makeClassifier = makeClassifier
    }

    /// A single-format family whose vote is a pure function of the line.
    public static func lines(_ kind: LogKind, vote: @escaping @Sendable (LineBytes) -> Int?)
        -> ContentAnchor
    {
        ContentAnchor(family: kind.rawValue) { LineVote(kind: kind, vote: vote) }
    }
}

/// Votes on the sample's lines for one family of formats, then names the format.
public protocol ContentClassifier {
    /// The weight of this line's vote for the family, or nil. Called only for lines no earlier family took.
    mutating func vote(_ line: LineBytes) -> Int?
    /// The format of the family, once the family has won (`lowerName`: the file name, lower-cased).
    func kind(lowerName: String) -> LogKind
}

struct LineVote: ContentClassifier {
    let kind: LogKind
    let vote: @Sendable (LineBytes) -> Int?
    mutating func vote(_ line: LineBytes) -> Int? { vote(line) }
    func kind(lowerName: String) -> LogKind { kind }
}

/// Reads a whole binary log held in memory into facts.
///
/// Must never crash, hang or grow memory without bound on any input: every read bounds-checked, every loop
/// and recursion bounded. Damage that leaves the rest readable goes to `context.notes`; a file that cannot be
/// read at all throws, and the source is skipped with the error's reason.
public protocol BinaryLogDecoder: Sendable {
    /// Returns the number of records read (the source's `lines`).
    func decode(_ input: BinaryLogInput, into context: inout ExtractionContext) throws(BinaryLogError) -> Int
    /// The kind a parsed source is recorded as, when its records are another format's lines (an ETW trace
    /// decoded to WindowsUpdate.log lines is a `windowsupdate` source, so rules over that log see it); nil:
    /// the format's own kind.
    var readsAs: LogKind? { get }
}

extension BinaryLogDecoder {
    public var readsAs: LogKind? { nil }
}

/// What a binary decoder gets: the file's bytes (valid during the call only) and the reader's settings.
/// (The reader makes it: `Reader/BinaryLogInput+Bytes.swift`.)
public struct BinaryLogInput {
    /// The file's bytes through the bounds-checked view decoders read (valid during the call only).
    public let window: ByteWindow
    public let signatures: [LineSignature]
    public let limits: InputLimits

    public init(window: ByteWindow, signatures: [LineSignature], limits: InputLimits) {
        self.window = window
        self.signatures = signatures
        self.limits = limits
    }
}

/// A binary log that cannot be read at all; `reason` becomes the skipped source's reason.
public struct BinaryLogError: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
