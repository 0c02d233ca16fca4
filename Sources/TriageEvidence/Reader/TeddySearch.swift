internal import CShim

/// Literals of four bytes or more compiled for Teddy (AVX2 byte shuffles, run by ``RegionMarks``; see
/// Sources/CShim/regionscan.c): the vector search ``LiteralScanner`` uses where the CPU has it.
///
/// Each literal is represented by four consecutive bytes of it, its fingerprint: the four bytes least
/// frequent in the file's first bytes (as a 4-gram first, then byte by byte). The literals are put into
/// 16 buckets, each literal where it adds least to the bucket's estimated false-positive rate (a bucket
/// accepts every byte whose two nibbles each belong to one of its fingerprints, so crowding dissimilar
/// fingerprints into one bucket makes it accept much more than they do).
final class TeddySearch {
    static let fingerprint = 4
    static let buckets = 16

    /// A literal's four bytes searched for: where they start in it, and how often the sample suggests they occur.
    private struct Fingerprint {
        let literal: Int
        let offset: Int
        let score: Double
    }

    /// Indices (into the scanner's literals) of the literals searched here.
    let members: [Int]
    private var table = cshim_teddy()
    private let bytes: UnsafeMutablePointer<UInt8>
    private let bytePointers: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private let lengths: UnsafeMutablePointer<UInt32>
    private let offsets: UnsafeMutablePointer<UInt32>
    private let entries: UnsafeMutablePointer<UInt16>

    /// `literals[i]` for `i` in `members` (each at least ``fingerprint`` bytes, at most 65 535 of them).
    init(literals: [[UInt8]], members: [Int], sample: UnsafeBufferPointer<UInt8>) {
        self.members = members
        let mine = members.map { literals[$0] }
        let total = mine.reduce(0) { $0 + $1.count }
        bytes = .allocate(capacity: max(total, 1))
        bytePointers = .allocate(capacity: max(mine.count, 1))
        lengths = .allocate(capacity: max(mine.count, 1))
        offsets = .allocate(capacity: max(mine.count, 1))
        entries = .allocate(capacity: max(mine.count, 1))
        var at = 0
        for (i, literal) in mine.enumerated() {
            literal.withUnsafeBufferPointer { (bytes + at).update(from: $0.baseAddress!, count: literal.count) }
            bytePointers[i] = UnsafePointer(bytes + at)
            lengths[i] = UInt32(literal.count)
            at += literal.count
        }

        let frequency = SampleFrequency(sample)
        let chosen = Self.fingerprints(of: mine, frequency)
        for entry in chosen { offsets[entry.literal] = UInt32(entry.offset) }
        let bucketMembers = Self.assignBuckets(chosen, literals: mine, frequency)
        writeTable(bucketMembers, literals: mine)
        table.entries = UnsafePointer(entries)
        table.bytes = UnsafePointer(bytePointers)
        table.lengths = UnsafePointer(lengths)
        table.offsets = UnsafePointer(offsets)
    }

    /// Each literal's fingerprint: the offset of its four bytes least frequent in the sample, and their
    /// estimated frequency.
    private static func fingerprints(of literals: [[UInt8]], _ frequency: SampleFrequency) -> [Fingerprint] {
        var chosen: [Fingerprint] = []
        for (i, literal) in literals.enumerated() {
            var best = Double.infinity
            var offset = 0
            for o in 0...(literal.count - fingerprint) {
                let score = frequency.estimate(literal[o..<(o + fingerprint)])
                if score < best {
                    best = score
                    offset = o
                }
            }
            chosen.append(Fingerprint(literal: i, offset: offset, score: best))
        }
        return chosen
    }

    /// The literals of each bucket: commonest fingerprints first, so that they get buckets of their own while
    /// buckets are empty; each literal goes where it adds least to the bucket's estimated rate.
    private static func assignBuckets(
        _ fingerprints: [Fingerprint], literals: [[UInt8]], _ frequency: SampleFrequency
    ) -> [[Int]] {
        let chosen = fingerprints.sorted { $0.score != $1.score ? $0.score > $1.score : $0.literal < $1.literal }
        var nibbles = [BucketNibbles](repeating: BucketNibbles(), count: buckets)
        // Each bucket's current rate, kept rather than recomputed for every candidate literal (the same
        // values: a rate depends only on the bucket's nibbles).
        var rates = [Double](repeating: 0, count: buckets)
        var bucketMembers = [[Int]](repeating: [], count: buckets)
        for entry in chosen {
            let bytes = literals[entry.literal][entry.offset..<(entry.offset + fingerprint)]
            var bestBucket = 0
            var bestIncrease = Double.infinity
            var bestNibbles = BucketNibbles()
            var bestRate = 0.0
            for b in 0..<buckets {
                let grown = nibbles[b].adding(bytes)
                // A bucket that already accepts every nibble of the fingerprint does not change: no increase.
                let rate = grown == nibbles[b] ? rates[b] : grown.rate(frequency)
                let increase = rate - rates[b]
                if increase < bestIncrease {
                    bestIncrease = increase
                    bestBucket = b
                    bestNibbles = grown
                    bestRate = rate
                }
            }
            nibbles[bestBucket] = bestNibbles
            rates[bestBucket] = bestRate
            bucketMembers[bestBucket].append(entry.literal)
        }
        return bucketMembers
    }

