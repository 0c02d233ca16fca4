/// The Detail column of an event, as Process Monitor's CSV export writes it, for the operations decoded here:
/// Process Create / Defined (`PID: 6564, Command line: …`), Process Start (parent PID, command line, current
/// directory, environment), Process Exit, Thread Create / Exit, Load Image, ReadFile and WriteFile (offset,
/// length, I/O flags, priority). Layouts as the procmon-parser project documents them; every read is bounded,
/// and a block too short for its operation gives nil.
enum PMLDetailText {
    static func text(_ e: PMLEvent) -> String? {
        guard let d = e.detailBytes else { return nil }
        switch e.eventClass {
        case .process: return process(e, d)
        case .fileSystem where e.operationCode == 23 || e.operationCode == 24: return readWrite(e, d)
        case .fileSystem where e.operationCode == 20: return createFile(e, d)
        case .registry where e.operationCode <= 1: return openKey(e, d)
        case .registry where e.operationCode == 5: return queryValue(e, d)
        default: return nil
        }
    }

    static func process(_ e: PMLEvent, _ d: ByteWindow) -> String? {
        switch e.operationCode {
        case 0, 1:  // Process Defined / Create
            guard let pid = d.u32(4), let s1 = d.u8(0x2C), let s2 = d.u8(0x2D),
                let pathInfo = d.u16(0x2E), let commandInfo = d.u16(0x30)
            else { return nil }
            let pathStart = 0x34 + Int(s1) + Int(s2)
            let (_, afterPath) = string(d, at: pathStart, info: pathInfo)
            let (command, end) = string(d, at: afterPath, info: commandInfo)
            guard end <= d.count else { return nil }
            return "PID: \(pid), Command line: \(command)"
        case 7:  // Process Start
            guard let parent = d.u32(0), let commandInfo = d.u16(4), let directoryInfo = d.u16(6),
                let envChars = d.u32(8)
            else { return nil }
            let (command, afterCommand) = string(d, at: 12, info: commandInfo)
            let (directory, afterDirectory) = string(d, at: afterCommand, info: directoryInfo)
            guard afterDirectory <= d.count else { return nil }
            let envBytes = min(Int(envChars) * 2, d.count - afterDirectory)
            var out = "Parent PID: \(parent), Command line: \(command), Current directory: \(directory), Environment: "
            // Entries as the CSV export separates them: a carriage return, then ";" and a tab.
            for entry in multiString(d.window(afterDirectory, envBytes)) { out += "\r;\t" + entry }
            return out
        case 2, 8:  // Process Exit, Process Statistics
            guard let status = d.u32(0), let kernel = d.u64(4), let user = d.u64(12), let workingSet = d.u64(20),
                let peakWorkingSet = d.u64(28), let privateBytes = d.u64(36), let peakPrivate = d.u64(44)
            else { return nil }
            return "Exit Status: \(Int32(bitPattern: status)), User Time: \(seconds(user)) seconds, "
                + "Kernel Time: \(seconds(kernel)) seconds, Private Bytes: \(grouped(privateBytes)), "
                + "Peak Private Bytes: \(grouped(peakPrivate)), Working Set: \(grouped(workingSet)), "
                + "Peak Working Set: \(grouped(peakWorkingSet))"
        case 3:  // Thread Create
            return d.u32(0).map { "Thread ID: \($0)" }
        case 4:  // Thread Exit
            guard let kernel = d.u64(4), let user = d.u64(12) else { return nil }
            return "Thread ID: \(e.threadID), User Time: \(seconds(user)), Kernel Time: \(seconds(kernel))"
        case 5:  // Load Image
            let base = e.pointerSize == 8 ? d.u64(0) : d.u32(0).map(UInt64.init)
            guard let base, let size = d.u32(e.pointerSize) else { return nil }
            return "Image Base: 0x\(String(base, radix: 16)), Image Size: 0x\(String(size, radix: 16))"
        default:
            return nil
        }
    }

