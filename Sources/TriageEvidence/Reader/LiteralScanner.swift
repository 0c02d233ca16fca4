#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a literal occurs in a region of the read buffer: the offset of its first byte and which literal.
struct LiteralHit {
    var offset: Int
    /// Index into the scanner's literals, or ``LiteralScanner/statusCode`` for a `0x…` failure-code token.
    var literal: Int
}

/// Finds many literals at once in a whole region of the read buffer, lines and all, so that only the lines
/// holding one go through an extractor's or a signature's line code (see docs/architecture.md, "Reading").
///
/// Where the CPU has AVX2, one vector pass per region (``RegionMarks``) finds the literals of four bytes or
/// more (Teddy: byte shuffles, several GB/s whatever the number of literals; ``TeddySearch``), the line ends
/// the framer cuts at, and the `0x`/`0X` pairs that may start a failure code (kept when
/// ``CodeScanner/mayBeStatus(_:zero:)`` says so). Elsewhere, or when asked (``Engine/wuManber``), literals of
/// ``shortLiteral`` bytes or more are searched together with Wu–Manber: a window as long as the shortest of
/// them (at most ``maxWindow``) slides along the region, and a table indexed by a hash of the three bytes at
/// the window's end says how far it may jump. Each literal is represented by one window-long factor, the one
/// ending in the pair rarest in the file's first bytes; only a window ending like some factor stops, and then
/// the literals of that factor are compared (memcmp); status codes are found by memchr on `x` and `X`.
/// Literals too short for either are found with memchr on their byte rarest in the file's first bytes.
final class LiteralScanner {
    enum Engine {
        /// The vector pass where the CPU has AVX2, else Wu–Manber.
        case automatic
        /// Wu–Manber (the portable search; tests run both).
        case wuManber
    }

    static let statusCode = -1
    static let shortLiteral = 8
    static let maxWindow = 16
    static let shiftSlots = 1 << 15

    let literals: [[UInt8]]
    let statusCodes: Bool
    /// Window length (shortest long literal, capped; 0 when there is none).
    private let window: Int
    /// Jump for the three bytes at the window's end, indexed by ``shiftSlot(_:)`` of them: 32 KiB, so it
    /// stays in L1. Triples that share a slot share the smallest jump, which only shortens jumps.
    private let shift: UnsafeMutablePointer<UInt8>
    /// Exact end pair of a chosen factor → 1 + index of its first entry in ``factorEntries`` (0: none).
    private let endPairFirst: UnsafeMutablePointer<Int32>
    /// Runs of (literal, factor offset) per end pair, each run ended by a literal of -1.
    private let factorEntries: UnsafeMutablePointer<(literal: Int32, offset: Int32)>
    /// The literals laid end to end, for memcmp without array access.
    private let literalBytes: UnsafeMutablePointer<UInt8>
    private let literalStart: [Int]
    /// Short literals: (literal, offset of its rarest byte in it, that byte).
    private let shortProbes: [(literal: Int, offset: Int, byte: UInt8)]
    /// The Teddy literals as memchr probes, for a region too large for the vector pass (4 GiB or more).
    private let longProbes: [(literal: Int, offset: Int, byte: UInt8)]
    /// The vector search of the long literals, when it is used.
    private let teddy: TeddySearch?
    /// The vector pass (Teddy, line ends, `0x` pairs), where the CPU has it.
    private let marks: RegionMarks?

