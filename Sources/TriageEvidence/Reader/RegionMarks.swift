internal import CShim

/// One vector pass over a region of the read buffer (cshim_mark, Sources/CShim/regionscan.c) that finds
/// what the line code needs: line ends, `0x`/`0X` pairs and the literals of a ``TeddySearch``. Batches go
/// through arrays reused from region to region. Offsets are 32-bit: regions must be smaller than 4 GiB.
final class RegionMarks {
    /// The widest vector pass this CPU runs, in positions a turn: 64 (AVX-512), 32 (AVX2), or 0: without
    /// AVX2 the pass works a byte at a time, and memchr and Wu–Manber do better. `TRIAGE_SCAN=avx2` or
    /// `portable` narrows it (the tests compare the three).
    static var vectorWidth: Int { Int(cshim_vector_width()) }
    static var isVectorised: Bool { vectorWidth > 0 }

    static func fits(_ count: Int) -> Bool { count <= Int(UInt32.max) }

    private let capacity: Int
    private var marks: cshim_marks
    /// The vector width this pass uses (``vectorWidth``, or less when a test asks).
    let width: Int

    /// Entries per list in one batch, when regions are large.
    static let batchEntries = 16384

    /// `literals`: how many literals the Teddy search holds (a block may match all of them 32 times over).
    /// `regionBytes`: the largest region expected (the read buffer's size), when known: the lists are then
    /// no longer than it needs (a small file or fuzz input does not allocate 229 KiB of them); a larger
    /// region is still marked, in more batches.
    /// `width`: the vector width to use, at most ``vectorWidth`` (the marks are the same at every width).
    init(literals: Int = 0, regionBytes: Int? = nil, width: Int = RegionMarks.vectorWidth) {
        self.width = min(width, Self.vectorWidth)
        let batch = regionBytes.map { min(Self.batchEntries, max($0, 0) + 64) } ?? Self.batchEntries
        // One 64-byte block must always fit: up to 64 hits per literal and 64 line ends or `0x` pairs.
        capacity = max(batch, 64 * literals, 64)
        marks = cshim_marks(
            starts: .allocate(capacity: capacity), literals: .allocate(capacity: capacity),
            line_ends: .allocate(capacity: capacity), hex_prefixes: .allocate(capacity: capacity),
            cap: capacity, hits: 0, lines: 0, hexes: 0)
    }

    deinit {
        marks.starts.deallocate()
        marks.literals.deallocate()
        marks.line_ends.deallocate()
        marks.hex_prefixes.deallocate()
    }

    /// Marks `base[0..<n]` batch by batch and hands each batch over: literal hits (offset, index into the
    /// Teddy search's literals), line ends, `0x` offsets; each list in order of position within the batch,
    /// batches in order.
    @inline(__always)
    func mark(
        _ base: UnsafePointer<UInt8>, count n: Int, teddy: TeddySearch?, lines: Bool, hexes: Bool,
        _ batch: (
            _ hits: UnsafeBufferPointer<UInt32>, _ literals: UnsafeBufferPointer<UInt16>,
            _ lineEnds: UnsafeBufferPointer<UInt32>, _ hexPrefixes: UnsafeBufferPointer<UInt32>
        ) -> Void
    ) {
        var from = 0
        let width = Int32(width)
        while from < n {
            marks.hits = 0
            marks.lines = 0
            marks.hexes = 0
            from = withUnsafeMutablePointer(to: &marks) { m in
                if let teddy {
                    return teddy.withTable { cshim_mark($0, lines ? 1 : 0, hexes ? 1 : 0, base, n, from, width, m) }
                }
                return cshim_mark(nil, lines ? 1 : 0, hexes ? 1 : 0, base, n, from, width, m)
            }
            batch(
                UnsafeBufferPointer(start: marks.starts, count: marks.hits),
                UnsafeBufferPointer(start: marks.literals, count: marks.hits),
                UnsafeBufferPointer(start: marks.line_ends, count: marks.lines),
                UnsafeBufferPointer(start: marks.hex_prefixes, count: marks.hexes))
        }
    }
}
