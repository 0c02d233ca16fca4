/// An Event Trace Log (`.etl`): a sequence of ETW buffers (`WMI_BUFFER_HEADER`, 0x48 bytes), each holding
/// 8-byte-aligned records. The first record of the first buffer is the kernel's system header with the
/// `TRACE_LOGFILE_HEADER` (clock type, QPC frequency, start time, pointer size). Records of type
/// `EVENT_HEADER` (0x12/0x13) from TraceLogging providers carry their provider name (`PROV_TRAITS`) and
/// their schema (`EVENT_SCHEMA_TL`) as extended items; their payload is decoded by ``TraceLoggingSchema``.
///
/// Everything is bounds-checked; a record that does not fit ends its buffer with a note. Events are
/// numbered 1… in file order (buffers in file order, records in buffer order), as `dissect.etl` counts them.
public struct ETLTrace: Sendable {
    public enum Status: Sendable, Equatable {
        /// A TraceLogging event with its schema decoded.
        case decoded
        /// A kernel header, a perf-info record, an event of a manifest-based provider or a WPP message:
        /// nothing in the file says how to read its payload.
        case noSchema
        /// A TraceLogging event whose schema or payload could not be read.
        case undecodable(String)
    }

    public struct Event: Sendable {
        public var ordinal: Int
        /// 100 ns units since 1601-01-01 UTC; nil when the trace's clock is unknown.
        public var filetime: Int64?
        public var processId: UInt32
        public var threadId: UInt32
        public var provider: String
        /// The TraceLogging event name (`Agent`, `Misc`, … for the Windows Update client).
        public var name: String
        /// Fields as `(name, value)`, values rendered as text.
        public var fields: [(name: String, value: String)]
        public var status: Status
    }

    /// Every event, in order (empty when the trace was read with a visitor).
    public var events: [Event] = []
    /// Events read, and how many of them were decoded, had no schema, or could not be decoded (by reason).
    public var eventCount = 0
    public var decodedCount = 0
    public var noSchemaCount = 0
    public var undecodable: [String: Int] = [:]
    /// Providers of the decoded events.
    public var providers: Set<String> = []
    public var buffers = 0
    /// Non-fatal findings: lost events, skipped buffers, damaged records.
    public var notes: [String] = []
    /// Why the file is not an ETL at all (nil when it is one).
    public var failure: String?

    /// Most events read from one trace (a hostile file cannot make the list grow past it).
    public static let maxEvents = 4_000_000
    static let bufferHeaderSize = BufferHeader.size

    /// `WMI_BUFFER_HEADER`: where its fields are.
    enum BufferHeader {
        static let bufferSize = 0x00  // u32: every buffer of a trace has the same size
        static let filled = 0x30  // u32: bytes in use, this header included
        static let flags = 0x34  // u16
        static let compressedFlag: UInt16 = 0x40  // ETW_BUFFER_FLAG_COMPRESSED (XPRESS)
        static let size = 0x48
    }

    /// The smallest record: a system header (0x20 bytes); the first buffer must hold at least one.
    static let systemHeaderSize = 0x20
    /// A buffer's unused tail (and a buffer never written) starts with this marker.
    static let endMarker: UInt32 = 0xFFFF_FFFF

    /// Decodes a whole trace held in memory. Never traps: bad input yields `failure` or notes.
    public static func decode(_ bytes: [UInt8]) -> ETLTrace {
        var events: [Event] = []
        var trace = ByteWindow.over(bytes) { decode($0) { events.append($0) } }
        trace.events = events
        return trace
    }

