import Foundation
import TriageCore
@preconcurrency import ZIPFoundation

/// Why inflating a member stopped.
struct ZipMemberFailure: Error {
    var reason: String
}

extension Error {
    /// The skip reason for a member that failed while being read.
    var reason: String {
        if let failure = self as? ZipMemberFailure { return failure.reason }
        if let archiveError = self as? Archive.ArchiveError {
            switch archiveError {
            case .invalidCRC32: return "corrupt member: checksum mismatch"
            case .invalidCompressionMethod: return "corrupt member: unknown compression method"
            default: return "corrupt member: \(archiveError)"
            }
        }
        return "corrupt member: \(self)"
    }
}

/// Inflates members in memory, chunk by chunk, enforcing the limits on the bytes actually produced (a
/// member's declared sizes may lie).
enum ZipMemberReader {
    /// Streams the member to `consume`; throws ``ZipMemberFailure`` when a limit trips or the data is corrupt.
    static func stream(_ archive: Archive, _ entry: Entry, compressed: UInt64, declared: UInt64, limits: InputLimits,
                       consume: (UnsafeRawBufferPointer) -> Void) throws {
        var produced: UInt64 = 0
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 256 << 10, skipCRC32: false) { data in
                produced += UInt64(data.count)
                if produced > declared {
                    throw ZipMemberFailure(reason: "zip bomb: member inflates past its declared \(declared) bytes")
                }
                if produced > UInt64(limits.maxMemberBytes) {
                    throw ZipMemberFailure(reason: "too large: over \(limits.maxMemberBytes) bytes")
                }
                if produced > UInt64(limits.ratioCheckAfterBytes),
                   produced / max(compressed, 1) > UInt64(limits.maxCompressionRatio) {
                    throw ZipMemberFailure(reason: "zip bomb: compression ratio over \(limits.maxCompressionRatio):1")
                }
                data.withUnsafeBytes { consume($0) }
            }
        } catch let failure as ZipMemberFailure {
            throw failure
        } catch {
            throw ZipMemberFailure(reason: error.reason)
        }
        guard produced == declared else {
            throw ZipMemberFailure(reason: "corrupt member: \(produced) bytes inflated, \(declared) declared")
        }
        guard checksum == entry.checksum else { throw ZipMemberFailure(reason: "corrupt member: checksum mismatch") }
    }

    static func readAll(_ archive: Archive, _ entry: Entry, compressed: UInt64, declared: UInt64,
                        limits: InputLimits) throws -> Data {
        var data = Data()
        data.reserveCapacity(Int(declared))
        try stream(archive, entry, compressed: compressed, declared: declared, limits: limits) { data.append(contentsOf: $0) }
        return data
    }
}
