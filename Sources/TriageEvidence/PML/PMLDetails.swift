/// The detail block of an event: where its Path column sits for each class and operation (and, for network
/// events, the addresses it is built from). A block too short for what its operation says leaves the path empty.
enum PMLDetails {
    static func read(_ d: ByteWindow, into e: inout PMLEvent, pointer: Int, tables: PMLTables) {
        switch e.eventClass {
        case .fileSystem:
            e.subOperation = d.u8(0) ?? 0
            let info = 4 + pointer * 5 + 0x14
            path(d, info: info, skip: 2, into: &e)
            if e.operationCode == 32, e.subOperation == 1 { queryDirectory(d, after: info, into: &e) }
        case .registry:
            // Fields between the path's size word and the path itself, by operation.
            let extra: Int
            switch e.operationCode {
            case 0, 1: extra = 6  // RegOpenKey, RegCreateKey: access mask
            case 3, 5: extra = 10  // RegQueryKey, RegQueryValue: length, class
            case 6, 7: extra = 14  // RegEnumValue, RegEnumKey: length, index, class
            case 8: extra = 14  // RegSetInfoKey
            case 4: extra = 14  // RegSetValue: type, length, data length
            case 12, 14: extra = 2  // RegLoadKey, RegRenameKey: the new path's size word
            default: extra = 0
            }
            path(d, info: 0, skip: extra, into: &e)
        case .process:
            switch e.operationCode {
            case 0, 1:  // Process Defined / Create: image path
                guard let s1 = d.u8(0x2C), let s2 = d.u8(0x2D) else { return }
                path(d, info: 0x2E, skip: 4 + Int(s1) + Int(s2), into: &e)
            case 5:  // Load Image: base, size, path
                path(d, info: pointer + 4, skip: 2, into: &e)
            default: return
            }
        case .network:
            network(d, into: &e, tables: tables)
        case .profiling, .unknown:
            return
        }
    }

    /// The string whose size word is at `info`, starting `skip` bytes after that word ends.
    @inline(__always)
    static func path(_ d: ByteWindow, info: Int, skip: Int, into e: inout PMLEvent) {
        guard let word = d.u16(info) else { return }
        let ascii = word & 0x8000 != 0
        let chars = Int(word & 0x7FFF)
        let start = info + 2 + skip
        // A path longer than its block is cut at the block's end.
        guard let s = d.window(start, ascii ? chars : chars * 2) ?? d.suffix(from: start) else { return }
        e.pathBytes = s
        e.pathEnd = start + s.count
        e.pathIsASCII = ascii
    }

    /// QueryDirectory: the filter (a name or pattern) follows the path, and the Path column joins them.
    static func queryDirectory(_ d: ByteWindow, after info: Int, into e: inout PMLEvent) {
        guard let word = d.u16(info), let pathBytes = e.pathBytes else { return }
        let ascii = word & 0x8000 != 0
        let at = info + 4 + pathBytes.count
        guard let filterWord = d.u16(at) else { return }
        let filterASCII = filterWord & 0x8000 != 0
        let chars = Int(filterWord & 0x7FFF)
        guard chars > 0, let f = d.window(at + 2, filterASCII ? chars : chars * 2) else { return }
        let directory = PMLText.detail(pathBytes, isASCII: ascii)
        let filter = PMLText.detail(f, isASCII: filterASCII)
        guard !filter.isEmpty else { return }
        e.builtPath = directory.hasSuffix("\\") ? directory + filter : directory + "\\" + filter
    }

    static func network(_ d: ByteWindow, into e: inout PMLEvent, tables: PMLTables) {
        // Flags (bit 0: source IPv4, bit 1: destination IPv4, bit 2: TCP), then the two 16-byte addresses and the
        // two ports.
        guard let flags = d.u16(0), let src = d.bytes(8, 16), let dst = d.bytes(24, 16),
            let sport = d.u16(40), let dport = d.u16(42)
        else { return }
        e.networkFlags = flags
        let tcp = flags & 4 != 0
        func host(_ ip: [UInt8], v4: Bool) -> String {
            if let name = tables.hosts[ip], !name.isEmpty { return name }
            if v4 { return (0..<4).map { String(ip[$0]) }.joined(separator: ".") }
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(ip[$0]) << 8 | UInt16(ip[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        func port(_ p: UInt16) -> String { tables.ports[UInt32(p) | (tcp ? 1 << 16 : 0)] ?? String(p) }
        e.builtPath =
            "\(host(src, v4: flags & 1 != 0)):\(port(sport)) -> \(host(dst, v4: flags & 2 != 0)):\(port(dport))"
    }
}
