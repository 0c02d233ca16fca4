import TriageCore

/// Decodes a TraceLogging event from its self-describing schema (the `EVENT_SCHEMA_TL` extended item) and
/// its payload, as `TraceLoggingProvider.h` encodes them.
///
/// Schema: size u16, tag bytes (high bit = another follows), the event name (NUL-terminated UTF-8), then
/// per field: its name, an in-type byte (low 5 bits the type; 0x20 constant count, 0x40 variable count,
/// 0x60 custom; 0x80 = an out-type byte follows), the out-type (0x80 = tag bytes follow), a u16 count for a
/// constant-count array, a u16 size and bytes for a custom type. A struct's out-type is its field count.
/// Payload: the values in schema order; strings NUL-terminated, counted ones and binaries u16-prefixed.
enum TraceLoggingSchema {
    struct Decoded {
        var name: String
        var fields: [(name: String, value: String)]
    }

    struct Failure: Error {
        var reason: String
        var eventName: String?
    }

    /// Schema entries of one field.
    struct Field {
        var name: String
        var inType: UInt8
        var outType: UInt8
        var arity: Arity
        /// For a struct: its member fields.
        var members: [Field] = []
    }

    enum Arity {
        case one
        case constant(Int)
        case variable
        case custom
    }

    static let maxFields = 256
    static let maxDepth = 8
    static let maxArray = 4096
    /// Characters of one rendered value kept (the rest is cut with `…`).
    static let maxValue = 16 << 10

    static func decode(_ r: ByteWindow, schema: Range<Int>, payload: Range<Int>, pointerSize: Int) -> Result<
        Decoded, Failure
    > {
        var cursor = schema.lowerBound
        guard let declared = r.u16(cursor).map(Int.init), declared >= 4,
            schema.lowerBound + declared <= schema.upperBound
        else {
            return .failure(Failure(reason: "schema size does not fit its extended item"))
        }
        let end = schema.lowerBound + declared
        cursor += 2
        guard skipTags(r, &cursor, end: end), let name = utf8z(r, &cursor, end: end) else {
            return .failure(Failure(reason: "schema without an event name"))
        }
        var fields: [Field] = []
        var budget = maxFields
        while cursor < end {
            guard let field = parseField(r, &cursor, end: end, depth: 0, budget: &budget) else {
                return .failure(Failure(reason: "schema field cannot be read", eventName: name))
            }
            fields.append(field)
        }
        var values: [(name: String, value: String)] = []
        var at = payload.lowerBound
        // Values read are bounded by the payload's size (every value but a NULL takes at least one byte), so
        // a schema of many empty arrays cannot make a small record cost much time.
        var work = payload.count + 2 * fields.count + 16
        for field in fields {
            guard
                let value = render(
                    field, r, &at, end: payload.upperBound, pointerSize: pointerSize, depth: 0, work: &work)
            else {
                if work < 0 {
                    return .failure(Failure(reason: "more values than the payload can hold", eventName: name))
                }
                return .failure(
                    Failure(
                        reason: "field \(field.name) of type \(field.inType & 0x1F) cannot be read from the payload",
                        eventName: name))
            }
            values.append((field.name, value))
        }
        return .success(Decoded(name: name, fields: values))
    }

    private static func parseField(_ r: ByteWindow, _ cursor: inout Int, end: Int, depth: Int, budget: inout Int)
        -> Field?
    {
        budget -= 1
        guard budget >= 0, depth <= maxDepth, let name = utf8z(r, &cursor, end: end),
            cursor < end, let inByte = r.u8(cursor)
        else { return nil }
        cursor += 1
        var outType: UInt8 = 0
        if inByte & 0x80 != 0 {
            guard cursor < end, let o = r.u8(cursor) else { return nil }
            cursor += 1
            outType = o & 0x7F
            if o & 0x80 != 0 { guard skipTags(r, &cursor, end: end) else { return nil } }
        }
        var arity = Arity.one
        switch inByte & 0x60 {
        case 0x20:
            guard cursor + 2 <= end, let n = r.u16(cursor) else { return nil }
            cursor += 2
            arity = .constant(Int(n))
        case 0x40: arity = .variable
        case 0x60:
            guard cursor + 2 <= end, let n = r.u16(cursor).map(Int.init), cursor + 2 + n <= end else { return nil }
            cursor += 2 + n
            arity = .custom
        default: break
        }
        var field = Field(name: name, inType: inByte & 0x1F, outType: outType, arity: arity)
        if field.inType == 24 {  // struct: the out-type byte is the number of member fields that follow
            guard inByte & 0x80 != 0, outType > 0 else { return nil }
            for _ in 0..<Int(outType) {
                guard let member = parseField(r, &cursor, end: end, depth: depth + 1, budget: &budget) else {
                    return nil
                }
                field.members.append(member)
            }
        }
        return field
    }

