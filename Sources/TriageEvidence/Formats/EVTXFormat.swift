import TriageCore

extension LogKind {
    /// Binary Windows event log.
    public static let evtx = LogKind(rawValue: "evtx")
}

extension LogFormat {
    /// Windows XML Event Log (`.evtx`): file header `ElfFile\0`.
    static let evtx = LogFormat(
        kind: .evtx, names: [.suffix(".evtx", priority: 0)], magic: Array("ElfFile\0".utf8),
        reader: .binary(EVTXDecoder()),
        factKinds: ["error-code", "install-attempt", "machine", "source-collected", "signature"])
}
