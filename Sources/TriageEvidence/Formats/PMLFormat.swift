import TriageCore

extension LogKind {
    /// Process Monitor log (boot logs: procmon-boot-logging).
    public static let pml = LogKind(rawValue: "pml")
}

extension LogFormat {
    /// Process Monitor log (`.PML`, e.g. a boot log `boot_log.pml`): header `PML_`.
    static let pml = LogFormat(
        kind: .pml, names: [.suffix(".pml", priority: 0)], magic: Array("PML_".utf8),
        reader: .binary(PMLDecoder()),
        factKinds: [
            "procmon-failure", "procmon-process-start", "procmon-process-exit",
            "procmon-servicing-access", "source-collected"
        ])
}
