/// Where a fact came from: a file of the bundle and a 1-based line, with the timestamp as written.
public struct Provenance: Sendable, Hashable, Codable {
    /// Path as shown to the user: relative to the input root, zip members as `bundle.zip/Logs/CBS.log`.
    public var file: String
    /// 1-based line of the (first) line that produced the fact.
    public var line: Int
    /// Last line when the fact spans several lines (an install attempt); nil otherwise.
    public var endLine: Int?
    /// Timestamp exactly as the log wrote it.
    public var time: String?
    /// Normalised timestamp `YYYY-MM-DDTHH:MM:SS` (local time as logged, no zone); sortable as text.
    public var timestamp: String?
    /// The source line, decoded, without its line end, capped at ``Provenance/maxTextLength`` UTF-8 bytes.
    public var text: String?

    public static let maxTextLength = 400

    public init(
        file: String, line: Int, endLine: Int? = nil, time: String? = nil, timestamp: String? = nil,
        text: String? = nil
    ) {
        self.file = file
        self.line = line
        self.endLine = endLine
        self.time = time
        self.timestamp = timestamp
        self.text = text
    }
}

/// A typed piece of evidence: a kind (`error-code`, `install-attempt`, …), string attributes and provenance.
///
/// The vocabulary of kinds and attributes is declared in `KnowledgeBase/fact-kinds.xml`; rules may only
/// name what is declared there (`triage rules lint` checks it).
public struct Fact: Sendable, Hashable, Codable {
    public var kind: String
    public var attributes: FactAttributes
    public var provenance: Provenance

    public init(kind: String, attributes: FactAttributes, provenance: Provenance) {
        self.kind = kind
        self.attributes = attributes
        self.provenance = provenance
    }

    public init(kind: String, attributes: [String: String], provenance: Provenance) {
        self.init(kind: kind, attributes: FactAttributes(attributes), provenance: provenance)
    }

    public subscript(_ name: String) -> String? { attributes[name] }
}

extension Fact {
    /// Deterministic order: file, line, kind, then attributes. Everything that prints facts sorts with it.
    public static func stableOrder(_ a: Fact, _ b: Fact) -> Bool {
        if a.provenance.file != b.provenance.file { return a.provenance.file < b.provenance.file }
        if a.provenance.line != b.provenance.line { return a.provenance.line < b.provenance.line }
        if a.kind != b.kind { return a.kind < b.kind }
        // Attributes iterate in name order.
        return a.attributes.lexicographicallyPrecedes(
            b.attributes, by: { $0.key != $1.key ? $0.key < $1.key : $0.value < $1.value })
    }
}

/// Fact kinds the extractors emit. Rules may use any kind declared in the knowledge base; these are
/// the ones Swift code produces, named once here.
public enum FactKind {
    public static let errorCode = "error-code"
    public static let installAttempt = "install-attempt"
    public static let rollback = "rollback"
    public static let updateSource = "update-source"
    public static let machine = "machine"
    public static let collector = "collector"
    public static let sourceCollected = "source-collected"
    public static let signature = "signature"
    public static let observation = "observation"
}