    /// ReadFile / WriteFile: the parameters block starts after the sub-operation byte and its padding.
    static func readWrite(_ e: PMLEvent, _ d: ByteWindow) -> String? {
        let wide = e.pointerSize == 8
        guard let flagsAndPriority = d.u32(4 + 4), var length = d.u32(4 + 12),
            let offset = d.u64(4 + (wide ? 28 : 20))
        else { return nil }
        if let transferred = e.extraBytes?.u32(0) { length = transferred }
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

    /// CreateFile: desired access (after the path), then disposition, options, attributes, share mode and
    /// allocation size from the parameters block, and the open result from the extra block. An impersonated
    /// caller (a SID in the block) is not decoded: nil.
    static func createFile(_ e: PMLEvent, _ d: ByteWindow) -> String? {
        guard e.pathBytes != nil else { return nil }
        let pathEnd = e.pathEnd
        let wide = e.pointerSize == 8
        guard let access = d.u32(pathEnd), let sidLength = d.u8(pathEnd + 4), sidLength == 0,
            let dispositionAndOptions = d.u32(wide ? 24 : 20), let attributes = d.u16(wide ? 32 : 24),
            let share = d.u16(wide ? 34 : 26), let allocation = d.u32(wide ? 56 : 40)
        else { return nil }
        let disposition = dispositionAndOptions >> 24
        let dispositions = ["Supersede", "Open", "Create", "OpenIf", "Overwrite", "OverwriteIf"]
        var out = "Desired Access: " + fileAccessText(access)
        out += ", Disposition: " + (disposition < 6 ? dispositions[Int(disposition)] : "<unknown>")
        out += ", Options: " + names(dispositionAndOptions & 0xFF_FFFF, createOptions, separator: ", ")
        out += ", Attributes: " + (attributes == 0 ? "n/a" : names(UInt32(attributes), fileAttributes, separator: ""))
        out +=
            ", ShareMode: "
            + (share == 0 ? "None" : names(UInt32(share), [(1, "Read"), (2, "Write"), (4, "Delete")], separator: ", "))
        out += ", AllocationSize: " + ([0, 2, 3, 5].contains(disposition) ? grouped(UInt64(allocation)) : "n/a")
        if let result = e.extraBytes?.u32(0) {
            let results = ["Superseded", "Opened", "Created", "Overwritten", "Exists", "DoesNotExist"]
            out += ", OpenResult: " + (result < 6 ? results[Int(result)] : "<unknown>")
        }
        return out
    }

    /// Names of the bits of `mask`, in table order, each entry taking its bits.
    static func names(_ mask: UInt32, _ table: [(UInt32, String)], separator: String) -> String {
        var mask = mask
        var out: [String] = []
        for (bits, name) in table where mask & bits == bits {
            out.append(name)
            mask &= ~bits
        }
        return out.joined(separator: separator)
    }

    static func fileAccessText(_ value: UInt32) -> String {
        rightsText(value, generic: (read: 0x120089, write: 0x120116, execute: 0x1200A0, all: 0x1F01FF), fileRights)
    }

    /// An access mask as the Detail column names it: the generic rights (bits 31 to 28) mapped to the object's
    /// specific rights first, then the named combinations and single rights in table order, each taking its bits.
    static func rightsText(
        _ value: UInt32, generic: (read: UInt32, write: UInt32, execute: UInt32, all: UInt32),
        _ table: [(UInt32, String)]
    ) -> String {
        var mask = value
        if mask & 0x8000_0000 != 0 { mask |= generic.read }
        if mask & 0x4000_0000 != 0 { mask |= generic.write }
        if mask & 0x2000_0000 != 0 { mask |= generic.execute }
        if mask & 0x1000_0000 != 0 { mask |= generic.all }
        let text = names(mask, table, separator: ", ")
        return text.isEmpty ? "None 0x" + String(mask, radix: 16) : text
    }

    static let commonRights: [(UInt32, String)] = [
        (0x10000, "Delete"), (0x20000, "Read Control"), (0x40000, "Write DAC"), (0x80000, "Write Owner"),
        (0x100000, "Synchronize"), (0x1000000, "Access System Security"), (0x2000000, "Maximum Allowed")
    ]
    static let fileRights: [(UInt32, String)] =
        [
            (0x1F01FF, "All Access"), (0x1201BF, "Generic Read/Write/Execute"), (0x12019F, "Generic Read/Write"),
            (0x1200A9, "Generic Read/Execute"), (0x1201B6, "Generic Write/Execute"), (0x120089, "Generic Read"),
            (0x120116, "Generic Write"), (0x1200A0, "Generic Execute"), (0x1, "Read Data/List Directory"),
            (0x2, "Write Data/Add File"), (0x4, "Append Data/Add Subdirectory/Create Pipe Instance"), (0x8, "Read EA"),
            (0x10, "Write EA"), (0x20, "Execute/Traverse"), (0x40, "Delete Child"), (0x80, "Read Attributes"),
            (0x100, "Write Attributes")
        ] + commonRights
    static let createOptions: [(UInt32, String)] = [
        (0x1, "Directory"), (0x2, "Write Through"), (0x4, "Sequential Access"), (0x8, "No Buffering"),
        (0x10, "Synchronous IO Alert"), (0x20, "Synchronous IO Non-Alert"), (0x40, "Non-Directory File"),
        (0x80, "Create Tree Connection"), (0x100, "Complete If Oplocked"), (0x200, "No EA Knowledge"),
        (0x400, "Open for Recovery"), (0x800, "Random Access"), (0x1000, "Delete On Close"), (0x2000, "Open By ID"),
        (0x4000, "Open For Backup"), (0x8000, "No Compression"), (0x100000, "Reserve OpFilter"),
        (0x200000, "Open Reparse Point"), (0x400000, "Open No Recall"), (0x800000, "Open For Free Space Query"),
        (0x10000, "Open Requiring Oplock"), (0x20000, "Disallow Exclusive")
    ]
    static let fileAttributes: [(UInt32, String)] = [
        (0x1, "R"), (0x2, "H"), (0x4, "S"), (0x10, "D"), (0x20, "A"), (0x40, "D"), (0x80, "N"), (0x100, "T"),
        (0x200, "SF"), (0x400, "RP"), (0x800, "C"), (0x1000, "O"), (0x2000, "NCI"), (0x4000, "E"), (0x10000, "V")
    ]

    /// RegOpenKey / RegCreateKey: the desired access; from the extra block, the granted access (when the maximum
    /// allowed was asked for) and the disposition.
    static func openKey(_ e: PMLEvent, _ d: ByteWindow) -> String? {
        guard let desired = d.u32(4) else { return nil }
        guard desired != 0 else { return "" }
        let desiredText = accessText(desired)
        var out = "Desired Access: " + desiredText
        guard let extra = e.extraBytes else { return out }
        if desiredText == "Maximum Allowed" {
            guard let granted = extra.u32(0) else { return out }
            out += ", Granted Access: " + accessText(granted)
        }
        switch extra.u32(4) {
        case 1?: out += ", Disposition: REG_CREATED_NEW_KEY"
        case 2?: out += ", Disposition: REG_OPENED_EXISTING_KEY"
        default: break
        }
        return out
    }

    /// RegQueryValue: the buffer length when no result came back; else type, length and, for numbers and
    /// strings, the data (other types: nil, not decoded).
    static func queryValue(_ e: PMLEvent, _ d: ByteWindow) -> String? {
        guard let length = d.u32(4), let infoClass = d.u32(8) else { return nil }
        guard let extra = e.extraBytes else { return "Length: " + grouped(UInt64(length)) }
        guard let type = extra.u32(4) else { return nil }
        let typeName = type < registryTypes.count ? registryTypes[Int(type)] : "<Unknown: \(type)>"
        let dataAt: Int
        let valueLength: UInt32
        switch infoClass {
        case 2:  // KeyValuePartialInformation
            guard let n = extra.u32(8) else { return nil }
            (dataAt, valueLength) = (12, n)
        default:
            return nil
        }
        var out = "Type: \(typeName), Length: " + grouped(UInt64(valueLength))
        guard valueLength > 0 else { return out }
        switch type {
        case 4:
            guard let v = extra.u32(dataAt) else { return nil }
            out += ", Data: \(v)"
        case 11: out += ", Data: "  // Process Monitor 3.53 leaves a REG_QWORD's data out
        case 1, 2:
            guard let s = extra.suffix(from: dataAt) else { return nil }
            out += ", Data: " + s.utf16(0, byteCount: s.count)
        default: return nil
        }
        return out
    }

    static let registryTypes = [
        "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN",
        "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR",
        "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"
    ]

    /// A registry access mask as the Detail column names it (``rightsText(_:generic:_:)``).
    static func accessText(_ value: UInt32) -> String {
        rightsText(value, generic: (read: 0x20019, write: 0x20006, execute: 0x20019, all: 0xF003F), registryRights)
    }

    static let registryRights: [(UInt32, String)] =
        [
            (0xF003F, "All Access"), (0x2001F, "Read/Write"), (0x20019, "Read"), (0x20006, "Write"),
            (0x1, "Query Value"),
            (0x2, "Set Value"), (0x4, "Create Sub Key"), (0x8, "Enumerate Sub Keys"), (0x10, "Notify"),
            (0x20, "Create Link"),
            (0x300, "WOW64_Res"), (0x200, "WOW64_32Key"), (0x100, "WOW64_64Key")
        ] + commonRights

    /// I/O flag names in the order the Detail column lists them.
    static let ioFlags: [(bit: UInt32, name: String)] = [
        (0x10, "Buffered"), (0x1, "Non-cached"), (0x2, "Paging I/O"), (0x4, "Synchronous"),
        (0x40, "Synchronous Paging I/O"), (0x40_0000, "Write Through")
    ]
    static let priorities = ["", "Very Low", "Low", "Normal", "High", "Critical"]

    /// A detail string whose info word (bit 15: ASCII; the rest: characters) was read before it, and where it ends.
    static func string(_ d: ByteWindow, at start: Int, info: UInt16) -> (String, Int) {
        let ascii = info & 0x8000 != 0
        let bytes = Int(info & 0x7FFF) * (ascii ? 1 : 2)
        guard let s = d.window(start, bytes) else { return ("", start + bytes) }
        return (PMLText.detail(s, isASCII: ascii), start + bytes)
    }

    /// UTF-16LE strings separated by NULs, up to the empty one.
    static func multiString(_ s: ByteWindow?) -> [String] {
        guard let s else { return [] }
        var out: [String] = []
        var start = 0
        var i = 0
        while i + 1 < s.count {
            if s.byte(i) == 0, s.byte(i + 1) == 0 {
                if i == start { return out }
                out.append(s.utf16(start, byteCount: i - start))
                start = i + 2
            }
            i += 2
        }
        if start < i { out.append(s.utf16(start, byteCount: i - start)) }
        return out
    }

    /// 100 ns units as seconds with seven decimals (`0.0312500`).
    static func seconds(_ ticks: UInt64) -> String {
        let whole = ticks / 10_000_000
        let fraction = String(ticks % 10_000_000)
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
