#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Knowledge files must be UTF-8 (an optional BOM is accepted). Finds the first problem, with its position.
enum EncodingCheck {
    struct Problem {
        var message: String
        var line: Int
        var column: Int
    }

    static func hasUTF8BOM(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    static func problem(in bytes: [UInt8]) -> Problem? {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return Problem(message: "file is UTF-16; knowledge files must be UTF-8", line: 1, column: 1)
        }
        let start = hasUTF8BOM(bytes) ? 3 : 0
        if let bad = firstMalformedOffset(bytes, from: start) { return malformed(bytes, at: bad, from: start) }
        if let declared = declaredEncoding(bytes), declared.lowercased() != "utf-8", declared.lowercased() != "utf8" {
            return Problem(
                message: "the XML declaration names encoding '\(declared)'; knowledge files must be UTF-8",
                line: 1, column: 1)
        }
        return nil
    }

    /// Offset of the first malformed sequence from `start` on, if any: ASCII is skipped eight bytes at a time,
    /// other bytes go through ``sequenceLength(_:at:)`` (a 4 MB file is checked without counting lines).
    private static func firstMalformedOffset(_ bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { raw in
            let n = raw.count
            var i = start
            while i < n {
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                if raw[i] < 0x80 {
                    i += 1
                    continue
                }
                let length = sequenceLength(bytes, at: i)
                if length == 0 { return i }
                i += length
            }
            return nil
        }
    }

    /// The problem at `offset`, the first malformed sequence, with its line and column: lines are counted
    /// up to it (LF only), and the column is one more than the sequences between the line's start and it
    /// (every byte before `offset` belongs to a well-formed sequence, so each byte that is not a
    /// continuation byte starts one).
    private static func malformed(_ bytes: [UInt8], at offset: Int, from start: Int) -> Problem {
        bytes.withUnsafeBytes { raw in
            var line = 1
            var lineStart = start
            while lineStart < offset, let lf = memchr(raw.baseAddress! + lineStart, 0x0A, offset - lineStart) {
                line += 1
                lineStart = UnsafeRawPointer(lf) - raw.baseAddress! + 1
            }
            var column = 1
            for k in lineStart..<offset where raw[k] & 0xC0 != 0x80 { column += 1 }
            let b = raw[offset]
            let hex = String(b, radix: 16, uppercase: true)
            return Problem(
                message: "file is not valid UTF-8 (byte 0x\(hex.count < 2 ? "0" + hex : hex)); "
                    + "knowledge files must be UTF-8",
                line: line, column: column)
        }
    }

    /// Length of the well-formed UTF-8 sequence at `i`, or 0 when it is not one.
    private static func sequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return 1 }
        let length: Int
        let minimum: UInt32
        if b & 0xE0 == 0xC0 {
            length = 2
            minimum = 0x80
        } else if b & 0xF0 == 0xE0 {
            length = 3
            minimum = 0x800
        } else if b & 0xF8 == 0xF0 {
            length = 4
            minimum = 0x10000
        } else {
            return 0
        }
        guard i + length <= bytes.count else { return 0 }
        var scalar = UInt32(b) & (0xFF >> (length + 1))
        for k in 1..<length {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return length
    }

    /// The `encoding="…"` of an XML declaration at the start of the file, if any.
    private static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let start = hasUTF8BOM(bytes) ? 3 : 0
        guard bytes.count > start + 5, bytes[start..<start + 5].elementsEqual("<?xml".utf8) else { return nil }
        guard let end = bytes[start...].firstIndex(of: 0x3E) else { return nil }  // '>'
        let declaration = Array(bytes[start..<end])
        let key = Array("encoding".utf8)
        guard
            let at = (0...max(0, declaration.count - key.count)).first(where: {
                declaration.count >= key.count && declaration[$0..<$0 + key.count].elementsEqual(key)
            })
        else { return nil }
        var i = at + key.count
        while i < declaration.count, declaration[i] == 0x20 || declaration[i] == 0x3D { i += 1 }
        guard i < declaration.count, declaration[i] == 0x22 || declaration[i] == 0x27 else { return nil }
        let quote = declaration[i]
        let valueStart = i + 1
        let valueEnd = declaration[valueStart...].firstIndex(of: quote) ?? declaration.count
        return String(decoding: declaration[valueStart..<valueEnd], as: UTF8.self)
    }
}
