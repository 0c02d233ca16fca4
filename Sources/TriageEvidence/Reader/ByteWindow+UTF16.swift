extension ByteWindow {
    /// The first UTF-16 NUL unit (two zero bytes at an even distance from `from`) that ends by `limit`
    /// (clamped to the window), or nil: where a NUL-terminated UTF-16LE string starting at `from` ends.
    func firstUTF16NUL(from: Int, limit: Int) -> Int? {
        withRawBytes { raw in
            let end = min(limit, raw.count)
            guard from >= 0 else { return nil }
            var i = from
            while i + 2 <= end {
                if raw[i] == 0, raw[i + 1] == 0 { return i }
                i += 2
            }
            return nil
        }
    }
}