    private static func render(
        _ field: Field, _ r: ByteWindow, _ at: inout Int, end: Int, pointerSize: Int, depth: Int,
        work: inout Int
    ) -> String? {
        let count: Int
        switch field.arity {
        case .one: return value(field, r, &at, end: end, pointerSize: pointerSize, depth: depth, work: &work)
        case .constant(let n): count = n
        case .variable:
            guard let n = r.u16(at), at + 2 <= end else { return nil }
            at += 2
            count = Int(n)
        case .custom:
            guard let n = r.u16(at).map(Int.init), at + 2 + n <= end else { return nil }
            at += 2 + n
            return "(\(n) bytes of a custom type)"
        }
        guard count <= maxArray else { return nil }
        var parts: [String] = []
        for _ in 0..<count {
            guard let v = value(field, r, &at, end: end, pointerSize: pointerSize, depth: depth, work: &work) else {
                return nil
            }
            parts.append(v)
        }
        return "[" + parts.joined(separator: ",") + "]"
    }

    private static func value(
        _ field: Field, _ r: ByteWindow, _ at: inout Int, end: Int, pointerSize: Int, depth: Int,
        work: inout Int
    ) -> String? {
        work -= 1
        guard work >= 0 else { return nil }
        func take(_ n: Int) -> Int? {
            guard n >= 0, at + n <= end else { return nil }
            defer { at += n }
            return at
        }
        let hexOut = field.outType == 4 || field.outType == 13 || field.outType == 14 || field.outType == 15
        switch field.inType {
        case 0: return ""
        case 1: return utf16z(r, &at, end: end).map(cut)
        case 2: return utf8z(r, &at, end: end).map(cut)
        case 3: return take(1).flatMap { r.u8($0) }.map { String(Int8(bitPattern: $0)) }
        case 4: return take(1).flatMap { r.u8($0) }.map { String($0) }
        case 5: return take(2).flatMap { r.u16($0) }.map { String(Int16(bitPattern: $0)) }
        case 6: return take(2).flatMap { r.u16($0) }.map { String($0) }
        case 7: return take(4).flatMap { r.u32($0) }.map { hexOut ? hex($0) : String(Int32(bitPattern: $0)) }
        case 8: return take(4).flatMap { r.u32($0) }.map { hexOut ? hex($0) : String($0) }
        case 9: return take(8).flatMap { r.u64($0) }.map { hexOut ? hex64($0) : String(Int64(bitPattern: $0)) }
        case 10: return take(8).flatMap { r.u64($0) }.map { hexOut ? hex64($0) : String($0) }
        case 11: return take(4).flatMap { r.u32($0) }.map { String(Float(bitPattern: $0)) }
        case 12: return take(8).flatMap { r.u64($0) }.map { String(Double(bitPattern: $0)) }
        case 13: return take(4).flatMap { r.u32($0) }.map { $0 == 0 ? "false" : "true" }
        case 14, 25:
            guard let n = take(2).flatMap({ r.u16($0) }).map(Int.init), let start = take(n) else { return nil }
            return bytesHex(r, start..<(start + n))
        case 15: return take(16).map { guid(r, $0) }
        case 16:
            return take(pointerSize).flatMap { pointerSize == 8 ? r.u64($0) : r.u32($0).map(UInt64.init) }.map(hex64)
        case 17: return take(8).flatMap { r.i64($0) }.map { ETLLines.stamp($0) ?? String($0) }
        case 18:
            guard let s = take(16) else { return nil }
            let w = (0..<8).map { Int(r.u16(s + 2 * $0) ?? 0) }
            return
                "\(pad(w[0], 4))-\(pad(w[1], 2))-\(pad(w[3], 2)) \(pad(w[4], 2)):\(pad(w[5], 2)):\(pad(w[6], 2)).\(pad(w[7], 3))"
        case 19:
            guard let head = take(8), let revision = r.u8(head), let subCount = r.u8(head + 1).map(Int.init),
                let rest = take(4 * subCount)
            else { return nil }
            var authority: UInt64 = 0
            for k in 2..<8 { authority = authority << 8 | UInt64(r.u8(head + k) ?? 0) }
            var text = "S-\(revision)-\(authority)"
            for k in 0..<subCount { text += "-\(r.u32(rest + 4 * k) ?? 0)" }
            return text
        case 20: return take(4).flatMap { r.u32($0) }.map(hex)
        case 21: return take(8).flatMap { r.u64($0) }.map(hex64)
        case 22:
            guard let n = take(2).flatMap({ r.u16($0) }).map(Int.init), let start = take(n) else { return nil }
            return utf16(r, start..<(start + n)).map(cut)
        case 23:
            guard let n = take(2).flatMap({ r.u16($0) }).map(Int.init), let start = take(n) else { return nil }
            return cut(r.utf8(start, n))
        case 24:
            guard depth < maxDepth else { return nil }
            var parts: [String] = []
            for member in field.members {
                guard let v = render(member, r, &at, end: end, pointerSize: pointerSize, depth: depth + 1, work: &work)
                else { return nil }
                parts.append("\(member.name)=\(v)")
            }
            return "{" + parts.joined(separator: ", ") + "}"
        default: return nil
        }
    }

