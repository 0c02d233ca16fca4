/// The header of a Process Monitor log: where its tables are, the capture's machine and bitness.
public struct PMLHeader: Sendable, Equatable {
    public var version: UInt32
    public var is64Bit: Bool
    public var computerName: String
    public var systemRoot: String
    public var eventCount: Int
    var eventsOffset: Int
    var eventOffsetsOffset: Int
    var processTableOffset: Int
    var stringTableOffset: Int
    var hostsAndPortsOffset: Int
    public var windowsMajor: UInt32
    public var windowsMinor: UInt32
    public var windowsBuild: UInt32

    static let size = 0x3A8
    static let magic: [UInt8] = Array("PML_".utf8)
    /// Each event has a 5-byte entry in the event offsets array: its u32 file offset, then a flags byte.
    static let eventOffsetEntrySize = 5

    /// Where the header's fields are (u32 unless said otherwise; offsets u64 from the file's start).
    enum Field {
        static let version = 0x04
        static let bitness = 0x08  // nonzero: a 64-bit capture
        static let computerName = 0x0C  // UTF-16LE, computerNameBytes
        static let computerNameBytes = 0x20
        static let systemRoot = 0x2C  // UTF-16LE, systemRootBytes
        static let systemRootBytes = 0x208
        static let eventCount = 0x234
        static let eventsOffset = 0x240
        static let eventOffsetsOffset = 0x248
        static let processTableOffset = 0x250
        static let stringTableOffset = 0x258
        static let windowsMajor = 0x274
        static let windowsMinor = 0x278
        static let windowsBuild = 0x27C
        static let hostsAndPortsOffset = 0x3A0
    }

    init?(_ b: ByteWindow) {
        guard b.count >= Self.size, b.matches(Self.magic, at: 0),
            let version = b.u32(Field.version), let bits = b.u32(Field.bitness), let events = b.u32(Field.eventCount),
            let eventsOffset = Self.offset(b, Field.eventsOffset),
            let offsets = Self.offset(b, Field.eventOffsetsOffset),
            let processes = Self.offset(b, Field.processTableOffset),
            let strings = Self.offset(b, Field.stringTableOffset)
        else { return nil }
        self.version = version
        is64Bit = bits != 0
        computerName = PMLText.utf16(b, at: Field.computerName, byteCount: Field.computerNameBytes)
        systemRoot = PMLText.utf16(b, at: Field.systemRoot, byteCount: Field.systemRootBytes)
        // A count larger than the offsets array the file could hold is cut.
        eventCount = min(Int(events), max(0, (b.count - offsets) / Self.eventOffsetEntrySize))
        self.eventsOffset = eventsOffset
        eventOffsetsOffset = offsets
        processTableOffset = processes
        stringTableOffset = strings
        hostsAndPortsOffset = Self.offset(b, Field.hostsAndPortsOffset) ?? b.count
        windowsMajor = b.u32(Field.windowsMajor) ?? 0
        windowsMinor = b.u32(Field.windowsMinor) ?? 0
        windowsBuild = b.u32(Field.windowsBuild) ?? 0
    }

    /// The u64 file offset at `at` when it lies in the file (as an Int), or nil.
    static func offset(_ b: ByteWindow, _ at: Int) -> Int? {
        guard let v = b.u64(at), v <= UInt64(b.count) else { return nil }
        return Int(v)
    }
}

/// One process of the capture's process table (what every event points to by index).
public struct PMLProcess: Sendable, Equatable {
    public var index: UInt32
    public var pid: UInt32
    public var parentPID: UInt32
    public var session: UInt32
    public var start: UInt64
    public var end: UInt64
    public var is64Bit: Bool
    public var integrity: String
    public var user: String
    public var name: String
    public var imagePath: String
    public var commandLine: String
    public var company: String
    public var version: String
    public var description: String
}

/// The string, process, host and port tables, read once before the events (they are small: one entry per
/// process or distinct string, never per event).
struct PMLTables {
    var processes: [UInt32: PMLProcess] = [:]
    var hosts: [[UInt8]: String] = [:]
    var ports: [UInt32: String] = [:]
    var notes: [String] = []

