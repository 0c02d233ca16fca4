/// Test-only writer of Event Trace Logs as Windows writes them for a TraceLogging provider: buffers with a
/// `WMI_BUFFER_HEADER`, the kernel's system trace header with the `TRACE_LOGFILE_HEADER` (QPC clock at
/// 10 MHz) first, then `EVENT_HEADER` records with the `PROV_TRAITS` and `EVENT_SCHEMA_TL` extended items
/// and their payload.
enum ETLTestWriter {
    struct Field {
        var name: String
        var inType: UInt8
        var outType: UInt8? = nil
        var payload: [UInt8]

        static func utf16(_ name: String, _ text: String) -> Field {
            Field(name: name, inType: 1, payload: ETLTestWriter.utf16z(text))
        }
        static func uint32(_ name: String, _ v: UInt32, hex: Bool = false) -> Field {
            Field(name: name, inType: 8, outType: hex ? 4 : nil, payload: ETLTestWriter.le(UInt64(v), 4))
        }
    }

    struct Event {
        /// 100 ns units after the trace start.
        var offset: Int64
        var pid: UInt32 = 4336
        var tid: UInt32 = 4360
        var provider: String? = "WUTraceLogging"
        var name: String
        var fields: [Field]
        /// Raw schema bytes instead of the ones `name` and `fields` give (a damaged schema); nil: none.
        var rawSchema: [UInt8]? = nil
        /// No schema item at all (a manifest-based event).
        var manifest = false

        /// A Windows Update client event: one UTF-16 field `Info`.
        static func info(_ seconds: Double, _ component: String, _ text: String, tid: UInt32 = 4360) -> Event {
            Event(offset: Int64(seconds * 10_000_000), tid: tid, name: component, fields: [.utf16("Info", text)])
        }
    }

    /// 2022-11-01 01:05:11.1955408 UTC as FILETIME.
    static let start: Int64 = 133_117_383_111_955_408
    static let qpcStart: Int64 = 0x089C_2B62

    static func trace(_ events: [Event], bufferSize: Int = 4096, start: Int64 = start) -> [UInt8] {
        var records: [[UInt8]] = [systemHeader(bufferSize: bufferSize, start: start)]
        records += events.map(record)
        var buffers: [[UInt8]] = []
        var current: [UInt8] = []
        for r in records {
            let aligned = (r.count + 7) & ~7
            precondition(0x48 + aligned <= bufferSize, "record larger than a buffer")
            if 0x48 + current.count + aligned > bufferSize {
                buffers.append(current)
                current = []
            }
            current += r + [UInt8](repeating: 0, count: aligned - r.count)
        }
        buffers.append(current)
        var out: [UInt8] = []
        for (i, body) in buffers.enumerated() {
            var header: [UInt8] = []
            let filled = 0x48 + body.count
            header += le(UInt64(bufferSize), 4) + le(UInt64(filled), 4) + le(UInt64(filled), 4) + le(0, 4)
            header += le(0, 8) + le(UInt64(i), 8) + le(0, 8)
            header += [0, 0, 0x23, 0] + le(3, 4) + le(UInt64(filled), 4)
            header += le(i == 0 ? 0x21 : 0x20, 2) + le(i == 0 ? 4 : 0, 2) + le(0, 16)
            out += header + body + [UInt8](repeating: 0xFF, count: bufferSize - filled)
        }
        // BuffersWritten in the log file header (first buffer, 0x48 + 0x20 + 0x24).
        let count = le(UInt64(buffers.count), 4)
        for k in 0..<4 { out[0x48 + 0x20 + 0x24 + k] = count[k] }
        return out
    }

    static func systemHeader(bufferSize: Int, start: Int64) -> [UInt8] {
        var h: [UInt8] = []
        h += le(UInt64(bufferSize), 4) + le(0x0501_000A, 4) + le(19041, 4) + le(1, 4)
        h += le(UInt64(start + 600_000_000), 8)  // end time
        h += le(156_250, 4) + le(128, 4) + le(0x1100_2009, 4) + le(0, 4) + le(1, 4) + le(8, 4) + le(0, 4) + le(3000, 4)
        h += le(0, 8) + le(0, 8)  // logger and file name pointers
        h += [UInt8](repeating: 0, count: 172) + [0, 0, 0, 0]  // time zone, padding to 8
        h += le(UInt64(start - 36_000_000_000), 8)  // boot time
        h += le(10_000_000, 8) + le(UInt64(start), 8) + le(1, 4) + le(0, 4)
        h += utf16z("WindowsUpdate_trace_log") + utf16z("C:\\Windows\\Logs\\WindowsUpdate\\test.etl")
        var r: [UInt8] = [2, 0, 0x02, 0xC0] + le(UInt64(0x20 + h.count), 2) + le(0, 2)
        r += le(4360, 4) + le(4336, 4) + le(UInt64(qpcStart), 8) + le(0, 8)
        return r + h
    }

    static func schema(_ name: String, _ fields: [Field]) -> [UInt8] {
        var body: [UInt8] = [0] + Array(name.utf8) + [0]
        for f in fields {
            body += Array(f.name.utf8) + [0]
            if let out = f.outType { body += [f.inType | 0x80, out] } else { body.append(f.inType) }
        }
        return le(UInt64(body.count + 2), 2) + body
    }

    static func record(_ e: Event) -> [UInt8] {
        var items: [(UInt16, [UInt8])] = []
        if let p = e.provider { items.append((12, le(UInt64(p.utf8.count + 3), 2) + Array(p.utf8) + [0])) }
        if !e.manifest { items.append((11, e.rawSchema ?? schema(e.name, e.fields))) }
        var ext: [UInt8] = []
        for (i, (type, data)) in items.enumerated() {
            let size = (8 + data.count + 7) & ~7
            ext +=
                le(UInt64(size), 2) + le(UInt64(type), 2) + le(i < items.count - 1 ? 1 : 0, 2)
                + le(UInt64(data.count), 2)
            ext += data + [UInt8](repeating: 0, count: size - 8 - data.count)
        }
        let payload = e.fields.flatMap(\.payload)
        let flags: UInt64 = (items.isEmpty ? 0 : 1) | 0x40
        var r: [UInt8] = []
        r += le(UInt64(80 + ext.count + payload.count), 2) + [0x13, 0xC0] + le(flags, 2) + le(0, 2)
        r += le(UInt64(e.tid), 4) + le(UInt64(e.pid), 4) + le(UInt64(qpcStart + e.offset), 8)
        r += [0x19, 0x6F, 0x7A, 0x0B, 0xC4, 0x47, 0x4E, 0x45, 0x8C, 0x5C, 0xE8, 0x68, 0xD6, 0x37, 0xE4, 0xD8]
        r += le(0, 2) + [0, 11, 4, 0] + le(0, 2) + le(0x800, 8) + le(0, 8) + le(0, 16)
        return r + ext + payload
    }

    static func le(_ v: UInt64, _ n: Int) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
    }
    static func utf16z(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0] }
}
