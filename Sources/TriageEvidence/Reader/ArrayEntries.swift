import TriageCore

// Entries into the reader's pipelines for bytes held in an array (a trace decoded to text, a member read into
// memory, a fuzzing input): the callers outside the kernel hand values, the raw pointers stay here.

extension TextPipeline {
    /// `bytes` (after the byte-order mark), as if read from a file.
    func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }
}

extension StreamScanner {
    /// `bytes` in chunks of `chunkSize`, as a file or a member arrives.
    mutating func feed(_ bytes: [UInt8], chunkSize: Int) {
        bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(all.count, offset + chunkSize)
                feed(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                offset = end
            }
        }
    }
}

extension BinaryPipeline {
    /// A binary input held in memory.
    static func decode(
        _ bytes: [UInt8], path: String, kind: LogKind, decoder: any BinaryLogDecoder,
        limits: InputLimits, signatures: [LineSignature]
    ) -> SourceOutcome {
        bytes.withUnsafeBytes {
            decode($0, path: path, kind: kind, decoder: decoder, limits: limits, signatures: signatures)
        }
    }
}