    // MARK: Pieces

    static func skipTags(_ r: ByteWindow, _ cursor: inout Int, end: Int) -> Bool {
        var n = 0
        while true {
            guard cursor < end, let b = r.u8(cursor), n < 8 else { return false }
            cursor += 1
            n += 1
            if b & 0x80 == 0 { return true }
        }
    }

    /// A NUL-terminated UTF-8 string before `end`; nil when unterminated.
    static func utf8z(_ r: ByteWindow, _ cursor: inout Int, end: Int) -> String? {
        let limit = min(end, r.count)
        guard cursor >= 0, let nul = r.firstIndex(of: 0, in: cursor..<max(cursor, limit)) else { return nil }
        defer { cursor = nul + 1 }
        return r.utf8(cursor, nul - cursor)
    }

    /// A NUL-terminated UTF-16LE string before `end`; nil when unterminated.
    static func utf16z(_ r: ByteWindow, _ cursor: inout Int, end: Int) -> String? {
        guard let nul = r.firstUTF16NUL(from: cursor, limit: end) else { return nil }
        defer { cursor = nul + 2 }
        return utf16(r, cursor..<nul)
    }

    /// UTF-16LE bytes as a String (NULs kept); nil when out of bounds or odd.
    static func utf16(_ r: ByteWindow, _ range: Range<Int>) -> String? {
        guard range.lowerBound >= 0, range.upperBound <= r.count, range.count % 2 == 0 else { return nil }
        return r.utf16(range.lowerBound, byteCount: range.count, stopAtNUL: false)
    }

    static func cut(_ s: String) -> String {
        s.utf8.count <= maxValue ? s : String(decoding: Array(s.utf8.prefix(maxValue)), as: UTF8.self) + "…"
    }

    static func hex(_ v: UInt32) -> String { "0x" + pad(String(v, radix: 16, uppercase: false), 8) }
    static func hex64(_ v: UInt64) -> String { "0x" + pad(String(v, radix: 16, uppercase: false), 16) }
    static func pad(_ v: Int, _ width: Int) -> String { pad(String(v), width) }
    static func pad(_ s: String, _ width: Int) -> String { String(repeating: "0", count: max(0, width - s.count)) + s }

    static func bytesHex(_ r: ByteWindow, _ range: Range<Int>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for i in range.prefix(maxValue / 2) {
            let byte = r.byte(i)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self) + (range.count > maxValue / 2 ? "…" : "")
    }

    static func guid(_ r: ByteWindow, _ at: Int) -> String {
        let a = r.u32(at) ?? 0
        let b = r.u16(at + 4) ?? 0
        let c = r.u16(at + 6) ?? 0
        var tail = ""
        for k in 8..<16 {
            if k == 10 { tail += "-" }
            tail += pad(String(r.u8(at + k) ?? 0, radix: 16), 2)
        }
        return "{" + pad(String(a, radix: 16), 8) + "-" + pad(String(b, radix: 16), 4) + "-"
            + pad(String(c, radix: 16), 4)
            + "-" + tail + "}"
    }
}
