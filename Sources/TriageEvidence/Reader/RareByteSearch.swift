#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShim

/// Literal search that jumps with memchr to the needle's rarest byte (by a fixed estimate of byte frequency
/// in log text) and verifies with memcmp. memchr is vectorised; memmem walks short needles a byte at a
/// time, which made a per-line `0x` test cost as much as the rest of a line's work. Matches are found in
/// order of their start, so the first verified one is the leftmost, as memmem's. After many false
/// candidates it hands the rest to memmem, so no input is quadratic.
enum RareByteSearch {
    /// Estimated commonness of a byte in Windows servicing logs (higher = more common).
    @inline(__always)
    static func rank(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x20: 255
        case 0x65, 0x74, 0x61, 0x6F, 0x69, 0x6E, 0x73, 0x72: 240          // e t a o i n s r
        case 0x30: 235                                                       // 0
        case 0x31...0x39: 225
        case 0x68, 0x6C, 0x64, 0x63, 0x75, 0x6D, 0x70, 0x67, 0x66: 220      // h l d c u m p g f
        case 0x2C, 0x2E, 0x3A, 0x2D: 210                                     // , . : -
        case 0x79, 0x62, 0x77, 0x76, 0x6B: 190                               // y b w v k
        case 0x41...0x5A: 160                                                // upper case
        case 0x5F, 0x2F, 0x5C, 0x7E, 0x09: 150                               // _ / \ ~ tab
        case 0x78, 0x7A, 0x6A, 0x71: 130                                     // x z j q
        case 0x28, 0x29, 0x5B, 0x5D, 0x3D, 0x40, 0x22, 0x27: 120             // ( ) [ ] = @ " '
        case 0x21...0x7E: 90
        default: 40
        }
    }

    @inline(__always)
    static func firstIndex(of needle: UnsafePointer<UInt8>, count n: Int, in base: UnsafePointer<UInt8>,
                           count total: Int, from start: Int) -> Int? {
        if n == 1 {
            guard let p = memchr(base + start, Int32(needle[0]), total - start) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }
        var k = 0
        var best = rank(needle[0])
        for i in 1..<n {
            let r = rank(needle[i])
            if r < best { best = r; k = i }
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
