/// UTF-8 validation that builds on every declared platform (`String(validating:as:)` needs macOS 15).
public enum UTF8Text {
    /// The text when `bytes` are valid UTF-8, else nil.
    @inlinable
    public static func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Contiguous bytes (arrays, slices, buffers) are checked by ``isValid(buffer:)``; other collections
    /// element by element. (Inlinable: an unspecialised generic call from another module allocated for
    /// every byte it read.)
    @inlinable
    public static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        if let valid = bytes.withContiguousStorageIfAvailable({ isValid(buffer: $0) }) { return valid }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether `bytes` are valid UTF-8. ASCII bytes are skipped eight at a time; each run of non-ASCII
    /// bytes is decoded on its own, which gives the same answer as decoding the whole: an ASCII byte is a
    /// scalar of its own and never part of a multi-byte sequence.
    public static func isValid(buffer bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            while i < n, base[i] < 0x80 { i += 1 }
            guard i < n else { return true }
            var end = i
            while end < n, base[end] >= 0x80 { end += 1 }
            var iterator = UnsafeBufferPointer(rebasing: bytes[i..<end]).makeIterator()
            var decoder = UTF8()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: break decoding
                case .error: return false
                }
            }
            i = end
        }
        return true
    }
}
