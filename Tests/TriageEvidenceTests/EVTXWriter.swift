import Foundation

@testable import TriageEvidence

/// A test-only EVTX writer: file header, 64 KiB chunks with their string and template tables, records whose
/// Binary XML is a template instance (the definition inline in the first record of the chunk that uses it,
/// referenced after that) with substitution values, and correct CRC32s. Written from the libyal format
/// description; used to make fixtures and damaged variants.
struct EVTXWriter {
    enum Value {
        case string(String)
        case ansi(String)
        case uint8(UInt8)
        case uint16(UInt16)
        case int32(Int32)
        case uint32(UInt32)
        case uint64(UInt64)
        case hex32(UInt32)
        case hex64(UInt64)
        case bool(Bool)
        case binary([UInt8])
        case guid(UInt32, UInt16, UInt16, [UInt8])
        case sid(UInt8, UInt64, [UInt32])
        case fileTime(UInt64)
        case systemTime(
            year: UInt16, month: UInt16, day: UInt16, hour: UInt16, minute: UInt16, second: UInt16, ms: UInt16)
        case stringArray([String])
        case uint32Array([UInt32])
        case null
        /// Nested Binary XML: one element `<name>` holding `children` (name, text) as literal values.
        case xml(String, [(String, String)])

        var type: UInt8 {
            switch self {
            case .string: 0x01
            case .ansi: 0x02
            case .uint8: 0x04
            case .uint16: 0x06
            case .int32: 0x07
            case .uint32: 0x08
            case .uint64: 0x0A
            case .bool: 0x0D
            case .binary: 0x0E
            case .guid: 0x0F
            case .fileTime: 0x11
            case .systemTime: 0x12
            case .sid: 0x13
            case .hex32: 0x14
            case .hex64: 0x15
            case .xml: 0x21
            case .stringArray: 0x81
            case .uint32Array: 0x88
            case .null: 0x00
            }
        }
    }

    struct Event {
        var provider: String
        var id: UInt16
        var level: UInt8 = 4
        var time: UInt64
        var computer = "BRANCH-PC-017"
        var channel = "Setup"
        var data: [(String, Value)] = []
        /// Values under `UserData/<wrapper>` (one nested Binary XML value) instead of `EventData/Data`.
        var userData: String?
    }

    var events: [Event] = []
    /// Events per chunk (a chunk also closes when full).
    var eventsPerChunk = 1000

    /// FILETIME of a UTC date.
    static func fileTime(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, ticks: UInt64 = 0) -> UInt64 {
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let unix = Int64(calendar.date(from: c)!.timeIntervalSince1970)
        return UInt64(unix + 11_644_473_600) * 10_000_000 + ticks
    }

    func bytes() -> [UInt8] {
        var chunks: [[UInt8]] = []
        var recordID: UInt64 = 1
        var start = 0
        while start < events.count {
            var chunk = ChunkBuilder(firstRecord: recordID)
            var n = 0
            while start + n < events.count, n < eventsPerChunk, chunk.add(events[start + n], id: recordID) {
                recordID += 1
                n += 1
            }
            precondition(n > 0, "event larger than a chunk")
            chunks.append(chunk.finish())
            start += n
        }
        var header = [UInt8](repeating: 0, count: 4096)
        header.replace(0, Array("ElfFile\0".utf8))
        header.put64(8, 0)
        header.put64(16, UInt64(max(0, chunks.count - 1)))
        header.put64(24, recordID)
        header.put32(32, 128)
        header.put16(36, 1)
        header.put16(38, 3)
        header.put16(40, 4096)
        header.put16(42, UInt16(chunks.count))
        header.put32(124, CRC32.checksum(header[0..<120]))
        return header + chunks.flatMap { $0 }
    }
}

/// One chunk being written: names and templates are stored once per chunk and referenced after.
struct ChunkBuilder {
    var b = [UInt8](repeating: 0, count: 512)
    let firstRecord: UInt64
    var lastRecord: UInt64 = 0
    var lastOffset = 0
    var names: [String: Int] = [:]
    var templates: [String: Int] = [:]

