/// The kind of an input file: a stable name used in XML (`in="cbs"`), JSON and citations. Open: each log
/// format declares its own kind next to its definition (`extension LogKind { static let cbs = … }` in
/// `TriageEvidence/Formats/`), and the formats registered in `LogFormats.all` are the known kinds. Only
/// ``unknown`` (a file no format recognises) is declared here.
public struct LogKind: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A file no registered format recognises.
    public static let unknown = LogKind(rawValue: "unknown")

    public var description: String { rawValue }

    public static func < (a: LogKind, b: LogKind) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One input file, accounted for: what it is and whether it was parsed.
public struct SourceRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case parsed, skipped }

    public var path: String
    public var kind: LogKind
    public var status: Status
    /// Why a file was skipped (`binary file`, `unsupported kind`, `too large: …`); nil when parsed.
    public var reason: String?
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `binary`.
    public var encoding: String
    /// `crlf`, `lf`, `mixed`, `none`.
    public var lineEnding: String
    public var bytes: Int
    public var lines: Int
    /// First and last timestamps seen, normalised (`YYYY-MM-DDTHH:MM:SS`).
    public var first: String?
    public var last: String?
    /// Non-fatal notes about the file (`truncated last line`, `3 NUL bytes dropped`, …).
    public var notes: [String]

    public init(
        path: String, kind: LogKind, status: Status, reason: String? = nil, encoding: String,
        lineEnding: String = "none", bytes: Int, lines: Int, first: String? = nil, last: String? = nil,
        notes: [String] = []
    ) {
        self.path = path
        self.kind = kind
        self.status = status
        self.reason = reason
        self.encoding = encoding
        self.lineEnding = lineEnding
        self.bytes = bytes
        self.lines = lines
        self.first = first
        self.last = last
        self.notes = notes
    }
}
