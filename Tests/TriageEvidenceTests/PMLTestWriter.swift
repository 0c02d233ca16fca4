import Foundation

/// Writes Process Monitor logs (format 9, as documented by procmon-parser's `docs/PML Format.md`) for tests,
/// rule examples and regression cases: header, events (file system, registry and process), the event
/// offsets array, string and process tables, empty host and port tables. 32- or 64-bit.
struct PMLTestWriter {
    struct Process {
        var pid: UInt32
        var parentPID: UInt32 = 4
        var name: String
        var image: String
        var company = "Microsoft Corporation"
        var description = ""
        var commandLine = ""
        var user = "NT AUTHORITY\\SYSTEM"
    }

    enum Detail {
        case file(operation: UInt16, sub: UInt8 = 0)  // 20 CreateFile, 26 SetInformationFile (sub 0x0d …), …
        case registry(operation: UInt16)  // 0 RegOpenKey, 1 RegCreateKey, 4 RegSetValue, …
        case processStart, processExit
        case processCreate(childPID: UInt32)
    }

    struct Event {
        var process: Int  // index into `processes`
        var detail: Detail
        var path: String = ""
        var result: UInt32 = 0
        var time: UInt64
        var thread: UInt32 = 100
        var duration: UInt64 = 10
    }

    var is64Bit = true
    var computer = "BOOT-PC"
    var processes: [Process] = []
    var events: [Event] = []

    static let accessDenied: UInt32 = 0xc000_0022
    static let sharingViolation: UInt32 = 0xc000_0043
    static let nameNotFound: UInt32 = 0xc000_0034

    /// FILETIME of a UTC date and time.
    static func fileTime(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, ticks: UInt64 = 0) -> UInt64 {
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let unix = UInt64(calendar.date(from: c)!.timeIntervalSince1970)
        return (unix + 11_644_473_600) * 10_000_000 + ticks
    }

    func bytes() -> [UInt8] {
        let pointer = is64Bit ? 8 : 4
        var strings: [String] = [""]
        var stringIndex: [String: UInt32] = ["": 0]
        func intern(_ s: String) -> UInt32 {
            if let i = stringIndex[s] { return i }
            stringIndex[s] = UInt32(strings.count)
            strings.append(s)
            return UInt32(strings.count - 1)
        }
        var out = [UInt8](repeating: 0, count: 0x3A8)
        // Events.
        let eventsStart = out.count
        var offsets: [Int] = []
        for e in events {
            offsets.append(out.count)
            let (cls, op, detail) = Self.detail(e, pointer: pointer)
            out +=
                Self.u32(UInt32(e.process)) + Self.u32(e.thread) + Self.u32(cls) + Self.u16(op)
                + [UInt8](repeating: 0, count: 6)
            out += Self.u64(e.duration) + Self.u64(e.time) + Self.u32(e.result) + Self.u16(0) + Self.u16(0)
            out += Self.u32(UInt32(detail.count)) + Self.u32(0) + detail
        }
        // Event offsets: 5 bytes each.
        let offsetsStart = out.count
        for o in offsets { out += Self.u32(UInt32(o)) + [0] }
        // Process table (before the strings, so every string is interned).
        var records: [[UInt8]] = []
        for (i, p) in processes.enumerated() {
            var r = Self.u32(UInt32(i)) + Self.u32(p.pid) + Self.u32(p.parentPID) + Self.u32(0)
            r += Self.u64(0x3e7) + Self.u32(0) + Self.u32(0) + Self.u64(0) + Self.u64(0)
            r += Self.u32(0) + Self.u32(is64Bit ? 1 : 0)
            for s in ["System", p.user, p.name, p.image, p.commandLine, p.company, "", p.description] {
                r += Self.u32(intern(s))
            }
            r += Self.u32(0) + Self.u32(0) + [UInt8](repeating: 0, count: pointer) + Self.u32(0)
            records.append(r)
        }
        let processStart = out.count
        let n = processes.count
        out += Self.u32(UInt32(n))
        for i in 0..<n { out += Self.u32(UInt32(i)) }
        var rel = 4 + 8 * n
        for r in records {
            out += Self.u32(UInt32(rel))
            rel += r.count
        }
        for r in records { out += r }
        // String table.
        let stringStart = out.count
        out += Self.u32(UInt32(strings.count))
        var at = 4 + 4 * strings.count
        let encoded = strings.map { Self.utf16($0) + [0, 0] }
        for e in encoded {
            out += Self.u32(UInt32(at))
            at += 4 + e.count
        }
        for e in encoded { out += Self.u32(UInt32(e.count)) + e }
        // Hosts and ports: none.
        let hostsStart = out.count
        out += Self.u32(0) + Self.u32(0)
        // Header.
        func put(_ at: Int, _ b: [UInt8]) { out.replaceSubrange(at..<(at + b.count), with: b) }
        put(0, Array("PML_".utf8))
        put(4, Self.u32(9))
        put(8, Self.u32(is64Bit ? 1 : 0))
        put(0x0C, Array(Self.utf16(computer).prefix(0x1E)))
        put(0x2C, Self.utf16("C:\\Windows"))
        put(0x234, Self.u32(UInt32(events.count)))
        put(0x240, Self.u64(UInt64(eventsStart)))
        put(0x248, Self.u64(UInt64(offsetsStart)))
        put(0x250, Self.u64(UInt64(processStart)))
        put(0x258, Self.u64(UInt64(stringStart)))
        put(0x274, Self.u32(10) + Self.u32(0) + Self.u32(19045))
        put(0x38C, Self.u32(2))
        put(0x398, Self.u64(UInt64(eventsStart)))
        put(0x3A0, Self.u64(UInt64(hostsStart)))
        return out
    }

    /// Class, operation code and detail block of an event.
    static func detail(_ e: Event, pointer: Int) -> (UInt32, UInt16, [UInt8]) {
        let path = utf16(e.path)
        let info = u16(UInt16(e.path.utf16.count))
        switch e.detail {
        case .file(let op, let sub):
            return (3, op, [sub, 0, 0, 0] + [UInt8](repeating: 0, count: pointer * 5 + 0x14) + info + u16(0) + path)
        case .registry(let op):
            let extra: Int
            switch op {
            case 0, 1: extra = 6
            case 3, 5: extra = 10
            case 4, 6, 7, 8: extra = 14
            case 12, 14: extra = 2
            default: extra = 0
            }
            return (2, op, info + [UInt8](repeating: 0, count: extra) + path)
        case .processStart:
            return (1, 7, u32(4) + [UInt8](repeating: 0, count: 8))
        case .processExit:
            return (1, 2, [UInt8](repeating: 0, count: 4 + 8 * 6))
        case .processCreate(let child):
            return (
                1, 1, u32(0) + u32(child) + [UInt8](repeating: 0, count: 0x24) + [0, 0] + info + u16(0) + u16(0) + path
            )
        }
    }

    static func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { u16($0) } }
}