    init(firstRecord: UInt64) {
        self.firstRecord = firstRecord
        b.replace(0, Array("ElfChnk\0".utf8))
    }

    static func hash(_ s: String) -> UInt16 {
        var h: UInt32 = 0
        for u in s.utf16 { h = h &* 65599 &+ UInt32(u) }
        return UInt16(truncatingIfNeeded: h)
    }

    /// A name reference at the end of `out` (which will start at chunk offset `base`): inline the first time.
    mutating func name(_ s: String, into out: inout [UInt8], base: Int) {
        if let at = names[s] {
            out.append32(UInt32(at))
            return
        }
        let at = base + out.count + 4
        names[s] = at
        out.append32(UInt32(at))
        out.append32(0)
        out.append16(Self.hash(s))
        out.append16(UInt16(s.utf16.count))
        for u in s.utf16 { out.append16(u) }
        out.append16(0)
        // The common string table: 64 buckets by hash (this writer keeps the first name of each bucket).
        let slot = 128 + 4 * Int(Self.hash(s) % 64)
        if b.get32(slot) == 0 { b.put32(slot, UInt32(at)) }
    }

    /// `<name attrs…>content</name>` or `<name attrs…/>`; `attributes` write themselves, `content` too.
    mutating func element(
        _ name: String, into out: inout [UInt8], base: Int, dependency: Bool = true,
        attributes: [(String, (inout [UInt8]) -> Void)] = [],
        content: ((inout ChunkBuilder, inout [UInt8]) -> Void)?
    ) {
        let start = out.count
        out.append(attributes.isEmpty ? 0x01 : 0x41)
        if dependency { out.append16(0xFFFF) }
        let sizeAt = out.count
        out.append32(0)
        self.name(name, into: &out, base: base)
        if !attributes.isEmpty {
            let listAt = out.count
            out.append32(0)
            for (i, (attribute, value)) in attributes.enumerated() {
                out.append(i == attributes.count - 1 ? 0x06 : 0x46)
                self.name(attribute, into: &out, base: base)
                value(&out)
            }
            out.put32(listAt, UInt32(out.count - listAt - 4))
        }
        if let content {
            out.append(0x02)
            content(&self, &out)
            out.append(0x04)
        } else {
            out.append(0x03)
        }
        out.put32(sizeAt, UInt32(out.count - (start + (dependency ? 7 : 5))))
    }

    static func text(_ s: String, into out: inout [UInt8]) {
        out.append(0x05)
        out.append(0x01)
        out.append16(UInt16(s.utf16.count))
        for u in s.utf16 { out.append16(u) }
    }

    static func substitution(_ index: Int, _ type: UInt8, optional: Bool = false, into out: inout [UInt8]) {
        out.append(optional ? 0x0E : 0x0D)
        out.append16(UInt16(index))
        out.append(type)
    }

    /// The template body for an event's shape: System with substitutions 0–6, then the data values from 7.
    mutating func templateBody(_ e: EVTXWriter.Event, base: Int) -> [UInt8] {
        var out: [UInt8] = [0x0F, 1, 1, 0]
        element(
            "Event", into: &out, base: base,
            attributes: [("xmlns", { Self.text("http://schemas.microsoft.com/win/2004/08/events/event", into: &$0) })]
        ) { w, out in
            w.element("System", into: &out, base: base) { w, out in
                w.element(
                    "Provider", into: &out, base: base,
                    attributes: [("Name", { Self.text(e.provider, into: &$0) })], content: nil)
                w.element("EventID", into: &out, base: base) { _, o in Self.substitution(0, 0x06, into: &o) }
                w.element("Level", into: &out, base: base) { _, o in Self.substitution(1, 0x04, into: &o) }
                w.element(
                    "TimeCreated", into: &out, base: base,
                    attributes: [("SystemTime", { Self.substitution(2, 0x11, into: &$0) })], content: nil)
                w.element("EventRecordID", into: &out, base: base) { _, o in Self.substitution(3, 0x0A, into: &o) }
                w.element("Channel", into: &out, base: base) { _, o in Self.substitution(4, 0x01, into: &o) }
                w.element("Computer", into: &out, base: base) { _, o in Self.substitution(5, 0x01, into: &o) }
                w.element(
                    "Security", into: &out, base: base,
                    attributes: [("UserID", { Self.substitution(6, 0x13, optional: true, into: &$0) })], content: nil)
            }
            if e.userData != nil {
                w.element("UserData", into: &out, base: base) { _, o in Self.substitution(7, 0x21, into: &o) }
            } else {
                w.element("EventData", into: &out, base: base) { w, out in
                    for (i, (name, value)) in e.data.enumerated() {
                        // Classic events leave their values unnamed: `<Data>value</Data>`.
                        let attributes: [(String, (inout [UInt8]) -> Void)] =
                            name.isEmpty ? [] : [("Name", { Self.text(name, into: &$0) })]
                        w.element("Data", into: &out, base: base, attributes: attributes) { _, o in
                            Self.substitution(7 + i, value.type, optional: true, into: &o)
                        }
                    }
                }
            }
        }
        out.append(0x00)
        return out
    }

