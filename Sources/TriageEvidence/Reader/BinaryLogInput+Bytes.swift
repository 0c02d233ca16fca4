import TriageCore

extension BinaryLogInput {
    /// A decoder's input over raw memory: made by the kernel (``BinaryPipeline``) from the mapped or loaded file.
    init(bytes: UnsafeRawBufferPointer, signatures: [LineSignature], limits: InputLimits) {
        self.init(window: ByteWindow(bytes), signatures: signatures, limits: limits)
    }
}
