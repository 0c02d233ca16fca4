import TriageCore

/// Renders Binary XML substitution values (little-endian, in a chunk) as the text Windows shows for them.
enum EVTXValues {
    static let null: UInt8 = 0x00, string: UInt8 = 0x01, ansi: UInt8 = 0x02, fileTime: UInt8 = 0x11
    static let binXML: UInt8 = 0x21, array: UInt8 = 0x80

    /// Bytes of one element of a fixed-width type, or nil for variable-width types.
    static func width(_ type: UInt8) -> Int? {
        switch type & 0x7F {
        case 0x03, 0x04: 1
        case 0x05, 0x06: 2
        case 0x07, 0x08, 0x0B, 0x0D, 0x14: 4
        case 0x09, 0x0A, 0x0C, 0x11, 0x15: 8
        case 0x0F, 0x12: 16
        default: nil
        }
    }

    /// The value `[start, start+count)` of `type` as text; arrays joined with ", ".
    static func render(_ b: ByteWindow, _ start: Int, _ count: Int, type: UInt8) -> String {
        guard start >= 0, count >= 0, start + count <= b.count, count > 0 else { return "" }
        if type & array == 0 { return scalar(b, start, count, type: type & 0x7F) }
        return items(b, start, count, type: type).joined(separator: ", ")
    }

    /// The items of an array value (a scalar value is one item).
    static func items(_ b: ByteWindow, _ start: Int, _ count: Int, type: UInt8) -> [String] {
        guard start >= 0, count >= 0, start + count <= b.count, count > 0 else { return [] }
        let base = type & 0x7F
        if type & array == 0 { return [scalar(b, start, count, type: base)] }
        var parts: [String] = []
        if base == string {
            // NUL-terminated UTF-16 strings, one after the other.
            var s = start
            var i = start
            let end = start + count - 1
            while i < end {
                if b.byte(i) == 0, b.byte(i + 1) == 0 {
                    parts.append(utf16(b, s, i - s))
                    s = i + 2
                }
                i += 2
            }
            if s < start + count - 1 { parts.append(utf16(b, s, start + count - s)) }
        } else if base == ansi {
            var s = start
            for i in start..<(start + count) where b.byte(i) == 0 {
                parts.append(latin1(b, s, i - s))
                s = i + 1
            }
            if s < start + count { parts.append(latin1(b, s, start + count - s)) }
        } else if let w = base == 0x10 ? (count % 8 == 0 ? 8 : 4) : width(base) {
            var i = start
            while i + w <= start + count {
                parts.append(scalar(b, i, w, type: base))
                i += w
            }
        } else {
            return [hex(b, start, count)]
        }
        return parts
    }

    static func scalar(_ b: ByteWindow, _ s: Int, _ n: Int, type: UInt8) -> String {
        func u(_ w: Int) -> UInt64? {
            guard n == w else { return nil }
            switch w {
            case 1: return b.u8(s).map(UInt64.init)
            case 2: return b.u16(s).map(UInt64.init)
            case 4: return b.u32(s).map(UInt64.init)
            default: return b.u64(s)
            }
        }
        switch type {
        case 0x00: return ""
        case 0x01: return utf16(b, s, n)
        case 0x02: return latin1(b, s, n)
        case 0x03: if let v = u(1) { return String(Int8(truncatingIfNeeded: v)) }
        case 0x04: if let v = u(1) { return String(v) }
        case 0x05: if let v = u(2) { return String(Int16(truncatingIfNeeded: v)) }
        case 0x06: if let v = u(2) { return String(v) }
        case 0x07: if let v = u(4) { return String(Int32(truncatingIfNeeded: v)) }
        case 0x08: if let v = u(4) { return String(v) }
        case 0x09: if let v = u(8) { return String(Int64(bitPattern: v)) }
        case 0x0A: if let v = u(8) { return String(v) }
        case 0x0B: if let v = u(4) { return real(Double(Float(bitPattern: UInt32(v)))) }
        case 0x0C: if let v = u(8) { return real(Double(bitPattern: v)) }
        case 0x0D: if let v = u(4) ?? u(1) { return v != 0 ? "true" : "false" }
        case 0x0F: if n == 16 { return guid(b, s) }
        case 0x10, 0x14, 0x15:
            // Hexadecimal, zero-padded to the value's width (`0x800F0984` is written `0x800f0984`).
            if let v = u(4) ?? u(8) {
                let t = String(v, radix: 16)
                return "0x" + String(repeating: "0", count: max(0, 2 * n - t.count)) + t
            }
        case 0x11: if let v = u(8) { return fileTimeText(v) }
        case 0x12: if n == 16 { return systemTime(b, s) }
        case 0x13: if let sid = sid(b, s, n) { return sid }
        default: break
        }
        return hex(b, s, n)
    }

