#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one log line as extractors, recognisers and signatures see them: a read-only view with
/// bounds-checked accessors. This file and the scanning kernels (framer, literal and Teddy search, inflater,
/// binary decoders) are the only code that holds a raw pointer; everything else reads a line through this.
/// The bytes are only valid during the call that receives them: copy what you keep.
public struct LineBytes {
    private let storage: UnsafeBufferPointer<UInt8>

    /// The kernel's constructor: the framer and the decoders wrap the bytes they hand over.
    init(_ storage: UnsafeBufferPointer<UInt8>) { self.storage = storage }

    /// No bytes.
    public static var empty: LineBytes { LineBytes(UnsafeBufferPointer(start: nil, count: 0)) }

    /// The kernel's access to the bytes (memcmp, copies into a scratch buffer).
    var unsafeStorage: UnsafeBufferPointer<UInt8> { storage }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public var indices: Range<Int> { 0..<storage.count }

    /// The byte at `offset`; traps when `offset` is outside the line, as an array does.
    @inline(__always)
    public subscript(offset: Int) -> UInt8 {
        precondition(UInt(bitPattern: offset) < UInt(storage.count), "line offset out of bounds")
        return storage[offset]
    }

    /// The byte at `offset`, or nil past either end.
    @inline(__always)
    public func byte(at offset: Int) -> UInt8? {
        UInt(bitPattern: offset) < UInt(storage.count) ? storage[offset] : nil
    }

    /// The bytes `[start, end)`, clamped to the line, as a view whose offsets start at 0.
    public func slice(from start: Int, to end: Int? = nil) -> LineBytes {
        let end = min(end ?? storage.count, storage.count)
        let start = max(0, min(start, end))
        return LineBytes(UnsafeBufferPointer(rebasing: storage[start..<end]))
    }

    /// The first `length` bytes (all of them when the line is shorter).
    public func prefix(_ length: Int) -> LineBytes { slice(from: 0, to: max(0, length)) }

    /// The bytes as an array (a copy).
    public var array: [UInt8] { Array(storage) }

    /// The bytes from `start` (clamped) appended to `array`.
    public func append(from start: Int, to array: inout [UInt8]) {
        array.append(contentsOf: storage[max(0, min(start, storage.count))...])
    }

    /// A hash of the bytes from `start` (clamped) to the end, chained from `seed` (``StringHash``'s mixing,
    /// eight bytes at a time), for tables keyed by a line's content that compare it in full.
    public func hash(from start: Int, seed: UInt64) -> UInt64 {
        let tail = UnsafeBufferPointer(rebasing: storage[max(0, min(start, storage.count))...])
        return StringHash.hash(UnsafeRawBufferPointer(tail), seed: seed).hash
    }

    // MARK: - Search

    /// The line starts with `literal` at `offset`.
    @inline(__always)
    public func starts(with literal: Literal, at offset: Int = 0) -> Bool {
        let n = literal.count
        guard offset >= 0, n <= storage.count - offset, let base = storage.baseAddress else { return n == 0 }
        return memcmp(base + offset, literal.start, n) == 0
    }

    /// The bytes at `offset` equal `bytes`.
    public func starts(with bytes: [UInt8], at offset: Int = 0) -> Bool {
        guard offset >= 0, bytes.count <= storage.count - offset else { return false }
        return bytes.withUnsafeBufferPointer { needle in
            needle.isEmpty || memcmp(storage.baseAddress! + offset, needle.baseAddress!, needle.count) == 0
        }
    }

    /// The bytes from `offset` to the end equal `bytes`.
    public func ends(equalTo bytes: [UInt8], from offset: Int) -> Bool {
        guard offset >= 0, offset <= storage.count, storage.count - offset == bytes.count else { return false }
        return starts(with: bytes, at: offset)
    }

    /// Offset of the first `literal` in `[from, to)`, or nil.
    @inline(__always)
    public func firstIndex(of literal: Literal, from start: Int = 0, to end: Int? = nil) -> Int? {
        guard let base = storage.baseAddress, start >= 0 else { return nil }
        let end = min(end ?? storage.count, storage.count)
        let n = literal.count
        guard n > 0, end - start >= n else { return nil }
        return RareByteSearch.firstIndex(of: literal.start, count: n, in: base, count: end, from: start)
    }

    /// Offset of the first occurrence of `bytes` at or after `from`, or nil (`bytes` non-empty).
    public func firstIndex(of bytes: [UInt8], from start: Int = 0) -> Int? {
        guard let base = storage.baseAddress, start >= 0, !bytes.isEmpty, storage.count - start >= bytes.count
        else { return nil }
        return bytes.withUnsafeBufferPointer {
            RareByteSearch.firstIndex(of: $0.baseAddress!, count: $0.count, in: base, count: storage.count, from: start)
        }
    }

    /// The line holds `literal` at or after `from`.
    @inline(__always)
    public func contains(_ literal: Literal, from start: Int = 0) -> Bool {
        firstIndex(of: literal, from: start) != nil
    }

