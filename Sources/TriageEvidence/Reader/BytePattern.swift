/// Tiny fixed-position byte patterns for recognising line layouts: `#` is an ASCII digit, `%` a hex digit,
/// every other character itself. `"####-##-## ##:##:##, "` is the CBS/DISM/Panther line start.
struct BytePattern: Sendable {
    let bytes: [UInt8]

    init(_ pattern: String) { bytes = Array(pattern.utf8) }

    var count: Int { bytes.count }

    @inline(__always)
    func matches(_ line: LineBytes, at offset: Int = 0) -> Bool {
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