    /// `regionBytes`: the largest region expected (the read buffer's size), when known, so that the vector
    /// pass's lists are sized to it.
    init(
        literals: [[UInt8]], statusCodes: Bool, sample: UnsafeBufferPointer<UInt8>, engine: Engine = .automatic,
        regionBytes: Int? = nil
    ) {
        let literals = literals.filter { !$0.isEmpty }
        self.literals = literals
        self.statusCodes = statusCodes
        var byteCounts = [Int](repeating: 0, count: 256)
        byteCounts.withUnsafeMutableBufferPointer { counts in
            for c in sample { counts[Int(c)] &+= 1 }
        }

        (literalBytes, literalStart) = Self.laidEndToEnd(literals)

        let vector = engine == .automatic && RegionMarks.isVectorised && literals.count <= Int(UInt16.max)
        let shortest = vector ? TeddySearch.fingerprint : Self.shortLiteral
        let long = literals.indices.filter { literals[$0].count >= shortest }
        teddy = vector && !long.isEmpty ? TeddySearch(literals: literals, members: long, sample: sample) : nil
        marks = vector ? RegionMarks(literals: long.count, regionBytes: regionBytes) : nil
        func probe(_ i: Int) -> (literal: Int, offset: Int, byte: UInt8) {
            let literal = literals[i]
            let k = literal.indices.min {
                (byteCounts[Int(literal[$0])], RareByteSearch.rank(literal[$0])) < (
                    byteCounts[Int(literal[$1])], RareByteSearch.rank(literal[$1])
                )
            }!
            return (i, k, literal[k])
        }
        shortProbes = literals.indices.filter { literals[$0].count < shortest }.map(probe)
        longProbes = teddy == nil ? [] : long.map(probe)
        let window = teddy != nil ? 0 : min(long.map { literals[$0].count }.min() ?? 0, Self.maxWindow)
        self.window = window
        // The tables are only filled (and looked at) when Wu–Manber runs.
        let slots = window > 0 ? Self.shiftSlots : 1
        shift = .allocate(capacity: slots)
        shift.initialize(repeating: UInt8(max(window - 2, 0)), count: slots)
        let byEndPair = Self.chooseFactors(long, of: literals, window: window, sample: sample, shift: shift)
        (endPairFirst, factorEntries) = Self.endPairTables(byEndPair, window: window)
    }

    /// The literals laid end to end in one allocation, and where each starts.
    private static func laidEndToEnd(_ literals: [[UInt8]]) -> (UnsafeMutablePointer<UInt8>, [Int]) {
        var starts: [Int] = []
        var total = 0
        for literal in literals {
            starts.append(total)
            total += literal.count
        }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        for (i, literal) in literals.enumerated() {
            literal.withUnsafeBufferPointer { (bytes + starts[i]).update(from: $0.baseAddress!, count: $0.count) }
        }
        return (bytes, starts)
    }

    /// Wu–Manber: for each long literal the window-long factor whose end pair is rarest in the sample; lowers
    /// the shifts of its triples in `shift`. Returns the (literal, factor offset) runs by end pair.
    private static func chooseFactors(
        _ long: [Int], of literals: [[UInt8]], window: Int, sample: UnsafeBufferPointer<UInt8>,
        shift: UnsafeMutablePointer<UInt8>
    ) -> [UInt16: [(literal: Int32, offset: Int32)]] {
        // Pair counts pick the Wu–Manber factors; the vector pass does not need them (256 KiB saved per file).
        var pairCounts = [UInt32](repeating: 0, count: window > 0 ? 65536 : 0)
        if window > 0, sample.count >= 2 {
            for k in 0..<(sample.count - 1) { pairCounts[Int(UInt16(sample[k]) | UInt16(sample[k + 1]) << 8)] += 1 }
        }
        var byEndPair: [UInt16: [(literal: Int32, offset: Int32)]] = [:]
        for l in long where window > 0 {
            let literal = literals[l]
            var offset = 0
            var best = UInt64.max
            for o in 0...(literal.count - window) {
                let x = literal[o + window - 2]
                let y = literal[o + window - 1]
                let score =
                    UInt64(pairCounts[Int(UInt16(x) | UInt16(y) << 8)]) << 16
                    | UInt64(RareByteSearch.rank(x)) + UInt64(RareByteSearch.rank(y))
                if score < best {
                    best = score
                    offset = o
                }
            }
            for q in 0..<(window - 2) {
                let slot = Self.shiftSlot(
                    UInt32(literal[offset + q]) | UInt32(literal[offset + q + 1]) << 8
                        | UInt32(literal[offset + q + 2]) << 16)
                shift[slot] = min(shift[slot], UInt8(window - 3 - q))
            }
            byEndPair[UInt16(literal[offset + window - 2]) | UInt16(literal[offset + window - 1]) << 8, default: []]
                .append((Int32(l), Int32(offset)))
        }
        return byEndPair
    }

