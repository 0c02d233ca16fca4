import CShim

/// Every offset of a byte, or of a byte pair, in a buffer, found with vector compares (cshim_find_pairs)
/// in batches into a buffer reused from call to call. Offsets are 32-bit: buffers must be smaller than 4 GiB
/// (``fits(_:)``).
final class PairSearch {
    private static let capacity = 8192
    private let positions = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)

    deinit { positions.deallocate() }

    static func fits(_ count: Int) -> Bool { count <= Int(UInt32.max) }

    /// Calls `body` with each offset i in `base[from..<n]` where `base[i] == first` and, when `second` is
    /// given, `base[i + 1] | fold == second`; in order.
    @inline(__always)
    func forEach(in base: UnsafePointer<UInt8>, count n: Int, from: Int = 0, first: UInt8, second: UInt8? = nil,
                 fold: UInt8 = 0, _ body: (Int) -> Void) {
        var from = from
        while from < n {
            var next = 0
            let found = cshim_find_pairs(base, n, from, first, second ?? 0, fold, second == nil ? 1 : 0,
                                         positions, Self.capacity, &next)
            for k in 0..<found { body(Int(positions[k])) }
            from = next
        }
    }
}
