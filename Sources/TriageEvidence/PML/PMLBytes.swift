/// Bounds-checked little-endian reads over a mapped PML file: every read returns nil (or an empty value)
/// past the end, so a damaged offset never traps.
struct PMLBytes {
    let raw: UnsafeRawBufferPointer
    var count: Int { raw.count }

    @inline(__always) func u8(_ at: Int) -> UInt8? {
        at >= 0 && at < raw.count ? raw[at] : nil
    }
    @inline(__always) func u16(_ at: Int) -> UInt16? {
        at >= 0 && at <= raw.count &- 2 ? raw.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian : nil
    }
    @inline(__always) func u32(_ at: Int) -> UInt32? {
        at >= 0 && at <= raw.count &- 4 ? raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian : nil
    }
    @inline(__always) func u64(_ at: Int) -> UInt64? {
        at >= 0 && at <= raw.count &- 8 ? raw.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian : nil
    }
    /// A u64 file offset that fits in the file (as an Int), or nil.
    func offset(_ at: Int) -> Int? {
        guard let v = u64(at), v <= UInt64(raw.count) else { return nil }
        return Int(v)
    }
    /// `count` bytes at `at`, or nil when they run past the end.
    func slice(_ at: Int, _ count: Int) -> UnsafeRawBufferPointer? {
        guard at >= 0, count >= 0, at <= raw.count, count <= raw.count - at else { return nil }
        return UnsafeRawBufferPointer(rebasing: raw[at..<(at + count)])
    }
    /// UTF-16LE text of `byteCount` bytes at `at`, cut at the first NUL; "" when out of bounds.
    func utf16(_ at: Int, byteCount: Int) -> String {
        guard let s = slice(at, byteCount & ~1) else { return "" }
        return PMLText.utf16(s)
    }
}

/// Text decoding for the few strings that become evidence.
enum PMLText {
    /// UTF-16LE bytes to a String, stopping at the first NUL code unit.
    static func utf16(_ s: UnsafeRawBufferPointer) -> String { UTF16LEText.decode(s) }

    /// A detail string: ASCII (`isASCII`, one byte per character) or UTF-16LE.
    static func detail(_ s: UnsafeRawBufferPointer, isASCII: Bool) -> String {
        if isASCII {
            var end = 0
            while end < s.count, s[end] != 0 { end += 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: s[0..<end]), as: UTF8.self)
        }
        return utf16(s)
    }
}
