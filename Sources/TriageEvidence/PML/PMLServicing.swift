/// What an expert filters a boot log on: the boot-time servicing processes, the servicing areas of the file
/// system and registry, and who made a process (Microsoft or not).
enum PMLServicing {
    /// Processes that do servicing work at boot and shutdown.
    static let processes: Set<String> = ["trustedinstaller.exe", "tiworker.exe", "poqexec.exe", "smss.exe",
                                         "wininit.exe"]

    static func isServicingProcess(_ name: String) -> Bool { processes.contains(name.lowercased()) }

    /// The servicing area a path lies in, or nil: `pending-xml`, `winsxs`, `servicing`, `transaction-log`,
    /// `component-registry` (the COMPONENTS hive), `cbs-registry` (Component Based Servicing keys),
    /// `driver-registry` (service and driver keys; read by everything, so only failures carry it).
    static func area(_ path: String) -> String? {
        guard path.count > 4 else { return nil }
        let p = path.lowercased()
        if p.hasSuffix("\\winsxs\\pending.xml") || p.contains("\\winsxs\\pending.xml") { return "pending-xml" }
        if p.contains("\\winsxs") { return "winsxs" }
        if p.contains("\\windows\\servicing") { return "servicing" }
        if p.contains("$extend\\$rmmetadata") || p.contains("\\config\\txr") { return "transaction-log" }
        if p.hasPrefix("hklm\\components") { return "component-registry" }
        if p.contains("\\component based servicing") { return "cbs-registry" }
        if p.hasPrefix("hklm\\system\\currentcontrolset\\services\\") || p.hasPrefix("hklm\\system\\controlset001\\services\\") {
            return "driver-registry"
        }
        return nil
    }

    /// `microsoft`, `third-party`, or `unknown` (the capture has no company for the process).
    static func vendor(_ company: String?) -> String {
        guard let company, !company.isEmpty else { return "unknown" }
        return company.lowercased().contains("microsoft") ? "microsoft" : "third-party"
    }

    /// Results that say one party kept another from a file or key.
    static let denials: Set<UInt32> = [0xc0000022, 0xc0000043, 0xc0000054, 0xc0000055, 0xc0000056]
}
