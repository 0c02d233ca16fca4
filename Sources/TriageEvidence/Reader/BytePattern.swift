/// Tiny fixed-position byte patterns for recognising line layouts: `#` is an ASCII digit, `%` a hex digit,
/// every other character itself. `"####-##-## ##:##:##, "` is the CBS/DISM/Panther line start.
struct BytePattern: Sendable {
    let bytes: [UInt8]

    init(_ pattern: String) { bytes = Array(pattern.utf8) }

    var count: Int { bytes.count }

    @inline(__always)
    func matches(_ line: UnsafeBufferPointer<UInt8>, at offset: Int = 0) -> Bool {
        guard offset >= 0, line.count - offset >= bytes.count else { return false }
        for (i, expected) in bytes.enumerated() {
            let c = line[offset + i]
            switch expected {
            case 0x23: if !ASCII.isDigit(c) { return false }
            case 0x25: if !ASCII.isHex(c) { return false }
            default: if c != expected { return false }
            }
        }
        return true
    }
}

enum ASCII {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { c &- 0x30 < 10 || (c | 0x20) &- 0x61 < 6 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }

    /// Value of the decimal digits `[from, from+count)`; the caller has checked they are digits.
    @inline(__always)
    static func number(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in from..<(from + count) { v = v &* 10 &+ UInt64(p[i] &- 0x30) }
        return v
    }

    /// True when `haystack[at...]` starts with `needle`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ haystack: UnsafeBufferPointer<UInt8>, at: Int, _ needle: [UInt8]) -> Bool {
        guard at >= 0, haystack.count - at >= needle.count else { return false }
        for (i, c) in needle.enumerated() where lower(haystack[at + i]) != lower(c) { return false }
        return true
    }

    /// Offset of `needle` (lower-case ASCII) in `haystack`, ignoring ASCII case.
    static func firstIndexIgnoringCase(
        _ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>,
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
