/// Reads Process Monitor logs (`.PML`, format version 9; 32- and 64-bit captures): the header, the string,
/// process, host and port tables, then every event through the event offsets array, in file order.
///
/// Streaming: the visitor sees one event at a time and nothing of it is kept, so a capture of gigabytes needs
/// memory only for its tables. Every read is bounds-checked; an event whose header or detail block runs past
/// the end of the file is skipped and counted in the notes. Only a file without a PML header fails.
public enum PMLReader {
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
        var records: [Record] = []
        let summary = forEach(bytes) { e in
            records.append(
                Record(
                    ordinal: e.ordinal, processName: e.process?.name ?? "", pid: e.process?.pid ?? 0,
                    eventClass: e.eventClass, operation: e.operation, path: e.path,
                    result: e.resultName, timeOfDay: e.timeOfDay, detail: e.detail))
        }
        return (summary, records)
    }

    /// Calls `visit` with each event of `bytes` in file order.
    @discardableResult
    public static func forEach(_ bytes: [UInt8], _ visit: (PMLEvent) -> Void) -> Summary {
        ByteWindow.over(bytes) { forEach($0, visit) }
    }

    /// Calls `visit` with each event in file order.
    @discardableResult
    public static func forEach(_ b: ByteWindow, _ visit: (PMLEvent) -> Void) -> Summary {
        var summary = Summary()
        guard let header = PMLHeader(b) else {
            summary.failure =
                b.matches(PMLHeader.magic, at: 0)
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
            guard let offset = b.u32(header.eventOffsetsOffset + PMLHeader.eventOffsetEntrySize * i),
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
    static func event(_ b: ByteWindow, at: Int, ordinal: Int, pointer: Int, tables: PMLTables) -> PMLEvent? {
        guard let header = b.window(at, EventHeader.size) else { return nil }
        // The header's fields are inside its window: the reads below cannot fail.
        let stackDepth = Int(header.u16(EventHeader.stackDepth) ?? 0)
        let detailSize = Int(header.u32(EventHeader.detailSize) ?? 0)
        let detailStart = at + EventHeader.size + stackDepth * pointer
        guard let details = b.window(detailStart, detailSize) else { return nil }
        var event = PMLEvent(
            ordinal: ordinal, process: tables.processes[header.u32(EventHeader.processIndex) ?? 0],
            threadID: header.u32(EventHeader.threadID) ?? 0,
            eventClass: PMLEventClass(rawValue: header.u32(EventHeader.eventClass) ?? 0) ?? .unknown,
            operationCode: header.u16(EventHeader.operation) ?? 0, subOperation: 0,
            duration: header.u64(EventHeader.duration) ?? 0, time: header.u64(EventHeader.time) ?? 0,
            result: header.u32(EventHeader.result) ?? 0)
        PMLDetails.read(details, into: &event, pointer: pointer, tables: tables)
        event.detailBytes = details
        event.pointerSize = pointer
        // The extra detail block (results of the operation): at an offset from the event, a u16 size first.
        let extra = Int(header.u32(EventHeader.extraOffset) ?? 0)
        if extra > 0, let size = b.u16(at + extra) { event.extraBytes = b.window(at + extra + 2, Int(size)) }
        return event
    }

    /// An event's fixed header (`size` bytes); the stack trace (`stackDepth` pointers) and the detail block
    /// (`detailSize` bytes) follow it.
    enum EventHeader {
        static let processIndex = 0x00  // u32: the process table's index
        static let threadID = 0x04  // u32
        static let eventClass = 0x08  // u32
        static let operation = 0x0C  // u16
        static let duration = 0x14  // u64, 100 ns units
        static let time = 0x1C  // u64, FILETIME
        static let result = 0x24  // u32
        static let stackDepth = 0x28  // u16
        static let detailSize = 0x2C  // u32
        static let extraOffset = 0x30  // u32, from the event's start; 0: none
        static let size = 0x34
    }
}