    /// ``endPairFirst`` and ``factorEntries`` from the runs by end pair (in pair order).
    private static func endPairTables(_ byEndPair: [UInt16: [(literal: Int32, offset: Int32)]], window: Int) -> (
        UnsafeMutablePointer<Int32>, UnsafeMutablePointer<(literal: Int32, offset: Int32)>
    ) {
        let endPairFirst = UnsafeMutablePointer<Int32>.allocate(capacity: window > 0 ? 65536 : 1)
        endPairFirst.initialize(repeating: 0, count: window > 0 ? 65536 : 1)
        let entryCount = byEndPair.values.reduce(0) { $0 + $1.count + 1 }
        let factorEntries = UnsafeMutablePointer<(literal: Int32, offset: Int32)>.allocate(
            capacity: max(entryCount, 1))
        var next = 0
        for (pair, run) in byEndPair.sorted(by: { $0.key < $1.key }) {
            endPairFirst[Int(pair)] = Int32(next + 1)
            for entry in run {
                factorEntries[next] = entry
                next += 1
            }
            factorEntries[next] = (-1, 0)
            next += 1
        }
        return (endPairFirst, factorEntries)
    }

    deinit {
        shift.deallocate()
        endPairFirst.deallocate()
        factorEntries.deallocate()
        literalBytes.deallocate()
    }

    /// Slot of the three bytes (little-endian, first byte lowest) ending a window.
    @inline(__always)
    static func shiftSlot(_ triple: UInt32) -> Int {
        Int(truncatingIfNeeded: (triple &* 0x9E37_79B1) >> 17)
    }

    /// Replaces `hits` with every occurrence in `region`, ordered by offset. A literal that runs past the end
    /// of the region is not reported (the reader searches a line again while it is incomplete). When
    /// `lineEnds` is given and the vector pass runs, it is replaced with the offsets of the region's `\n`
    /// (found in the same pass) and true is returned; otherwise it is left alone and false is returned.
    @discardableResult
    func scan(
        _ region: UnsafeBufferPointer<UInt8>, into hits: inout [LiteralHit],
        lineEnds: UnsafeMutablePointer<[UInt32]>? = nil
    ) -> Bool {
        hits.removeAll(keepingCapacity: true)
        guard let base = region.baseAddress, region.count > 0 else {
            lineEnds?.pointee.removeAll(keepingCapacity: true)
            return lineEnds != nil
        }
        let n = region.count
        var foundLineEnds = false
        if let marks, RegionMarks.fits(n) {
            let wantLines = lineEnds != nil
            if wantLines { lineEnds!.pointee.removeAll(keepingCapacity: true) }
            let members = teddy?.members ?? []
            marks.mark(base, count: n, teddy: teddy, lines: wantLines, hexes: statusCodes) {
                starts, literals, ends, zeros in
                for k in starts.indices {
                    hits.append(LiteralHit(offset: Int(starts[k]), literal: members[Int(literals[k])]))
                }
                if wantLines { lineEnds!.pointee.append(contentsOf: ends) }
                for zero in zeros where CodeScanner.mayBeStatus(LineBytes(region), zero: Int(zero)) {
                    hits.append(LiteralHit(offset: Int(zero), literal: Self.statusCode))
                }
            }
            foundLineEnds = wantLines
        } else {
            if window >= 2, n >= window { scanLong(base, n, into: &hits) }
            for probe in longProbes { scanShort(probe, base, n, into: &hits) }
            if statusCodes {
                scanStatus(0x78, base, n, into: &hits)
                scanStatus(0x58, base, n, into: &hits)
            }
        }
        for probe in shortProbes { scanShort(probe, base, n, into: &hits) }
        // Searches append in turn, and a literal is reported where its fingerprint or factor is found, so a
        // few bytes out of order: sort unless already in order.
        if !Self.isOrdered(hits) { hits.sort { ($0.offset, $0.literal) < ($1.offset, $1.literal) } }
        return foundLineEnds
    }