    /// Offset of the first `byte` at or after `from`, or nil.
    @inline(__always)
    public func firstIndex(of byte: UInt8, from start: Int = 0) -> Int? {
        guard start >= 0, start < storage.count, let base = storage.baseAddress,
            let found = memchr(base + start, Int32(byte), storage.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The unaligned little-endian 8-byte word at `offset` (traps past the end).
    @inline(__always)
    public func word(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset <= storage.count - 8, "line offset out of bounds")
        return UInt64(littleEndian: UnsafeRawPointer(storage.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    // MARK: - Fields

    /// The decimal number of up to `maxDigits` digits at `offset` and the offset after it, or nil when no
    /// digit is there.
    public func decimal(at offset: Int, maxDigits: Int = 18) -> (value: Int, end: Int)? {
        var i = offset
        var value = 0
        while i < storage.count, i - offset < maxDigits, let byte = byte(at: i), byte &- 0x30 < 10 {
            value = value * 10 + Int(byte &- 0x30)
            i += 1
        }
        return i > offset ? (value, i) : nil
    }

    /// The hexadecimal number of up to `maxDigits` (≤ 16) digits at `offset` and the offset after it, or nil.
    public func hex(at offset: Int, maxDigits: Int = 16) -> (value: UInt64, end: Int)? {
        var i = offset
        var value: UInt64 = 0
        while i - offset < min(maxDigits, 16), let byte = byte(at: i), let digit = ASCII.hexValue(byte) {
            value = value << 4 | UInt64(digit)
            i += 1
        }
        return i > offset ? (value, i) : nil
    }

    // MARK: - Text

    /// The bytes `[from, to)` decoded as UTF-8 (invalid bytes become U+FFFD), as they are.
    public func text(from start: Int = 0, to end: Int? = nil) -> String {
        let end = min(end ?? storage.count, storage.count)
        let start = max(0, start)
        guard start < end else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: storage[start..<end]), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` over the array's bytes as a line view.
    public func withLineBytes<R>(_ body: (LineBytes) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(LineBytes($0)) }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Runs `body` over the slice's bytes as a line view (offsets from 0).
    public func withLineBytes<R>(_ body: (LineBytes) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(LineBytes($0)) }
    }
}

/// A compile-time ASCII literal used as a byte needle (`"Session: "` where a ``Literal`` is expected).
/// `StaticString` lives in the binary, so searching for it costs no allocation.
public struct Literal: Sendable, ExpressibleByStringLiteral {
    public let string: StaticString
    public init(_ string: StaticString) { self.string = string }
    public init(stringLiteral value: StaticString) { string = value }
    public init(unicodeScalarLiteral value: StaticString) { string = value }
    public init(extendedGraphemeClusterLiteral value: StaticString) { string = value }

    /// Length in bytes.
    @inline(__always) public var count: Int { string.utf8CodeUnitCount }
    /// The first byte (0 for the empty literal).
    public var first: UInt8 { count > 0 ? string.utf8Start.pointee : 0 }
    @inline(__always) var start: UnsafePointer<UInt8> { string.utf8Start }
}

/// Byte classes and the ASCII bytes the log formats use as separators.
enum ASCII {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
    static let quote: UInt8 = 0x22, leftBracket: UInt8 = 0x5B, rightBracket: UInt8 = 0x5D
    static let leftParenthesis: UInt8 = 0x28, rightParenthesis: UInt8 = 0x29, period: UInt8 = 0x2E
    static let backslash: UInt8 = 0x5C, apostrophe: UInt8 = 0x27, equals: UInt8 = 0x3D
    static let carriageReturn: UInt8 = 0x0D, underscore: UInt8 = 0x5F, at: UInt8 = 0x40

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func hexValue(_ c: UInt8) -> UInt32? {
        if c &- 0x30 < 10 { return UInt32(c &- 0x30) }
        let lower = c | 0x20
        if lower &- 0x61 < 6 { return UInt32(lower &- 0x61 + 10) }
        return nil
    }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { hexValue(c) != nil }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }

    /// Value of the decimal digits `[from, from+count)`; the caller has checked they are digits.
    @inline(__always)
    static func number(_ p: LineBytes, _ from: Int, _ count: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in from..<(from + count) { v = v &* 10 &+ UInt64(p[i] &- 0x30) }
        return v
    }

    /// True when `haystack[at...]` starts with `needle`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ haystack: LineBytes, at: Int, _ needle: [UInt8]) -> Bool {
        guard at >= 0, haystack.count - at >= needle.count else { return false }
        for (i, c) in needle.enumerated() where lower(haystack[at + i]) != lower(c) { return false }
        return true
    }

    /// Offset of `needle` (lower-case ASCII) in `haystack`, ignoring ASCII case.
    static func firstIndexIgnoringCase(
        _ needle: [UInt8], in haystack: LineBytes,
        from: Int = 0
    ) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if lower(haystack[i]) == first, hasPrefixIgnoringCase(haystack, at: i, needle) { return i }
            i += 1
        }
        return nil
    }
}