    /// The C table: each bucket's first entry, the entries (literal indices) bucket by bucket, and the nibble
    /// masks of the fingerprints.
    private func writeTable(_ bucketMembers: [[Int]], literals mine: [[UInt8]]) {
        var next = 0
        withUnsafeMutableBytes(of: &table.first) { first in
            for b in 0..<Self.buckets {
                first.storeBytes(of: UInt16(next), toByteOffset: b * 2, as: UInt16.self)
                for literal in bucketMembers[b] {
                    entries[next] = UInt16(literal)
                    next += 1
                }
            }
            first.storeBytes(of: UInt16(next), toByteOffset: Self.buckets * 2, as: UInt16.self)
        }
        withUnsafeMutableBytes(of: &table.masks) { masks in
            for b in 0..<Self.buckets {
                let half = b / 8
                let bit = UInt8(1) << UInt8(b % 8)
                for literal in bucketMembers[b] {
                    let o = Int(offsets[literal])
                    for k in 0..<Self.fingerprint {
                        let c = mine[literal][o + k]
                        masks[((half * 4 + k) * 2 + 0) * 16 + Int(c & 15)] |= bit
                        masks[((half * 4 + k) * 2 + 1) * 16 + Int(c >> 4)] |= bit
                    }
                }
            }
        }
    }

    deinit {
        bytes.deallocate()
        bytePointers.deallocate()
        lengths.deallocate()
        offsets.deallocate()
        entries.deallocate()
    }

    /// The compiled table, for cshim_mark.
    @inline(__always)
    func withTable<R>(_ body: (UnsafePointer<cshim_teddy>) -> R) -> R {
        withUnsafePointer(to: &table) { body($0) }
    }
}

/// Byte and 4-gram counts of a file's first bytes, for estimating how often a fingerprint occurs.
private struct SampleFrequency {
    /// Share of each byte value (counts + 1, so that no byte is impossible).
    var byte: [Double]
    /// 4-gram counts, hashed into a small table (collisions only overestimate); read saturated at
    /// `UInt16.max`.
    var grams: [UInt32]
    var sampleCount: Int
    static let gramSlots = 4096

    init(_ sample: UnsafeBufferPointer<UInt8>) {
        // Counted in plain integers through buffer pointers (no bounds or saturation check per byte), then
        // converted: the same shares and saturated counts.
        var counts = [Int](repeating: 1, count: 256)
        counts.withUnsafeMutableBufferPointer { counts in
            for c in sample { counts[Int(c)] &+= 1 }
        }
        let total = Double(counts.reduce(0, +))
        byte = counts.map { Double($0) / total }
        var wide = [UInt32](repeating: 0, count: Self.gramSlots)
        if sample.count >= 4 {
            wide.withUnsafeMutableBufferPointer { wide in
                for k in 0...(sample.count - 4) {
                    wide[Self.slot(sample[k], sample[k + 1], sample[k + 2], sample[k + 3])] &+= 1
                }
            }
        }
        grams = wide  // kept as counted: converting 4,096 slots per file cost more than the counting
        sampleCount = sample.count
    }

    static func slot(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Int {
        let v = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24
        return Int(truncatingIfNeeded: (v &* 0x9E37_79B1) >> 20)
    }

    /// Estimated share of positions where `gram` occurs: its count in the sample, else the product of its
    /// bytes' shares.
    func estimate(_ gram: ArraySlice<UInt8>) -> Double {
        let g = (gram[gram.startIndex], gram[gram.startIndex + 1], gram[gram.startIndex + 2], gram[gram.startIndex + 3])
        let seen = Double(min(grams[Self.slot(g.0, g.1, g.2, g.3)], UInt32(UInt16.max))) / Double(max(sampleCount, 1))
        return seen + byte[Int(g.0)] * byte[Int(g.1)] * byte[Int(g.2)] * byte[Int(g.3)]
    }
}

/// The nibbles a bucket accepts at each fingerprint position (bit sets of low and high nibbles). Vectors,
/// not arrays: a copy per candidate bucket and literal allocates nothing.
private struct BucketNibbles: Equatable {
    var low = SIMD4<UInt16>(repeating: 0)
    var high = SIMD4<UInt16>(repeating: 0)

    func adding(_ fingerprint: ArraySlice<UInt8>) -> BucketNibbles {
        var copy = self
        for (k, c) in fingerprint.enumerated() {
            copy.low[k] |= 1 << UInt16(c & 15)
            copy.high[k] |= 1 << UInt16(c >> 4)
        }
        return copy
    }

    /// Estimated share of positions the bucket accepts: per position, the share of bytes whose nibbles
    /// are both accepted; positions multiplied.
    func rate(_ frequency: SampleFrequency) -> Double {
        var rate = 1.0
        for k in 0..<4 {
            guard low[k] != 0 else { return 0 }
            var share = 0.0
            var highs = high[k]
            while highs != 0 {
                let h = highs.trailingZeroBitCount
                highs &= highs - 1
                var lows = low[k]
                while lows != 0 {
                    share += frequency.byte[h << 4 | lows.trailingZeroBitCount]
                    lows &= lows - 1
                }
            }
            rate *= share
        }
        return rate
    }
}
