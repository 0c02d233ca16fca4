internal import CShim

/// One raw-deflate stream being decoded (zlib through CShim). Every call passes the real length of its
/// input, so a stream cut short ends in "needs more input", never in a read past the buffer.
final class RawInflater {
    enum Step: Equatable { case needsMore, ended, damaged }

    private let state: OpaquePointer

    init?() {
        guard let state = cshim_inflater_new() else { return nil }
        self.state = state
    }

    deinit { cshim_inflater_free(state) }

    /// Decodes from `input` into `output`: how many input bytes were used, output bytes written, and whether
    /// the stream ended.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        -> (consumed: Int, produced: Int, step: Step)
    {
        var consumed = 0
        var produced = 0
        let status = cshim_inflate(
            state, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count,
            output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count,
            &consumed, &produced)
        return (consumed, produced, status == 1 ? .ended : status == 0 ? .needsMore : .damaged)
    }

    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return cshim_crc32(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
}
