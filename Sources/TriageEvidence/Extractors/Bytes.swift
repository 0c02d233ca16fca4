#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A compile-time ASCII literal used as a byte needle. `StaticString` lives in the binary, so taking its
/// pointer costs nothing and nothing is allocated.
struct Lit: Sendable {
    let s: StaticString
    init(_ s: StaticString) { self.s = s }
    @inline(__always) var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
    }
    @inline(__always) var count: Int { s.utf8CodeUnitCount }
}

/// Byte-level helpers over one line. Offsets are indices into `b`.
typealias Bytes = UnsafeBufferPointer<UInt8>

enum B {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
    static let quote: UInt8 = 0x22, lbracket: UInt8 = 0x5B, rbracket: UInt8 = 0x5D

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func hexValue(_ c: UInt8) -> UInt32? {
        if c &- 0x30 < 10 { return UInt32(c &- 0x30) }
        let l = c | 0x20
        if l &- 0x61 < 6 { return UInt32(l &- 0x61 + 10) }
        return nil
    }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { hexValue(c) != nil }

    /// First index of `lit` in `b[from...]`.
    @inline(__always) static func find(_ lit: Lit, in b: Bytes, from: Int = 0, to end: Int? = nil) -> Int? {
        let hay = end.map { Bytes(rebasing: b[0..<min($0, b.count)]) } ?? b
        return ByteSearch.firstIndex(of: lit.bytes, in: hay, from: from)
    }

    @inline(__always) static func has(_ lit: Lit, in b: Bytes, from: Int = 0) -> Bool {
        find(lit, in: b, from: from) != nil
    }

    /// `b[at...]` starts with `lit`.
    @inline(__always) static func starts(_ b: Bytes, _ lit: Lit, at i: Int = 0) -> Bool {
        let n = lit.count
        guard i >= 0, i + n <= b.count, let base = b.baseAddress else { return false }
        return memcmp(base + i, lit.s.utf8Start, n) == 0
    }

    @inline(__always) static func firstByte(_ c: UInt8, in b: Bytes, from: Int = 0) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(c), b.count - from) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    @inline(__always) static func skipSpaces(_ b: Bytes, _ i: Int) -> Int {
        var i = i
        while i < b.count, b[i] == space || b[i] == tab { i += 1 }
        return i
    }

    @inline(__always) static func skipToken(_ b: Bytes, _ i: Int) -> Int {
        var i = i
        while i < b.count, b[i] != space, b[i] != tab { i += 1 }
        return i
    }

    /// Decodes `b[from..<to]` as UTF-8 (invalid bytes become U+FFFD), trimming spaces at both ends.
    static func text(_ b: Bytes, _ from: Int, _ to: Int? = nil) -> String {
        var s = max(0, from)
        var e = min(to ?? b.count, b.count)
        while s < e, b[s] == space || b[s] == tab { s += 1 }
        while e > s, b[e - 1] == space || b[e - 1] == tab || b[e - 1] == 0x0D { e -= 1 }
        guard s < e else { return "" }
        return String(decoding: Bytes(rebasing: b[s..<e]), as: UTF8.self)
    }

    /// Text up to (not including) the first byte in `stops`, at most `limit` bytes.
    static func text(_ b: Bytes, from: Int, until stops: [UInt8], limit: Int = 400) -> (String, Int) {
        var e = from
        let hard = min(b.count, from + limit)
        while e < hard, !stops.contains(b[e]) { e += 1 }
        return (text(b, from, e), e)
    }

    /// `KB1234567` found anywhere in `b[from..<to]` (6–8 digits after `KB`, not part of a longer word).
    static func kb(in b: Bytes, from: Int = 0, to: Int? = nil) -> String? {
        let end = min(to ?? b.count, b.count)
        var i = from
        while let k = find(Lit("KB"), in: b, from: i, to: end) {
            var j = k + 2
            while j < end, isDigit(b[j]) { j += 1 }
            let n = j - k - 2
            let before = k == 0 ? UInt8(0x20) : b[k - 1]
            if n >= 6, n <= 8, !isAlpha(before), j == end || !isDigit(b[j]) {
                return text(b, k, j)
            }
            i = k + 2
        }
        return nil
    }

    /// A CBS package identity (`Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6`) in the line.
    static func package(in b: Bytes, from: Int = 0) -> String? {
        guard let k = find(Lit("~31bf3856ad364e35~"), in: b, from: from) else { return nil }
        var s = k
        while s > 0, !isPackageStop(b[s - 1]) { s -= 1 }
        var e = k
        while e < b.count, !isPackageStop(b[e]) { e += 1 }
        while e > k, b[e - 1] == 0x2E { e -= 1 }  // trailing '.'
        return text(b, s, e)
    }

    @inline(__always) static func isPackageStop(_ c: UInt8) -> Bool {
        c == space || c == tab || c == comma || c == 0x27 || c == quote || c == lbracket || c == rbracket
            || c == 0x28 || c == 0x29 || c == 0x3A || c == 0x3D || c == 0x5C
    }

    /// Architecture of a package identity or path fragment (`~amd64~`, `amd64_microsoft-…`, `x64`).
    static func arch(_ s: Substring) -> String? {
        let l = s.lowercased()
        if l.contains("amd64") || l == "x64" { return "amd64" }
        if l.contains("arm64") { return "arm64" }
        if l.contains("x86") { return "x86" }
        return nil
    }
}