    /// Decodes a trace, handing each event to `visit` instead of keeping it (memory stays flat).
    static func decode(_ r: ByteWindow, visit: (Event) -> Void) -> ETLTrace {
        var trace = ETLTrace()
        guard r.count >= bufferHeaderSize + systemHeaderSize,
            let bufferSize = r.u32(BufferHeader.bufferSize).map(Int.init),
            bufferSize >= bufferHeaderSize + systemHeaderSize, bufferSize <= 64 << 20
        else {
            trace.failure = "not an ETW trace: no valid first buffer header"
            return trace
        }
        guard let clock = Clock(r, bufferStart: 0, bufferSize: bufferSize) else {
            trace.failure = "not an ETW trace: the first record is not a trace log file header"
            return trace
        }
        if clock.eventsLost > 0 { trace.notes.append("the trace header counts \(clock.eventsLost) lost events") }
        if clock.buffersLost > 0 { trace.notes.append("the trace header counts \(clock.buffersLost) lost buffers") }
        if clock.scale == nil { trace.notes.append("unknown clock type \(clock.clockType): events are not dated") }
        var counts = (compressed: 0, damaged: 0, odd: 0)
        var offset = 0
        var ordinal = 0
        while offset + bufferHeaderSize <= r.count, trace.eventCount < maxEvents {
            // Every buffer of a trace has the same size; a buffer that says otherwise is damaged.
            let size = r.u32(offset + BufferHeader.bufferSize).map(Int.init) ?? 0
            guard size == bufferSize else {
                if r.u32(offset + BufferHeader.bufferSize) != endMarker { counts.odd += 1 }
                offset += bufferSize
                continue
            }
            trace.buffers += 1
            let filled = min(Int(r.u32(offset + BufferHeader.filled) ?? 0), bufferSize, r.count - offset)
            let flags = r.u16(offset + BufferHeader.flags) ?? 0
            if flags & BufferHeader.compressedFlag != 0 {  // not read
                counts.compressed += 1
                offset += bufferSize
                continue
            }
            var at = bufferHeaderSize
            while at + 4 <= filled, trace.eventCount < maxEvents {
                let start = offset + at
                guard let marker = r.u32(start), marker != endMarker else { break }
                guard let record = Record(r, at: start, end: offset + filled) else {
                    counts.damaged += 1
                    break
                }
                ordinal += 1
                let event = record.event(r, ordinal: ordinal, clock: clock)
                trace.count(event)
                visit(event)
                at += (record.size + 7) & ~7
            }
            offset += bufferSize
        }
        if trace.eventCount >= maxEvents { trace.notes.append("more than \(maxEvents) events: the rest not read") }
        if counts.compressed > 0 { trace.notes.append("\(counts.compressed) compressed buffers not read") }
        if counts.damaged > 0 {
            trace.notes.append("\(counts.damaged) buffers end in a damaged record: their rest not read")
        }
        if counts.odd > 0 { trace.notes.append("\(counts.odd) buffers with a wrong size header skipped") }
        if clock.buffersWritten != trace.buffers {
            trace.notes.append(
                "the trace header says \(clock.buffersWritten) buffers written, \(trace.buffers) found (a trace still open when collected says 0)"
            )
        }
        return trace
    }

    private mutating func count(_ event: Event) {
        eventCount += 1
        switch event.status {
        case .decoded:
            decodedCount += 1
            providers.insert(event.provider.isEmpty ? "unnamed provider" : event.provider)
        case .noSchema: noSchemaCount += 1
        case .undecodable(let reason): undecodable[reason, default: 0] += 1
        }
    }
}

/// The trace's clock: how record timestamps become FILETIME (`TRACE_LOGFILE_HEADER`).
struct Clock {
    var clockType: UInt32
    var startTime: Int64
    var reference: Int64
    var frequency: Int64
    var cpuMHz: Int64
    var pointerSize: Int
    var buffersWritten: Int
    var eventsLost: UInt32
    var buffersLost: UInt32

    /// 1 = QPC, 2 = system time (FILETIME already), 3 = CPU cycle counter.
    var scale: (numerator: Int64, denominator: Int64)? {
        switch clockType {
        case 1: frequency > 0 ? (10_000_000, frequency) : nil
        case 2: (1, 1)
        case 3: cpuMHz > 0 ? (10, cpuMHz) : nil
        default: nil
        }
    }

