/// Why a cabinet or one of its members could not be read.
struct CabFailure: Error, Equatable {
    var reason: String
}

/// A Microsoft Cabinet held in memory, as the cab format reads it: its members listed as values, a member's
/// bytes streamed as ``ByteWindow``s. The decompression (libmspack) is the reader kernel's
/// ``CabinetDecompressor``.
///
/// Not thread-safe: one reader uses an instance at a time (each worker opens its own).
final class CabArchive {
    typealias Member = CabinetDecompressor.Entry

    private let cabinet: CabinetDecompressor
    var members: [Member] { cabinet.entries }

    /// Opens the cabinet and lists its members; more than `maxMembers` is a failure (a hostile cab can list
    /// millions).
    init(_ data: [UInt8], maxMembers: Int) throws(CabFailure) {
        cabinet = try CabinetDecompressor(data, maxMembers: maxMembers)
    }

    /// Streams member `index` to `consume`, which returns a reason to stop (a limit tripped) or nil.
    func extract(_ index: Int, consume: (ByteWindow) -> String?) throws(CabFailure) {
        try cabinet.extract(index, consume: consume)
    }
}
