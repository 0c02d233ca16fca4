import TriageCore

extension BinaryLogInput {
    /// The file's bytes as raw memory: only for the decoders that do not read a ``window`` yet (the lead removes
    /// it once none does).
    public var bytes: UnsafeRawBufferPointer { window.withRawBytes { $0 } }

    public init(bytes: UnsafeRawBufferPointer, signatures: [LineSignature], limits: InputLimits) {
        self.init(window: ByteWindow(bytes), signatures: signatures, limits: limits)
    }
}