    init?(_ r: ByteWindow, bufferStart: Int, bufferSize: Int) {
        let at = bufferStart + ETLTrace.bufferHeaderSize
        // SYSTEM_TRACE_HEADER: version u16, type u8 (1 or 2), flags u8 (0xC0), size u16, hook u16, tid, pid,
        // timestamp i64 at +0x10; then the log file header.
        guard let type = r.u8(at + 2), type == 1 || type == 2, r.u8(at + 3) == 0xC0,
            let size = r.u16(at + 4).map(Int.init), size >= 0x20 + 0x110, size <= bufferSize,
            let timestamp = r.i64(at + 0x10)
        else { return nil }
        let h = at + 0x20
        guard let pointer = r.u32(h + 0x2C), pointer == 4 || pointer == 8 else { return nil }
        pointerSize = Int(pointer)
        let tail = h + 0x38 + 2 * pointerSize + 172  // after the two name pointers and TIME_ZONE_INFORMATION
        let aligned = (tail - h + 7) & ~7
        guard size >= 0x20 + aligned + 0x20, let frequency = r.i64(h + aligned + 8),
            let start = r.i64(h + aligned + 16),
            let flags = r.u32(h + aligned + 24)
        else { return nil }
        clockType = flags
        startTime = start
        reference = timestamp
        self.frequency = frequency
        cpuMHz = Int64(r.u32(h + 0x34) ?? 0)
        buffersWritten = Int(r.u32(h + 0x24) ?? 0)
        eventsLost = r.u32(h + 0x30) ?? 0
        buffersLost = r.u32(h + aligned + 28) ?? 0
    }

    func filetime(_ timestamp: Int64) -> Int64? {
        guard let (n, d) = scale else { return nil }
        if clockType == 2 { return timestamp }
        let delta = timestamp.subtractingReportingOverflow(reference)
        guard !delta.overflow else { return nil }
        let whole = delta.partialValue / d
        let rest = delta.partialValue % d
        let (ticks, o1) = whole.multipliedReportingOverflow(by: n)
        let (sum, o2) = startTime.addingReportingOverflow(ticks)
        // The remainder's share: rest < d, but rest × n can still overflow for a hostile frequency.
        let (scaled, o3) = rest.multipliedReportingOverflow(by: n)
        guard !o1, !o2, !o3 else { return nil }
        let (time, o4) = sum.addingReportingOverflow(scaled / d)
        return o4 ? nil : time
    }
}

/// One record's header, checked against the bytes it may use.
struct Record {
    enum Shape {
        case system(header: Int)
        case event, other
    }
    var start: Int
    var size: Int
    var shape: Shape

    init?(_ r: ByteWindow, at start: Int, end: Int) {
        guard let type = r.u8(start + 2), let flags = r.u8(start + 3) else { return nil }
        var size: Int
        var minimum: Int
        if flags == 0x90 {  // WPP message
            size = Int(r.u16(start) ?? 0)
            minimum = 8
            shape = .other
        } else if flags == 0xC0 {
            switch type {
            case 0x01, 0x02:
                size = Int(r.u16(start + 4) ?? 0)
                minimum = 0x20
                shape = .system(header: 0x20)
            case 0x03, 0x04:
                size = Int(r.u16(start + 4) ?? 0)
                minimum = 0x18
                shape = .system(header: 0x18)
            case 0x10, 0x11:
                size = Int(r.u16(start + 4) ?? 0)
                minimum = 0x10
                shape = .system(header: 0x10)
            case 0x12, 0x13:
                size = Int(r.u16(start) ?? 0)
                minimum = 80
                shape = .event
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x14, 0x15:
                size = Int(r.u16(start) ?? 0)
                minimum = 8
                shape = .other
            default: return nil
            }
        } else {
            return nil
        }
        guard size >= minimum, start + size <= end else { return nil }
        self.start = start
        self.size = size
    }

    func event(_ r: ByteWindow, ordinal: Int, clock: Clock) -> ETLTrace.Event {
        switch shape {
        case .system(let header):
            let pid = header >= 0x18 ? (r.u32(start + 12) ?? 0) : 0
            let tid = header >= 0x18 ? (r.u32(start + 8) ?? 0) : 0
            let stamp = r.i64(start + (header == 0x10 ? 8 : 0x10)).flatMap(clock.filetime)
            return ETLTrace.Event(
                ordinal: ordinal, filetime: stamp, processId: pid, threadId: tid, provider: "",
                name: "", fields: [], status: .noSchema)
        case .other:
            return ETLTrace.Event(
                ordinal: ordinal, filetime: nil, processId: 0, threadId: 0, provider: "", name: "",
                fields: [], status: .noSchema)
        case .event:
            return eventHeader(r, ordinal: ordinal, clock: clock)
        }
    }