    /// Most entries read from any one table: a damaged count cannot make the reader loop for long.
    static let maxEntries = 1 << 20

    init(_ b: ByteWindow, header: PMLHeader) {
        let strings = Self.strings(b, at: header.stringTableOffset)
        if strings == nil { notes.append("string table unreadable") }
        readProcesses(b, at: header.processTableOffset, header: header, strings: strings ?? [])
        readHostsAndPorts(b, at: header.hostsAndPortsOffset)
    }

    /// Offsets of every string (decoded only when a process refers to it).
    private static func strings(_ b: ByteWindow, at table: Int) -> [Int]? {
        guard let n = b.u32(table), Int(n) <= min(maxEntries, (b.count - table) / 4) else { return nil }
        var offsets: [Int] = []
        offsets.reserveCapacity(Int(n))
        for i in 0..<Int(n) {
            guard let rel = b.u32(table + 4 + 4 * i) else { return nil }
            offsets.append(table + Int(rel))
        }
        return offsets
    }

    private static func string(_ b: ByteWindow, _ strings: [Int], _ index: UInt32?) -> String {
        guard let index, Int(index) < strings.count else { return "" }
        let at = strings[Int(index)]
        guard let size = b.u32(at) else { return "" }
        return PMLText.utf16(b, at: at + 4, byteCount: Int(size))
    }

    private mutating func readProcesses(_ b: ByteWindow, at table: Int, header: PMLHeader, strings: [Int]) {
        guard let n = b.u32(table), Int(n) <= min(Self.maxEntries, (b.count - table) / 8) else {
            notes.append("process table unreadable")
            return
        }
        var damaged = 0
        for i in 0..<Int(n) {
            guard let rel = b.u32(table + 4 + 4 * Int(n) + 4 * i) else {
                damaged += 1
                continue
            }
            let p = table + Int(rel)
            guard let index = b.u32(p), let pid = b.u32(p + 4), let parent = b.u32(p + 8),
                let session = b.u32(p + 0x18), let start = b.u64(p + 0x20), let end = b.u64(p + 0x28),
                let bits = b.u32(p + 0x34), b.u32(p + 0x54) != nil
            else {
                damaged += 1
                continue
            }
            func s(_ o: Int) -> String { Self.string(b, strings, b.u32(p + o)) }
            processes[index] = PMLProcess(
                index: index, pid: pid, parentPID: parent, session: session, start: start, end: end,
                is64Bit: bits != 0, integrity: s(0x38), user: s(0x3C), name: s(0x40), imagePath: s(0x44),
                commandLine: s(0x48), company: s(0x4C), version: s(0x50), description: s(0x54))
        }
        if damaged > 0 { notes.append("\(damaged) process table entries unreadable") }
    }

    private mutating func readHostsAndPorts(_ b: ByteWindow, at table: Int) {
        guard table < b.count else { return }
        var at = table
        guard let nHosts = b.u32(at) else { return }
        at += 4
        for _ in 0..<min(Int(nHosts), Self.maxEntries) {
            // An IPv6-sized address (16 bytes; IPv4 in the first 4), the name's size, the name.
            guard let ip = b.bytes(at, 16), let len = b.u32(at + 16), b.contains(at + 20, count: Int(len)) else {
                notes.append("host table damaged")
                return
            }
            hosts[ip] = PMLText.utf16(b, at: at + 20, byteCount: Int(len))
            at += 20 + Int(len)
        }
        guard let nPorts = b.u32(at) else { return }
        at += 4
        for _ in 0..<min(Int(nPorts), Self.maxEntries) {
            guard let port = b.u16(at), let tcp = b.u16(at + 2), let len = b.u32(at + 4),
                b.contains(at + 8, count: Int(len))
            else {
                notes.append("port table damaged")
                return
            }
            ports[UInt32(port) | (tcp != 0 ? 1 << 16 : 0)] = PMLText.utf16(b, at: at + 8, byteCount: Int(len))
            at += 8 + Int(len)
        }
    }
}
