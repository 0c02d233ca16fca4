import TriageCore

extension LogKind {
    /// `setupapi.dev.log`: device and driver installs.
    public static let setupAPI = LogKind(rawValue: "setupapi")
}

/// SetupAPI's device-install text log (`C:\Windows\INF\setupapi.dev.log`; Windows Setup's driver installs in the
/// first boot land here too). Sections open with `>>>  [title - instance]` and `>>>  Section start <time>` and
/// close with `<<<  Section end <time>` and `<<<  [Exit status: …]` (``SetupAPIExtractor``).
extension LogFormat {
    static let setupAPI = LogFormat(
        kind: .setupAPI, names: [.contains("setupapi", priority: 12)],
        content: .lines(.setupAPI) { line in
            guard line.count > 6, line[0] == 0x3E || line[0] == 0x3C,
                line[1] == line[0], line[2] == line[0], line[3] == 0x20
            else { return nil }
            if line.contains("Section start") { return 10 }
            if line.contains("[Exit status") || line.contains("[Exit Status") { return 10 }
            return nil
        },
        reader: .lines { SetupAPIExtractor() },
        factKinds: ["collector", "source-collected", FactKind.deviceInstallFailure])
}