    /// Encoded substitution values of an event.
    mutating func values(_ e: EVTXWriter.Event, id: UInt64, base: Int) -> [(UInt8, [UInt8])] {
        var values: [(UInt8, [UInt8])] = [
            (0x06, le(UInt64(e.id), 2)), (0x04, [e.level]), (0x11, le(e.time, 8)), (0x0A, le(id, 8)),
            (0x01, utf16(e.channel)), (0x01, utf16(e.computer)), (0x13, sid(1, 5, [18]))
        ]
        if let wrapper = e.userData {
            // The nested value is the eighth and last: it starts after the count, 8 descriptors and 7 values.
            let at = base + 4 + 4 * 8 + values.reduce(0) { $0 + $1.1.count }
            var nested: [UInt8] = [0x0F, 1, 1, 0]
            let fields = e.data.map { ($0.0, Self.plain($0.1)) }
            // A Binary XML value. (libyal's notes say its element starts may lack the dependency id; evtxexport
            // cannot read them without it, so they have it here.)
            element(
                wrapper, into: &nested, base: at,
                attributes: [
                    (
                        "xmlns",
                        { Self.text("http://manifests.microsoft.com/win/2004/08/windows/setup_provider", into: &$0) }
                    )
                ]
            ) { w, out in
                for (name, text) in fields {
                    w.element(name, into: &out, base: at) { _, o in Self.text(text, into: &o) }
                }
            }
            nested.append(0x00)
            values.append((0x21, nested))
        } else {
            for (_, value) in e.data { values.append(Self.encode(value)) }
        }
        return values
    }

    static func plain(_ v: EVTXWriter.Value) -> String {
        if case .string(let s) = v { return s }
        return "\(v)"
    }

    static func encode(_ v: EVTXWriter.Value) -> (UInt8, [UInt8]) {
        switch v {
        case .string(let s): (v.type, utf16(s))
        case .ansi(let s): (v.type, Array(s.utf8))
        case .uint8(let x): (v.type, [x])
        case .uint16(let x): (v.type, le(UInt64(x), 2))
        case .int32(let x): (v.type, le(UInt64(UInt32(bitPattern: x)), 4))
        case .uint32(let x), .hex32(let x): (v.type, le(UInt64(x), 4))
        case .uint64(let x), .hex64(let x), .fileTime(let x): (v.type, le(x, 8))
        case .bool(let x): (v.type, le(x ? 1 : 0, 4))
        case .binary(let x): (v.type, x)
        case .guid(let a, let b, let c, let d): (v.type, le(UInt64(a), 4) + le(UInt64(b), 2) + le(UInt64(c), 2) + d)
        case .sid(let rev, let auth, let subs): (v.type, sid(rev, auth, subs))
        case .systemTime(let y, let mo, let d, let h, let mi, let s, let ms):
            (v.type, [y, mo, 0, d, h, mi, s, ms].flatMap { le(UInt64($0), 2) })
        case .stringArray(let items): (v.type, items.flatMap { utf16($0) + [0, 0] })
        case .uint32Array(let items): (v.type, items.flatMap { le(UInt64($0), 4) })
        case .null: (0, [])
        case .xml: (0x21, [])
        }
    }

