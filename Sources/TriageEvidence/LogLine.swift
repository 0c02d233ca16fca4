internal import CShim
import TriageCore

/// One line of a log as UTF-8 bytes (UTF-16 input is transcoded first), without its line end (`\n`, `\r\n`).
/// The bytes are only valid during the call that receives the line: copy what you keep.
public struct LogLine {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// 1-based line number in the file.
    public let number: Int

    public init(bytes: UnsafeBufferPointer<UInt8>, number: Int) {
        self.bytes = bytes
        self.number = number
    }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// Offset of the first occurrence of `literal` at or after `from`, or nil. `literal` must be non-empty.
    @inline(__always)
    public func firstIndex(of literal: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        ByteSearch.firstIndex(of: literal, in: bytes, from: start)
    }

    /// Offset of the first occurrence of an ASCII/UTF-8 literal.
    public func firstIndex(of literal: String, from start: Int = 0) -> Int? {
        var literal = literal
        return literal.withUTF8 { firstIndex(of: $0, from: start) }
    }

    public func contains(_ literal: String) -> Bool { firstIndex(of: literal) != nil }

    public func hasPrefix(_ literal: String) -> Bool {
        var literal = literal
        return literal.withUTF8 { p in
            p.count <= bytes.count && memcmp(p.baseAddress!, bytes.baseAddress!, p.count) == 0
        }
    }

    /// The bytes `[from, to)` decoded as UTF-8 (invalid bytes become U+FFFD, as Latin-1 strays do).
    public func text(from start: Int = 0, to end: Int? = nil) -> String {
        let end = min(end ?? bytes.count, bytes.count)
        guard start < end else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The whole line decoded, capped at ``Provenance/maxTextLength`` bytes (for citations).
    public var citationText: String {
        text(to: min(bytes.count, Provenance.maxTextLength))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level literal search: memchr/memmem, never `String`.
public enum ByteSearch {
    @inline(__always)
    public static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
        from start: Int = 0
    ) -> Int? {
        guard start >= 0, needle.count > 0, haystack.count - start >= needle.count,
            let base = haystack.baseAddress, let n = needle.baseAddress
        else { return nil }
        return RareByteSearch.firstIndex(of: n, count: needle.count, in: base, count: haystack.count, from: start)
    }
}
