/// The Detail column of an event, as Process Monitor's CSV export writes it, for the operations decoded here:
/// Process Create / Defined (`PID: 6564, Command line: …`), Process Start (parent PID, command line, current
/// directory, environment), Process Exit, Thread Create / Exit, Load Image, ReadFile and WriteFile (offset,
/// length, I/O flags, priority). Layouts as the procmon-parser project documents them; every read is bounded,
/// and a block too short for its operation gives nil.
enum PMLDetailText {
    static func text(_ e: PMLEvent) -> String? {
        guard let raw = e.detailBytes else { return nil }
        let d = PMLBytes(raw: raw)
        switch e.eventClass {
        case .process: return process(e, d)
        case .fileSystem where e.operationCode == 23 || e.operationCode == 24: return readWrite(e, d)
        default: return nil
        }
    }

    static func process(_ e: PMLEvent, _ d: PMLBytes) -> String? {
        switch e.operationCode {
        case 0, 1:                              // Process Defined / Create
            guard let pid = d.u32(4), let s1 = d.u8(0x2C), let s2 = d.u8(0x2D),
                  let pathInfo = d.u16(0x2E), let commandInfo = d.u16(0x30) else { return nil }
            let pathStart = 0x34 + Int(s1) + Int(s2)
            let (_, afterPath) = string(d, at: pathStart, info: pathInfo)
            let (command, end) = string(d, at: afterPath, info: commandInfo)
            guard end <= d.count else { return nil }
            return "PID: \(pid), Command line: \(command)"
        case 7:                                 // Process Start
            guard let parent = d.u32(0), let commandInfo = d.u16(4), let directoryInfo = d.u16(6),
                  let envChars = d.u32(8) else { return nil }
            let (command, afterCommand) = string(d, at: 12, info: commandInfo)
            let (directory, afterDirectory) = string(d, at: afterCommand, info: directoryInfo)
            guard afterDirectory <= d.count else { return nil }
            let envBytes = min(Int(envChars) * 2, d.count - afterDirectory)
            var out = "Parent PID: \(parent), Command line: \(command), Current directory: \(directory), Environment: "
            // Entries as the CSV export separates them: a carriage return, then ";" and a tab.
            for entry in multiString(d.slice(afterDirectory, envBytes)) { out += "\r;\t" + entry }
            return out
        case 2, 8:                              // Process Exit, Process Statistics
            guard let status = d.u32(0), let kernel = d.u64(4), let user = d.u64(12), let workingSet = d.u64(20),
                  let peakWorkingSet = d.u64(28), let privateBytes = d.u64(36), let peakPrivate = d.u64(44)
            else { return nil }
            return "Exit Status: \(Int32(bitPattern: status)), User Time: \(seconds(user)) seconds, "
                + "Kernel Time: \(seconds(kernel)) seconds, Private Bytes: \(grouped(privateBytes)), "
                + "Peak Private Bytes: \(grouped(peakPrivate)), Working Set: \(grouped(workingSet)), "
                + "Peak Working Set: \(grouped(peakWorkingSet))"
        case 3:                                 // Thread Create
            return d.u32(0).map { "Thread ID: \($0)" }
        case 4:                                 // Thread Exit
            guard let kernel = d.u64(4), let user = d.u64(12) else { return nil }
            return "Thread ID: \(e.threadID), User Time: \(seconds(user)), Kernel Time: \(seconds(kernel))"
        case 5:                                 // Load Image
            let base = e.pointerSize == 8 ? d.u64(0) : d.u32(0).map(UInt64.init)
            guard let base, let size = d.u32(e.pointerSize) else { return nil }
            return "Image Base: 0x\(String(base, radix: 16)), Image Size: 0x\(String(size, radix: 16))"
        default:
            return nil
        }
    }

    /// ReadFile / WriteFile: the parameters block starts after the sub-operation byte and its padding.
    static func readWrite(_ e: PMLEvent, _ d: PMLBytes) -> String? {
        let wide = e.pointerSize == 8
        guard let flagsAndPriority = d.u32(4 + 4), var length = d.u32(4 + 12),
              let offset = d.u64(4 + (wide ? 28 : 20)) else { return nil }
        if let extra = e.extraBytes, let transferred = PMLBytes(raw: extra).u32(0) { length = transferred }
        var out = "Offset: \(groupedSigned(Int64(bitPattern: offset))), Length: \(grouped(UInt64(length)))"
        let flags = flagsAndPriority & 0xE0_00FF
        if flags != 0 {
            let names = ioFlags.filter { flags & $0.bit == $0.bit }.map(\.name)
            if !names.isEmpty { out += ", I/O Flags: " + names.joined(separator: ", ") }
        }
        let priority = (flagsAndPriority >> 17) & 7
        if priority != 0 {
            let name = priority < priorities.count ? priorities[Int(priority)] : "0x" + String(priority, radix: 16)
            out += ", Priority: " + name
        }
        return out
    }

    /// I/O flag names in the order the Detail column lists them.
    static let ioFlags: [(bit: UInt32, name: String)] = [
        (0x10, "Buffered"), (0x1, "Non-cached"), (0x2, "Paging I/O"), (0x4, "Synchronous"),
        (0x40, "Synchronous Paging I/O"), (0x40_0000, "Write Through"),
    ]
    static let priorities = ["", "Very Low", "Low", "Normal", "High", "Critical"]

    /// A detail string whose info word (bit 15: ASCII; the rest: characters) was read before it, and where it ends.
    static func string(_ d: PMLBytes, at start: Int, info: UInt16) -> (String, Int) {
        let ascii = info & 0x8000 != 0
        let bytes = Int(info & 0x7FFF) * (ascii ? 1 : 2)
        guard let s = d.slice(start, bytes) else { return ("", start + bytes) }
        return (PMLText.detail(s, isASCII: ascii), start + bytes)
    }

    /// UTF-16LE strings separated by NULs, up to the empty one.
    static func multiString(_ s: UnsafeRawBufferPointer?) -> [String] {
        guard let s else { return [] }
        var out: [String] = [], units: [UInt16] = []
        var i = 0
        while i + 1 < s.count {
            let u = UInt16(s[i]) | UInt16(s[i + 1]) << 8
            i += 2
            if u != 0 { units.append(u); continue }
            if units.isEmpty { break }
            out.append(String(decoding: units, as: UTF16.self))
            units.removeAll(keepingCapacity: true)
        }
        if !units.isEmpty { out.append(String(decoding: units, as: UTF16.self)) }
        return out
    }

    /// 100 ns units as seconds with seven decimals (`0.0312500`).
    static func seconds(_ ticks: UInt64) -> String {
        let whole = ticks / 10_000_000, fraction = String(ticks % 10_000_000)
        return "\(whole)." + String(repeating: "0", count: 7 - fraction.count) + fraction
    }

    /// `2666496` → `2,666,496`.
    static func grouped(_ n: UInt64) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func groupedSigned(_ n: Int64) -> String { n < 0 ? "-" + grouped(n.magnitude) : grouped(UInt64(n)) }
}
