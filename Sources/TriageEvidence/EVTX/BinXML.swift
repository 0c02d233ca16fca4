/// Damage in a record or chunk: what could not be read. The record (or chunk) is skipped and noted.
struct EVTXDamage: Error, Sendable {
    let what: String
    init(_ what: String) { self.what = what }
}

/// Element and attribute names triage acts on, resolved once per name offset.
enum BinXMLName: UInt8, Sendable {
    case other, event, system, provider, eventID, level, timeCreated, channel, computer, eventData, data, userData
    case name, systemTime, binary, eventSourceName

    init(_ text: String) {
        switch text {
        case "Event": self = .event
        case "System": self = .system
        case "Provider": self = .provider
        case "EventID": self = .eventID
        case "Level": self = .level
        case "TimeCreated": self = .timeCreated
        case "Channel": self = .channel
        case "Computer": self = .computer
        case "EventData": self = .eventData
        case "Data": self = .data
        case "UserData": self = .userData
        case "Name": self = .name
        case "SystemTime": self = .systemTime
        case "Binary": self = .binary
        case "EventSourceName": self = .eventSourceName
        default: self = .other
        }
    }
}

/// One step of a compiled Binary XML token stream (a template definition or an inline fragment). A plain
/// value (no references): running ops costs no reference counting.
struct BinXMLOp: Sendable {
    enum Kind: UInt8, Sendable {
        /// `<name`: `name`, `a` = index of its text in ``BinXMLCompiler/texts``.
        case open
        /// ` name=`: `name`.
        case attribute
        case closeStart, closeEmpty, end
        /// Literal text: `a` = index in ``BinXMLCompiler/texts``.
        case text
        /// Value `a` of the instance, declared of `type`; `optional`.
        case substitution
        /// A template instance: definition at chunk offset `a`, values at `b`.
        case instance
    }

    var kind: Kind
    var name: BinXMLName = .other
    var type: UInt8 = 0
    var optional = false
    var a: Int32 = 0
    var b: Int32 = 0
}

/// Turns Binary XML token streams of one chunk into ops. Every read is bounds-checked against the chunk;
/// names are cached by offset.
struct BinXMLCompiler {
    let chunk: ByteWindow
    var names: [Int: (BinXMLName, Int32)] = [:]
    /// Names and literal texts of the chunk's compiled streams, indexed by ops.
    var texts: [String] = []
    /// Most ops in one stream, most distinct names and texts per chunk (a 64 KiB chunk cannot hold more
    /// honestly).
    static let maxOps = 1 << 15
    static let maxNames = 1 << 13
    static let maxTexts = 1 << 16

    mutating func intern(_ text: String) throws(EVTXDamage) -> Int32 {
        guard texts.count < Self.maxTexts else { throw EVTXDamage("too many texts in one chunk") }
        texts.append(text)
        return Int32(texts.count - 1)
    }

    init(chunk: ByteWindow) { self.chunk = chunk }

    @inline(__always) func u8(_ o: Int) throws(EVTXDamage) -> UInt8 {
        guard let value = chunk.u8(o) else { throw Self.pastTheChunk(o) }
        return value
    }
    @inline(__always) func u16(_ o: Int) throws(EVTXDamage) -> Int {
        guard let value = chunk.u16(o) else { throw Self.pastTheChunk(o) }
        return Int(value)
    }
    @inline(__always) func u32(_ o: Int) throws(EVTXDamage) -> Int {
        guard let value = chunk.u32(o) else { throw Self.pastTheChunk(o) }
        return Int(value)
    }
    @inline(never) static func pastTheChunk(_ o: Int) -> EVTXDamage {
        EVTXDamage("read past the chunk at 0x\(String(o, radix: 16))")
    }

    /// The name at `offset`: `[next u32][hash u16][count u16][UTF-16 × count][NUL u16]`; its size in bytes.
    mutating func name(at offset: Int) throws(EVTXDamage) -> (BinXMLName, Int32, size: Int) {
        let count = try u16(offset + 6)
        let size = 10 + 2 * count
        guard offset >= 0, offset + size <= chunk.count else { throw EVTXDamage("name past the chunk") }
        if let known = names[offset] { return (known.0, known.1, size) }
        guard names.count < Self.maxNames else { throw EVTXDamage("too many names in one chunk") }
        let text = EVTXValues.utf16(chunk, offset + 8, 2 * count)
        let id = BinXMLName(text)
        let index = try intern(text)
        names[offset] = (id, index)
        return (id, index, size)
    }

    /// Reads a name reference at `p` (a u32 chunk offset); returns the name and where the stream goes on
    /// (past the name when it is stored inline, right after the reference).
    private mutating func nameReference(at p: Int) throws(EVTXDamage) -> (BinXMLName, Int32, next: Int) {
        let offset = try u32(p)
        let (id, index, size) = try name(at: offset)
        return (id, index, offset == p + 4 ? p + 4 + size : p + 4)
    }

    /// Whether an element start read with (`true`) or without a dependency id has a plausible name reference:
    /// inline right after it, or a name stored earlier among the chunk's records.
    private func plausibleStart(_ p: Int, dependency: Bool) -> Bool {
        let at = p + (dependency ? 7 : 5)
        guard let offset = try? u32(at) else { return false }
        if offset == at + 4 { return true }
        guard offset >= 512, offset < p, let count = try? u16(offset + 6) else { return false }
        return offset + 10 + 2 * count <= p
    }

