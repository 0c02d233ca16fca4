/// What an expert filters a boot log on: the boot-time servicing processes, the servicing areas of the file
/// system and registry, and who made a process (Microsoft or not).
enum PMLServicing {
    /// Processes that do servicing work at boot and shutdown.
    static let processes: Set<String> = [
        "trustedinstaller.exe", "tiworker.exe", "poqexec.exe", "smss.exe",
        "wininit.exe"
    ]

    static func isServicingProcess(_ name: String) -> Bool { processes.contains(name.lowercased()) }

    /// The servicing area a path lies in, or nil: `pending-xml`, `winsxs`, `servicing`, `transaction-log`,
    /// `component-registry` (the COMPONENTS hive), `cbs-registry` (Component Based Servicing keys),
    /// `driver-registry` (service and driver keys; read by everything, so only failures carry it).
    static func area(_ path: String) -> String? {
        area(folded: path.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }

    /// ``area(_:)`` over the path's bytes as the event holds them (ASCII or UTF-16LE), folded to lower-case
    /// ASCII in `scratch` (other characters become `?`): no String is made for the many paths in no area.
    static func area(bytes: ByteWindow, ascii: Bool, scratch: inout [UInt8]) -> String? {
        scratch.removeAll(keepingCapacity: true)
        bytes.appendFoldedASCII(utf16: !ascii, to: &scratch)
        return area(folded: scratch)
    }

    private static let needles: [(needle: [UInt8], area: String, prefix: Bool)] = [
        (Array("\\winsxs\\pending.xml".utf8), "pending-xml", false),
        (Array("\\winsxs".utf8), "winsxs", false),
        (Array("\\windows\\servicing".utf8), "servicing", false),
        (Array("$extend\\$rmmetadata".utf8), "transaction-log", false),
        (Array("\\config\\txr".utf8), "transaction-log", false),
        (Array("hklm\\components".utf8), "component-registry", true),
        (Array("\\component based servicing".utf8), "cbs-registry", false),
        (Array("hklm\\system\\currentcontrolset\\services\\".utf8), "driver-registry", true),
        (Array("hklm\\system\\controlset001\\services\\".utf8), "driver-registry", true)
    ]

    static func area(folded p: [UInt8]) -> String? {
        guard p.count > 4 else { return nil }
        return ByteWindow.over(p) { path in
            for (needle, area, prefix) in needles where needle.count <= path.count {
                if prefix {
                    if path.matches(needle, at: 0) { return area }
                    continue
                }
                // Each place the needle's first byte occurs, up to the last start that leaves room for it.
                let starts = 0..<(path.count - needle.count + 1)
                var from = starts.lowerBound
                while let at = path.firstIndex(of: needle[0], in: from..<starts.upperBound) {
                    if path.matches(needle, at: at) { return area }
                    from = at + 1
                }
            }
            return nil
        }
    }

    /// `microsoft`, `third-party`, or `unknown` (the capture has no company for the process).
    static func vendor(_ company: String?) -> String {
        guard let company, !company.isEmpty else { return "unknown" }
        return company.lowercased().contains("microsoft") ? "microsoft" : "third-party"
    }

    /// Results that say one party kept another from a file or key.
    static let denials: Set<UInt32> = [0xc000_0022, 0xc000_0043, 0xc000_0054, 0xc000_0055, 0xc000_0056]
}