    /// EVENT_HEADER: size u16, type u16, flags u16, property u16, tid u32, pid u32, timestamp i64, provider
    /// GUID, descriptor (16), processor time (8), activity GUID → 80 bytes; then extended items when flag
    /// 0x01 is set; then the payload.
    enum EventHeader {
        static let flags = 4  // u16
        static let threadId = 8  // u32
        static let processId = 12  // u32
        static let timestamp = 16  // i64
        static let size = 80

        static let extendedInfoFlag: UInt16 = 0x01
        static let stringOnlyFlag: UInt16 = 0x04  // the payload is one UTF-16 string
        static let thirtyTwoBitFlag: UInt16 = 0x20
        static let sixtyFourBitFlag: UInt16 = 0x40
    }

    /// An extended data item (`EVENT_HEADER_EXTENDED_DATA_ITEM` as a trace stores it): size u16 (the whole
    /// item, a multiple of 8), type u16, linkage u16 (bit 0: another item follows), data size u16, the data.
    enum ExtendedItem {
        static let type = 2
        static let linkage = 4
        static let dataSize = 6
        static let headerSize = 8
        static let maxItems = 64

        static let schemaType: UInt16 = 11  // EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL
        static let providerTraitsType: UInt16 = 12  // EVENT_HEADER_EXT_TYPE_PROV_TRAITS
    }

    private func eventHeader(_ r: ByteWindow, ordinal: Int, clock: Clock) -> ETLTrace.Event {
        let flags = r.u16(start + EventHeader.flags) ?? 0
        var event = ETLTrace.Event(
            ordinal: ordinal, filetime: r.i64(start + EventHeader.timestamp).flatMap(clock.filetime),
            processId: r.u32(start + EventHeader.processId) ?? 0, threadId: r.u32(start + EventHeader.threadId) ?? 0,
            provider: "", name: "", fields: [], status: .noSchema)
        let end = start + size
        var at = start + EventHeader.size
        var schema: Range<Int>?
        if flags & EventHeader.extendedInfoFlag != 0 {
            var more = true
            var items = 0
            while more {
                items += 1
                let header = ExtendedItem.headerSize
                guard items <= ExtendedItem.maxItems, let itemSize = r.u16(at).map(Int.init),
                    let type = r.u16(at + ExtendedItem.type), let linkage = r.u16(at + ExtendedItem.linkage),
                    let dataSize = r.u16(at + ExtendedItem.dataSize).map(Int.init),
                    itemSize >= header, itemSize % 8 == 0, dataSize <= itemSize - header, at + itemSize <= end
                else {
                    event.status = .undecodable("damaged extended data")
                    return event
                }
                let data = (at + header)..<(at + header + dataSize)
                if type == ExtendedItem.schemaType { schema = data }
                if type == ExtendedItem.providerTraitsType, let name = Self.providerName(r, data) {
                    event.provider = name
                }
                more = linkage & 1 != 0
                at += itemSize
            }
        }
        let payload = at..<end
        if flags & EventHeader.stringOnlyFlag != 0 {
            var cursor = payload.lowerBound
            if let text = TraceLoggingSchema.utf16z(r, &cursor, end: end) ?? TraceLoggingSchema.utf16(r, payload) {
                event.fields = [("", text)]
                event.status = .decoded
            } else {
                event.status = .undecodable("string-only payload is not UTF-16")
            }
            return event
        }
        guard let schema else { return event }  // a manifest-based event: nothing says how to read it
        var pointerSize = clock.pointerSize
        if flags & EventHeader.thirtyTwoBitFlag != 0 {
            pointerSize = 4
        } else if flags & EventHeader.sixtyFourBitFlag != 0 {
            pointerSize = 8
        }
        switch TraceLoggingSchema.decode(r, schema: schema, payload: payload, pointerSize: pointerSize) {
        case .success(let decoded):
            event.name = decoded.name
            event.fields = decoded.fields
            event.status = .decoded
        case .failure(let failure):
            event.name = failure.eventName ?? ""
            event.status = .undecodable(failure.reason)
        }
        return event
    }

    /// PROV_TRAITS: total size u16, then the provider name, NUL-terminated UTF-8.
    static func providerName(_ r: ByteWindow, _ data: Range<Int>) -> String? {
        var cursor = data.lowerBound + 2
        return TraceLoggingSchema.utf8z(r, &cursor, end: data.upperBound)
    }
}
