internal import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Literal search that jumps with memchr to the needle's rarest byte (by a fixed estimate of byte frequency
/// in log text) and verifies with memcmp. memchr is vectorised; memmem walks short needles a byte at a
/// time, which made a per-line `0x` test cost as much as the rest of a line's work. Matches are found in
/// order of their start, so the first verified one is the leftmost, as memmem's. After many false
/// candidates it hands the rest to memmem, so no input is quadratic.
enum RareByteSearch {
    /// Estimated commonness of a byte in Windows servicing logs, one letter per byte value, `A` rarest
    /// (controls and non-ASCII) to `M` commonest (space): lower-case `etaoinsr`, digits, other common letters,
    /// `,.:-`, less common letters, upper case, `_/\\~` and tab, `xzjq`, `()[]=@"'`, other punctuation.
    static let ranks: StaticString = """
        AAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAMBCBBBBCCCBBHHHEKJJJJJJJJJHBBCBB\
        CFFFFFFFFFFFFFFFFFFFFFFFFFFCECBEBLGIILIIILDGIILLIDLLLIGGDGDBBBEA\
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        """

    @inline(__always)
    static func rank(_ c: UInt8) -> UInt8 { ranks.utf8Start[Int(c)] }

    @inline(__always)
    static func firstIndex(
        of needle: UnsafePointer<UInt8>, count n: Int, in base: UnsafePointer<UInt8>,
        count total: Int, from start: Int
    ) -> Int? {
        if n == 1 {
            guard let p = memchr(base + start, Int32(needle[0]), total - start) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }
        var k = 0
        var best = rank(needle[0])
        for i in 1..<n {
            let r = rank(needle[i])
            if r < best {
                best = r
                k = i
            }
        }
        let rare = Int32(needle[k])
        let lastStart = total - n
        var at = start + k
        var misses = 0
        while at <= lastStart + k {
            guard let p = memchr(base + at, rare, lastStart + k + 1 - at) else { return nil }
            let hit = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
            let candidate = hit - k
            if memcmp(base + candidate, needle, n) == 0 { return candidate }
            misses += 1
            if misses > 64 {
                let from = candidate + 1
                guard total - from >= n, let m = cshim_memmem(base + from, total - from, needle, n) else { return nil }
                return UnsafeRawPointer(m) - UnsafeRawPointer(base)
            }
            at = hit + 1
        }
        return nil
    }
}
