/// Reads Process Monitor logs (`.PML`, format version 9; 32- and 64-bit captures): the header, the string,
/// process, host and port tables, then every event through the event offsets array, in file order.
///
/// Streaming: the visitor sees one event at a time and nothing of it is kept, so a capture of gigabytes needs
/// memory only for its tables. Every read is bounds-checked; an event whose header or detail block runs past
/// the end of the file is skipped and counted in the notes. Only a file without a PML header fails.
public enum PMLReader {
    static let eventHeaderSize = 0x34

    /// What a scan found besides the events.
    public struct Summary: Sendable {
        public var header: PMLHeader?
        public var processes: [PMLProcess] = []
        public var events = 0
        public var notes: [String] = []
        public var failure: String?
    }

    /// One event with its columns decoded (the fuzzing entry point and tests; ``forEach`` keeps nothing).
    public struct Record: Sendable, Equatable {
        public var ordinal: Int
        public var processName: String
        public var pid: UInt32
        public var eventClass: PMLEventClass
        public var operation: String
        public var path: String
        public var result: String
        public var timeOfDay: String
        /// The Detail column where decoded (``PMLEvent/detail``).
        public var detail: String? = nil
    }

    /// Reads everything in `bytes` (any input: no crash, time and memory bounded by its size).
    public static func read(_ bytes: [UInt8]) -> (summary: Summary, records: [Record]) {
        bytes.withUnsafeBytes { raw in
            var records: [Record] = []
            let summary = forEach(raw) { e in
                records.append(
                    Record(
                        ordinal: e.ordinal, processName: e.process?.name ?? "", pid: e.process?.pid ?? 0,
                        eventClass: e.eventClass, operation: e.operation, path: e.path,
                        result: e.resultName, timeOfDay: e.timeOfDay, detail: e.detail))
            }
            return (summary, records)
        }
    }

    /// Calls `visit` with each event in file order.
    @discardableResult
    public static func forEach(_ raw: UnsafeRawBufferPointer, _ visit: (PMLEvent) -> Void) -> Summary {
        var summary = Summary()
        let b = PMLBytes(raw: raw)
        guard let header = PMLHeader(b) else {
            summary.failure =
                raw.count >= 4 && raw.prefix(4).elementsEqual(PMLHeader.magic)
                ? "PML header truncated or damaged" : "not a Process Monitor log: no PML_ header"
            return summary
        }
        summary.header = header
        if header.version != 9 { summary.notes.append("unexpected format version \(header.version) (read as 9)") }
        let tables = PMLTables(b, header: header)
        summary.notes += tables.notes
        summary.processes = tables.processes.values.sorted { $0.index < $1.index }
        let pointer = header.is64Bit ? 8 : 4
        var damaged = 0
        var firstDamaged = 0
        for i in 0..<header.eventCount {
            guard let offset = b.u32(header.eventOffsetsOffset + 5 * i),
                var event = event(b, at: Int(offset), ordinal: i + 1, pointer: pointer, tables: tables)
            else {
                if damaged == 0 { firstDamaged = i + 1 }
                damaged += 1
                continue
            }
            event.ordinal = i + 1
            summary.events += 1
            visit(event)
        }
        if damaged > 0 { summary.notes.append("\(damaged) events unreadable (first #\(firstDamaged))") }
        return summary
    }

    /// The event at `at`, or nil when its header or detail block is out of bounds.
    @inline(__always)
    static func event(_ b: PMLBytes, at: Int, ordinal: Int, pointer: Int, tables: PMLTables) -> PMLEvent? {
        guard at >= 0, at <= b.count - eventHeaderSize else { return nil }
        let r = b.raw
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            r.loadUnaligned(fromByteOffset: at + o, as: UInt16.self).littleEndian
        }
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            r.loadUnaligned(fromByteOffset: at + o, as: UInt32.self).littleEndian
        }
        @inline(__always) func u64(_ o: Int) -> UInt64 {
            r.loadUnaligned(fromByteOffset: at + o, as: UInt64.self).littleEndian
        }
        let detailStart = at + eventHeaderSize + Int(u16(0x28)) * pointer
        guard let details = b.slice(detailStart, Int(u32(0x2C))) else { return nil }
        var event = PMLEvent(
            ordinal: ordinal, process: tables.processes[u32(0)], threadID: u32(4),
            eventClass: PMLEventClass(rawValue: u32(8)) ?? .unknown, operationCode: u16(0x0C),
            subOperation: 0, duration: u64(0x14), time: u64(0x1C), result: u32(0x24))
        PMLDetails.read(PMLBytes(raw: details), into: &event, pointer: pointer, tables: tables)
        event.detailBytes = details
        event.pointerSize = pointer
        // The extra detail block (results of the operation): at an offset from the event, a u16 size first.
        let extra = Int(u32(0x30))
        if extra > 0, let size = b.u16(at + extra) { event.extraBytes = b.slice(at + extra + 2, Int(size)) }
        return event
    }
}
