/// Text decoding for the few strings of a Process Monitor log that become evidence.
enum PMLText {
    /// UTF-16LE text of `byteCount` bytes at `at` (an odd last byte ignored), cut at the first NUL; "" when the
    /// bytes run past the end of `bytes`.
    static func utf16(_ bytes: ByteWindow, at: Int, byteCount: Int) -> String {
        guard bytes.contains(at, count: byteCount & ~1) else { return "" }
        return bytes.utf16(at, byteCount: byteCount & ~1)
    }

    /// A detail string filling `bytes`: ASCII (`isASCII`, one byte per character) or UTF-16LE, cut at the first
    /// NUL.
    static func detail(_ bytes: ByteWindow, isASCII: Bool) -> String {
        if isASCII { return bytes.utf8(0, bytes.firstIndex(of: 0, in: 0..<bytes.count) ?? bytes.count) }
        return bytes.utf16(0, byteCount: bytes.count)
    }
}
