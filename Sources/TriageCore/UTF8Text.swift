/// UTF-8 validation over arrays and slices: the standard library's `String(validating:as:)` where it exists
/// (macOS 15, Linux), else a loop of our own.
public enum UTF8Text {
    /// The text when `bytes` are valid UTF-8, else nil.
    public static func decode(_ bytes: [UInt8]) -> String? { decode(bytes[...]) }

    /// The text when `bytes` are valid UTF-8, else nil.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) { return String(validating: bytes, as: UTF8.self) }
        return isValidByLoop(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether `bytes` are valid UTF-8.
    public static func isValid(_ bytes: [UInt8]) -> Bool { isValid(bytes[...]) }

    /// Whether `bytes` are valid UTF-8.
    public static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            return String(validating: bytes, as: UTF8.self) != nil
        }
        return isValidByLoop(bytes)
    }

    /// Whether `bytes` are valid UTF-8, without the standard library's validation (older macOS; the tests
    /// compare the two). ASCII bytes are skipped eight at a time; each run of non-ASCII bytes is decoded on its
    /// own, which gives the same answer as decoding the whole: an ASCII byte is a scalar of its own and never
    /// part of a multi-byte sequence.
    static func isValidByLoop(_ bytes: ArraySlice<UInt8>) -> Bool {
        let end = bytes.endIndex
        var i = bytes.startIndex
        while i < end {
            while i + 8 <= end, asciiWord(bytes, i) { i += 8 }
            while i < end, bytes[i] < 0x80 { i += 1 }
            guard i < end else { return true }
            var runEnd = i
            while runEnd < end, bytes[runEnd] >= 0x80 { runEnd += 1 }
            var iterator = bytes[i..<runEnd].makeIterator()
            var decoder = UTF8()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: break decoding
                case .error: return false
                }
            }
            i = runEnd
        }
        return true
    }

    /// Whether the eight bytes at `i` are all ASCII.
    @inline(__always) private static func asciiWord(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Bool {
        (bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3] | bytes[i + 4] | bytes[i + 5] | bytes[i + 6]
            | bytes[i + 7]) & 0x80 == 0
    }
}
