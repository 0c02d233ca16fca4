#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ByteWindow {
    /// Whether the `count` bytes at `a` equal the `count` bytes at `b` (false when either runs past the end):
    /// one `memcmp`, for decoders that recognise bytes seen before (a string value repeated from record to
    /// record).
    func bytesEqual(at a: Int, _ b: Int, count: Int) -> Bool {
        guard contains(a, count: count), contains(b, count: count) else { return false }
        guard count > 0 else { return true }
        return withRawBytes { raw in memcmp(raw.baseAddress! + a, raw.baseAddress! + b, count) == 0 }
    }
}
