/// UTF-8 validation that builds on every declared platform (`String(validating:as:)` needs macOS 15).
public enum UTF8Text {
    /// The text when `bytes` are valid UTF-8, else nil.
    public static func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    public static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
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
}
