import Foundation
import TriageCore

/// Why inflating a member stopped.
struct ZipMemberFailure: Error {
    var reason: String
}

extension Error {
    /// The skip reason for a member that failed while being read.
    var reason: String {
        if let failure = self as? ZipMemberFailure { return failure.reason }
        if let failure = self as? ArchiveReadFailure { return "corrupt member: \(failure.reason)" }
        return "corrupt member: \(self)"
    }
}

/// Inflates members in memory, chunk by chunk, straight from the archive's bytes at the offsets of the
/// central directory (``ZipDirectory``), enforcing the limits on the bytes actually produced (a member's
/// declared sizes may lie). Deflate is decoded by zlib (``RawInflater``); the archive is never read whole and
/// an encrypted member elsewhere in it changes nothing for the others.
enum ZipMemberReader {
    static let chunkBytes = 256 << 10

    /// Streams the member to `consume`; throws ``ZipMemberFailure`` when a limit trips or the data is corrupt.
    static func stream(
        _ archive: ArchiveBytes, _ record: ZipDirectory.Record, limits: InputLimits,
        consume: (UnsafeRawBufferPointer) -> Void
    ) throws {
        let start = try dataStart(archive, record)
        let compressed = record.compressedSize
        let declared = record.uncompressedSize
        var produced: UInt64 = 0
        var checksum: UInt32 = 0
        func take(_ bytes: UnsafeRawBufferPointer) throws(ZipMemberFailure) {
            produced += UInt64(bytes.count)
            if produced > declared {
                throw ZipMemberFailure(reason: "zip bomb: member inflates past its declared \(declared) bytes")
            }
            if produced > UInt64(limits.maxMemberBytes) {
                throw ZipMemberFailure(reason: "too large: over \(limits.maxMemberBytes) bytes")
            }
            if produced > UInt64(limits.ratioCheckAfterBytes),
                produced / max(compressed, 1) > UInt64(limits.maxCompressionRatio)
            {
                throw ZipMemberFailure(reason: "zip bomb: compression ratio over \(limits.maxCompressionRatio):1")
            }
            checksum = RawInflater.crc32(checksum, bytes)
            consume(bytes)
        }
        func read(_ offset: UInt64, _ count: Int) throws(ZipMemberFailure) -> [UInt8] {
            do { return try archive.read(offset, count) } catch {
                throw ZipMemberFailure(reason: "corrupt member: \(error.reason)")
            }
        }
        switch record.method {
        case 0:
            var offset: UInt64 = 0
            while offset < compressed {
                let chunk = try read(start + offset, Int(min(UInt64(chunkBytes), compressed - offset)))
                guard !chunk.isEmpty else { throw ZipMemberFailure(reason: "corrupt member: truncated") }
                offset += UInt64(chunk.count)
                try chunk.withUnsafeBytes { bytes in try take(bytes) }
            }
        case 8:
            try inflate(start: start, compressed: compressed, read: read, take: take)
        default:
            throw ZipMemberFailure(reason: "unsupported compression method \(record.method)")
        }
        guard produced == declared else {
            throw ZipMemberFailure(reason: "corrupt member: \(produced) bytes inflated, \(declared) declared")
        }
        guard checksum == record.crc32 else { throw ZipMemberFailure(reason: "corrupt member: checksum mismatch") }
    }

    /// Deflate: the `compressed` bytes from `start`, read in chunks and inflated by zlib (``RawInflater``)
    /// into `take`.
    private static func inflate(
        start: UInt64, compressed: UInt64, read: (UInt64, Int) throws(ZipMemberFailure) -> [UInt8],
        take: (UnsafeRawBufferPointer) throws(ZipMemberFailure) -> Void
    ) throws {
        guard let inflater = RawInflater() else {
            throw ZipMemberFailure(reason: "out of memory for the deflate decoder")
        }
        var output = [UInt8](repeating: 0, count: chunkBytes)
        var offset: UInt64 = 0  // compressed bytes read so far
        var input: [UInt8] = []
        var used = 0  // of `input`, handed to the decoder
        decoding: while true {
            if used == input.count {
                guard offset < compressed else {
                    throw ZipMemberFailure(reason: "corrupt member: deflate data ends early")
                }
                input = try read(start + offset, Int(min(UInt64(chunkBytes), compressed - offset)))
                guard !input.isEmpty else { throw ZipMemberFailure(reason: "corrupt member: truncated") }
                offset += UInt64(input.count)
                used = 0
            }
            let step = input.withUnsafeBytes { bytes in
                output.withUnsafeMutableBytes { out in
                    inflater.inflate(UnsafeRawBufferPointer(rebasing: bytes[used...]), into: out)
                }
            }
            used += step.consumed
            try output.withUnsafeBytes { bytes in
                try take(UnsafeRawBufferPointer(rebasing: bytes[0..<step.produced]))
            }
            switch step.step {
            case .ended: break decoding
            case .damaged: throw ZipMemberFailure(reason: "corrupt member: deflate data is damaged")
            case .needsMore:
                if step.consumed == 0, step.produced == 0, used < input.count {
                    throw ZipMemberFailure(reason: "corrupt member: deflate data is damaged")
                }
            }
        }
    }

    /// Where the member's data begins, after its local header (whose name and extra lengths may differ from
    /// the central directory's).
    static func dataStart(_ archive: ArchiveBytes, _ record: ZipDirectory.Record) throws(ZipMemberFailure) -> UInt64 {
        let header: [UInt8]
        do { header = try archive.read(record.localHeaderOffset, 30) } catch {
            throw ZipMemberFailure(reason: "corrupt member: \(error.reason)")
        }
        guard header.count == 30, header[0] == 0x50, header[1] == 0x4B, header[2] == 0x03, header[3] == 0x04 else {
            throw ZipMemberFailure(reason: "corrupt member: no local header at offset \(record.localHeaderOffset)")
        }
        let start =
            record.localHeaderOffset + 30 + UInt64(ZipDirectory.u16(header, 26)) + UInt64(ZipDirectory.u16(header, 28))
        guard start <= archive.size, record.compressedSize <= archive.size - start else {
            throw ZipMemberFailure(reason: "corrupt member: data runs past the end of the archive")
        }
        return start
    }

    static func readAll(_ archive: ArchiveBytes, _ record: ZipDirectory.Record, limits: InputLimits) throws -> Data {
        var data = Data()
        data.reserveCapacity(Int(min(record.uncompressedSize, UInt64(limits.maxNestedZipBytes))))
        try stream(archive, record, limits: limits) { data.append(contentsOf: $0) }
        return data
    }
}