    static func real(_ v: Double) -> String {
        if v.isNaN { return "-1.#IND" }
        if v.isInfinite { return v < 0 ? "-1.#INF" : "1.#INF" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// UTF-16LE text up to its first NUL (as Windows shows a string value).
    static func utf16(_ b: ByteWindow, _ s: Int, _ n: Int) -> String {
        guard s >= 0, s < b.count, n > 0 else { return "" }
        return b.utf16(s, byteCount: min(n, b.count - s))
    }

    /// Codepage text up to its first NUL: ASCII kept, other bytes read as Latin-1 (the codepage is not recorded).
    static func latin1(_ b: ByteWindow, _ s: Int, _ n: Int) -> String {
        var n = n
        for i in 0..<n where b.byte(s + i) == 0 {
            n = i
            break
        }
        var scalars = String.UnicodeScalarView()
        for i in 0..<n { scalars.append(Unicode.Scalar(b.byte(s + i))) }
        return String(scalars)
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func hex(_ b: ByteWindow, _ s: Int, _ n: Int) -> String {
        let n = min(n, 4096)
        var out: [UInt8] = []
        out.reserveCapacity(2 * n)
        for i in 0..<n { appendHex(b.byte(s + i), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0xF)])
    }

    /// `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`: the first three fields little-endian, the rest in byte order.
    static func guid(_ b: ByteWindow, _ s: Int) -> String {
        var out: [UInt8] = [0x7B]
        out.reserveCapacity(38)
        for (k, i) in guidOrder.enumerated() {
            if k == 4 || k == 6 || k == 8 || k == 10 { out.append(0x2D) }
            appendHex(b.byte(s + i), to: &out)
        }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }

    /// The GUID's bytes in the order they are written: `Data1` to `Data3` little-endian, `Data4` as stored.
    static let guidOrder = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]

    static func sid(_ b: ByteWindow, _ s: Int, _ n: Int) -> String? {
        guard n >= 8 else { return nil }
        let count = Int(b.byte(s + 1))
        guard 8 + 4 * count <= n else { return nil }
        var authority: UInt64 = 0
        for i in 2..<8 { authority = authority << 8 | UInt64(b.byte(s + i)) }
        var text = "S-\(b.byte(s))-\(authority)"
        for i in 0..<count {
            text += "-" + String(b.u32(s + 8 + 4 * i) ?? 0)
        }
        return text
    }

    /// `YYYY-MM-DDTHH:MM:SS.fffffffffZ` (UTC; nine digits, as Windows writes it, the last two always 0).
    static func fileTimeText(_ v: UInt64) -> String {
        guard let stamp = Stamp(fileTime: v) else { return "0x" + String(v, radix: 16) }
        let fraction = String(v % 10_000_000)
        return stamp.text + "." + String(repeating: "0", count: 7 - fraction.count) + fraction + "00Z"
    }

    static func systemTime(_ b: ByteWindow, _ s: Int) -> String {
        func f(_ i: Int) -> Int { Int(b.u16(s + 2 * i) ?? 0) }
        guard let stamp = Stamp(year: f(0), month: f(1), day: f(3), hour: f(4), minute: f(5), second: f(6)) else {
            return hex(b, s, 16)
        }
        let ms = String(min(f(7), 999))
        return stamp.text + "." + String(repeating: "0", count: 3 - ms.count) + ms + "Z"
    }
}
