#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a file's bytes are turned into UTF-8 lines.
enum TextEncoding: Sendable, Equatable {
    case utf8
    case utf8BOM
    case utf16LE(bom: Bool)
    case utf16BE(bom: Bool)

    /// The `SourceRecord.encoding` label.
    var label: String {
        switch self {
        case .utf8: "utf-8"
        case .utf8BOM: "utf-8-bom"
        case .utf16LE: "utf-16le"
        case .utf16BE: "utf-16be"
        }
    }

    /// Bytes of byte-order mark to skip.
    var bomLength: Int {
        switch self {
        case .utf8: 0
        case .utf8BOM: 3
        case .utf16LE(let bom), .utf16BE(let bom): bom ? 2 : 0
        }
    }

    /// At most how many UTF-8 bytes an input of `size` bytes in this encoding gives the framer (a UTF-16
    /// unit becomes at most three).
    func decodedSize(of size: Int) -> Int {
        switch self {
        case .utf8, .utf8BOM: size
        case .utf16LE, .utf16BE: size / 2 * 3 + 3
        }
    }

    /// From the first bytes: a BOM, else UTF-16 told by where the zero bytes sit (ASCII text in UTF-16 has a
    /// zero in every other byte), else UTF-8.
    static func detect(_ sample: LineBytes) -> TextEncoding {
        if sample.count >= 3, sample[0] == 0xEF, sample[1] == 0xBB, sample[2] == 0xBF { return .utf8BOM }
        if sample.count >= 2, sample[0] == 0xFF, sample[1] == 0xFE { return .utf16LE(bom: true) }
        if sample.count >= 2, sample[0] == 0xFE, sample[1] == 0xFF { return .utf16BE(bom: true) }
        let pairs = min(sample.count, 4096) / 2
        guard pairs >= 8 else { return .utf8 }
        var zeroEven = 0
        var zeroOdd = 0
        for i in 0..<pairs {
            if sample[2 * i] == 0 { zeroEven += 1 }
            if sample[2 * i + 1] == 0 { zeroOdd += 1 }
        }
        if zeroOdd * 10 >= pairs * 7, zeroEven * 20 <= pairs { return .utf16LE(bom: false) }
        if zeroEven * 10 >= pairs * 7, zeroOdd * 20 <= pairs { return .utf16BE(bom: false) }
        return .utf8
    }

    /// The sample as UTF-8 without BOM and without NUL bytes (for recognition only).
    func decodeSample(_ sample: LineBytes) -> [UInt8] {
        let body = sample.slice(from: bomLength)
        switch self {
        case .utf8, .utf8BOM:
            // Copied between the NUL bytes (found by memchr; a sample without any is copied whole), not byte
            // by byte.
            var text: [UInt8] = []
            text.reserveCapacity(body.count)
            var at = 0
            while let nul = body.firstIndex(of: 0, from: at) {
                body.slice(from: at, to: nul).append(from: 0, to: &text)  // no intermediate array per NUL
                at = nul + 1
            }
            body.append(from: at, to: &text)
            return text
        case .utf16LE, .utf16BE:
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = 0
            let little: Bool = if case .utf16LE = self { true } else { false }
            while i + 1 < body.count {
                let unit =
                    little ? UInt16(body[i]) | UInt16(body[i + 1]) << 8 : UInt16(body[i]) << 8 | UInt16(body[i + 1])
                if unit != 0 { units.append(unit) }
                i += 2
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
    }
}