    /// Compiles the stream `[start, end)` up to its end-of-file token. `nested`: a Binary XML substitution
    /// value, whose element starts may lack the dependency id.
    mutating func compile(_ start: Int, _ end: Int, nested: Bool) throws(EVTXDamage) -> (ops: [BinXMLOp], end: Int) {
        var ops: [BinXMLOp] = []
        var p = start
        let end = min(end, chunk.count)
        while p < end {
            guard ops.count < Self.maxOps else { throw EVTXDamage("too many Binary XML tokens") }
            let token = try u8(p)
            switch token & 0xBF {
            case 0x00:
                return (ops, p + 1)
            case 0x0F:
                p += 4
            case 0x01:
                let dependency = !nested || plausibleStart(p, dependency: true) || !plausibleStart(p, dependency: false)
                var q = p + (dependency ? 7 : 5)
                let (id, index, next) = try nameReference(at: q)
                q = next
                if token & 0x40 != 0 { q += 4 }  // attribute list size
                ops.append(BinXMLOp(kind: .open, name: id, a: index))
                p = q
            case 0x02:
                ops.append(BinXMLOp(kind: .closeStart))
                p += 1
            case 0x03:
                ops.append(BinXMLOp(kind: .closeEmpty))
                p += 1
            case 0x04:
                ops.append(BinXMLOp(kind: .end))
                p += 1
            case 0x05:
                p = try valueText(at: p, end: end, into: &ops)
            case 0x06:
                let (id, _, next) = try nameReference(at: p + 1)
                ops.append(BinXMLOp(kind: .attribute, name: id))
                p = next
            case 0x07, 0x0B:
                let count = try u16(p + 1)
                guard p + 3 + 2 * count <= end else { throw EVTXDamage("text past the stream") }
                if token & 0xBF == 0x07 {
                    ops.append(BinXMLOp(kind: .text, a: try intern(EVTXValues.utf16(chunk, p + 3, 2 * count))))
                }
                p += 3 + 2 * count
            case 0x08:
                let value = try u16(p + 1)
                let text = Unicode.Scalar(UInt32(value)).map { String(Character($0)) } ?? "\u{FFFD}"
                ops.append(BinXMLOp(kind: .text, a: try intern(text)))
                p += 3
            case 0x09:
                let (_, index, next) = try nameReference(at: p + 1)
                ops.append(BinXMLOp(kind: .text, a: try intern(Self.entity(texts[Int(index)]))))
                p = next
            case 0x0A:
                p = try nameReference(at: p + 1).next
            case 0x0C:
                p = try templateInstance(at: p, end: end, into: &ops)
            case 0x0D, 0x0E:
                ops.append(
                    BinXMLOp(
                        kind: .substitution, type: try u8(p + 3), optional: token == 0x0E,
                        a: Int32(try u16(p + 1))))
                p += 4
            default:
                throw EVTXDamage("unknown Binary XML token 0x\(String(token, radix: 16)) at 0x\(String(p, radix: 16))")
            }
        }
        return (ops, p)
    }

    /// A value token (0x05): UTF-16 text, the only value type a template body holds. Returns the next offset.
    private mutating func valueText(at p: Int, end: Int, into ops: inout [BinXMLOp]) throws(EVTXDamage) -> Int {
        let type = try u8(p + 1)
        guard type == EVTXValues.string else {
            throw EVTXDamage("value token of type 0x\(String(type, radix: 16))")
        }
        let count = try u16(p + 2)
        guard p + 4 + 2 * count <= end else { throw EVTXDamage("value text past the stream") }
        ops.append(BinXMLOp(kind: .text, a: try intern(EVTXValues.utf16(chunk, p + 4, 2 * count))))
        return p + 4 + 2 * count
    }

    /// A template instance (0x0C): its definition (inline the first time) and where its values start. Returns the
    /// offset after its values.
    private func templateInstance(at p: Int, end: Int, into ops: inout [BinXMLOp]) throws(EVTXDamage) -> Int {
        let definition = try u32(p + 6)
        guard definition < chunk.count else { throw EVTXDamage("template definition past the chunk") }
        var q = p + 10
        if definition == q {
            let size = try u32(q + 20)
            guard size <= chunk.count else { throw EVTXDamage("template definition larger than the chunk") }
            q += 24 + size
        }
        guard q + 4 <= end else { throw EVTXDamage("template instance data past the stream") }
        ops.append(BinXMLOp(kind: .instance, a: Int32(truncatingIfNeeded: definition), b: Int32(q)))
        return try Self.valuesEnd(chunk, q, end)
    }

    static func entity(_ name: String) -> String {
        switch name {
        case "lt": "<"
        case "gt": ">"
        case "amp": "&"
        case "quot": "\""
        case "apos": "'"
        default: "&" + name + ";"
        }
    }

    /// End of the template instance data at `at`: count, descriptors, then the values.
    static func valuesEnd(_ chunk: ByteWindow, _ at: Int, _ end: Int) throws(EVTXDamage) -> Int {
        guard at >= 0, at + 4 <= end, end <= chunk.count, let stored = chunk.u32(at) else {
            throw EVTXDamage("template values past the record")
        }
        let count = Int(stored)
        guard count <= (end - at - 4) / 4 else { throw EVTXDamage("template value count \(count) too large") }
        var total = 0
        for i in 0..<count {
            total += Int(chunk.u16(at + 4 + 4 * i) ?? 0)
        }
        let stop = at + 4 + 4 * count + total
        guard stop <= end else { throw EVTXDamage("template values past the record") }
        return stop
    }
}