    /// Appends a record; false when the chunk is full.
    mutating func add(_ e: EVTXWriter.Event, id: UInt64) -> Bool {
        let saved = (b, names, templates)
        let start = b.count
        var out: [UInt8] = []
        out.append32(0x0000_2A2A)
        out.append32(0)
        out.append64(id)
        out.append64(e.time)
        out += [0x0F, 1, 1, 0, 0x0C, 0x01]
        let shape = "\(e.provider)|\(e.userData ?? "")|" + e.data.map { "\($0.0):\($0.1.type)" }.joined(separator: ",")
        out.append32(UInt32(Self.hash(shape)))
        if let at = templates[shape] {
            out.append32(UInt32(at))
        } else {
            let at = start + out.count + 4
            templates[shape] = at
            out.append32(UInt32(at))
            let body = templateBody(e, base: at + 24)
            out.append32(0)
            out += [UInt8](repeating: 0xA5, count: 16)  // template GUID
            out.append32(UInt32(body.count))
            out += body
            let slot = 384 + 4 * Int(Self.hash(shape) % 32)
            if b.get32(slot) == 0 { b.put32(slot, UInt32(at)) }
        }
        let values = values(e, id: id, base: start + out.count)
        out.append32(UInt32(values.count))
        for (type, data) in values {
            out.append16(UInt16(data.count))
            out.append(type)
            out.append(0)
        }
        for (_, data) in values { out += data }
        out.append(0x00)
        out.append32(UInt32(out.count + 4))
        out.put32(4, UInt32(out.count))
        guard start + out.count <= 65536 else {
            (b, names, templates) = saved
            return false
        }
        b += out
        lastRecord = id
        lastOffset = start
        return true
    }

    /// Recomputes the records and header checksums of the chunk at `at` in a file (after a test edits it).
    static func reseal(_ file: inout [UInt8], chunk at: Int) {
        let free = Int(file.get32(at + 48))
        file.put32(at + 52, CRC32.checksum(file[(at + 512)..<(at + free)]))
        let crc = CRC32.checksum(file[(at + 128)..<(at + 512)], continuing: CRC32.checksum(file[at..<(at + 120)]))
        file.put32(at + 124, crc)
    }

    mutating func finish() -> [UInt8] {
        let free = b.count
        b.put64(8, firstRecord)
        b.put64(16, lastRecord)
        b.put64(24, firstRecord)
        b.put64(32, lastRecord)
        b.put32(40, 128)
        b.put32(44, UInt32(lastOffset))
        b.put32(48, UInt32(free))
        b.put32(52, CRC32.checksum(b[512..<free]))
        b += [UInt8](repeating: 0, count: 65536 - b.count)
        let crc = CRC32.checksum(b[128..<512], continuing: CRC32.checksum(b[0..<120]))
        b.put32(124, crc)
        return b
    }
}

private func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
private func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { le(UInt64($0), 2) } }
private func sid(_ revision: UInt8, _ authority: UInt64, _ subs: [UInt32]) -> [UInt8] {
    [revision, UInt8(subs.count)] + (0..<6).map { UInt8(truncatingIfNeeded: authority >> (8 * (5 - $0))) }
        + subs.flatMap { le(UInt64($0), 4) }
}

extension Array where Element == UInt8 {
    mutating func append16(_ v: UInt16) { append(contentsOf: le(UInt64(v), 2)) }
    mutating func append32(_ v: UInt32) { append(contentsOf: le(UInt64(v), 4)) }
    mutating func append64(_ v: UInt64) { append(contentsOf: le(v, 8)) }
    mutating func put16(_ at: Int, _ v: UInt16) { replace(at, le(UInt64(v), 2)) }
    mutating func put32(_ at: Int, _ v: UInt32) { replace(at, le(UInt64(v), 4)) }
    mutating func put64(_ at: Int, _ v: UInt64) { replace(at, le(v, 8)) }
    mutating func replace(_ at: Int, _ bytes: [UInt8]) { self[at..<(at + bytes.count)] = bytes[...] }
    func get32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(self[at + $1]) << (8 * $1) } }
}