    private static func isOrdered(_ hits: [LiteralHit]) -> Bool {
        var previous = Int.min
        for hit in hits {
            if hit.offset < previous { return false }
            previous = hit.offset
        }
        return true
    }

    private func scanLong(_ base: UnsafePointer<UInt8>, _ n: Int, into hits: inout [LiteralHit]) {
        let raw = UnsafeRawPointer(base)
        let table = shift
        var i = 0
        let last = n - window
        let full = window - 2
        // The window's last three bytes, read as the top of the four-byte word ending with the window.
        let wordOffset = window - 4
        while i <= last {
            let triple = raw.loadUnaligned(fromByteOffset: i &+ wordOffset, as: UInt32.self).littleEndian >> 8
            let jump = Int(table[Self.shiftSlot(triple)])
            if jump > 0 {
                // Most windows jump the whole way; the window after that one is read at the same time (its
                // address does not wait for this jump), so two full jumps cost one load latency.
                if jump == full, i &+ full <= last {
                    let next =
                        raw.loadUnaligned(fromByteOffset: i &+ full &+ wordOffset, as: UInt32.self).littleEndian >> 8
                    if Int(table[Self.shiftSlot(next)]) == full {
                        i &+= full &+ full
                        continue
                    }
                }
                i &+= jump
                continue
            }
            let pair = UInt16(truncatingIfNeeded: triple >> 8)
            var e = Int(endPairFirst[Int(pair)])
            if e != 0 {
                e -= 1
                while factorEntries[e].literal >= 0 {
                    let l = Int(factorEntries[e].literal)
                    let start = i - Int(factorEntries[e].offset)
                    let length = literals[l].count
                    if start >= 0, start + length <= n,
                        memcmp(base + start, literalBytes + literalStart[l], length) == 0
                    {
                        hits.append(LiteralHit(offset: start, literal: l))
                    }
                    e += 1
                }
            }
            i &+= 1
        }
    }

    private func scanShort(
        _ probe: (literal: Int, offset: Int, byte: UInt8), _ base: UnsafePointer<UInt8>, _ n: Int,
        into hits: inout [LiteralHit]
    ) {
        let length = literals[probe.literal].count
        let bytes = literalBytes + literalStart[probe.literal]
        var at = probe.offset
        while at < n, let found = memchr(base + at, Int32(probe.byte), n - at) {
            let hit = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            let start = hit - probe.offset
            if start + length <= n, memcmp(base + start, bytes, length) == 0 {
                hits.append(LiteralHit(offset: start, literal: probe.literal))
            }
            at = hit + 1
        }
    }

    /// `0x`/`0X` tokens that ``CodeScanner/mayBeStatus(_:zero:)`` accepts, by memchr on `x` (or `X`).
    private func scanStatus(_ x: UInt8, _ base: UnsafePointer<UInt8>, _ n: Int, into hits: inout [LiteralHit]) {
        let region = UnsafeBufferPointer(start: base, count: n)
        var at = 1
        while at < n, let found = memchr(base + at, Int32(x), n - at) {
            let hit = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            at = hit + 1
            if base[hit - 1] == 0x30, CodeScanner.mayBeStatus(LineBytes(region), zero: hit - 1) {
                hits.append(LiteralHit(offset: hit - 1, literal: Self.statusCode))
            }
        }
    }
}
