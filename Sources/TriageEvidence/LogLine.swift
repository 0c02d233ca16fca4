import TriageCore

/// One line of a log as UTF-8 bytes (UTF-16 input is transcoded first), without its line end (`\n`, `\r\n`).
/// The bytes are only valid during the call that receives the line: copy what you keep.
public struct LogLine {
    /// The line's bytes, read through bounds-checked accessors.
    public let bytes: LineBytes
    /// 1-based line number in the file.
    public let number: Int

    public init(bytes: LineBytes, number: Int) {
        self.bytes = bytes
        self.number = number
    }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// Offset of the first occurrence of `literal` at or after `from`, or nil.
    @inline(__always)
    public func firstIndex(of literal: Literal, from start: Int = 0) -> Int? {
        bytes.firstIndex(of: literal, from: start)
    }

    public func contains(_ literal: Literal) -> Bool { bytes.contains(literal) }

    public func hasPrefix(_ literal: Literal) -> Bool { bytes.starts(with: literal) }

    /// The bytes `[from, to)` decoded as UTF-8 (invalid bytes become U+FFFD, as Latin-1 strays do).
    public func text(from start: Int = 0, to end: Int? = nil) -> String {
        bytes.text(from: start, to: end)
    }

    /// The whole line decoded, capped at ``Provenance/maxTextLength`` bytes (for citations).
    public var citationText: String {
        text(to: min(bytes.count, Provenance.maxTextLength))
    }
}
