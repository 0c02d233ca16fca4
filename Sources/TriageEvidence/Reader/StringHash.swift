/// A fast 64-bit hash of a string, eight UTF-8 bytes at a time, for tables that live while one file is
/// read (the fold keys of facts past the cap). Not `Hasher`: hashing a dictionary of attributes with
/// `Hasher` seeds and finalises a SipHash per attribute, which cost more than building the fact.
///
/// Equal strings hash alike, as `==` sees them: Swift compares strings by Unicode canonical equivalence
/// (`é` as one code point equals `e` and a combining accent), so only an ASCII string (one spelling only) is
/// hashed on its bytes; any other through `Hasher`, which hashes the string's normalised form.
///
/// Fixed seeds, so not flooding-resistant: use it only where the number of keys is bounded (facts past the
/// cap are at most ``ExtractionContext/maxDistinctPastCap`` per kind) and equality is checked in full.
enum StringHash {
    /// The hash of `text`, chained from `seed`.
    static func hash(_ text: String, seed: UInt64) -> UInt64 {
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ asciiHash(UnsafeRawBufferPointer($0), seed: seed) })
        {
            if let h = ascii { return h }
        } else {
            var copy = text
            copy.makeContiguousUTF8()
            return hash(copy, seed: seed)
        }
        var hasher = Hasher()
        hasher.combine(seed)
        hasher.combine(text)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// Mixes one 64-bit value into a well-spread one (the finaliser of SplitMix64).
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// The hash of ASCII `bytes`; nil when a byte is not ASCII.
    private static func asciiHash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64? {
        let (h, high) = hash(bytes, seed: seed)
        return high & 0x8080_8080_8080_8080 == 0 ? h : nil
    }

    /// The hash of any `bytes`, chained from `seed`, and every 8-byte word of them or-ed together (its high
    /// bits say whether a byte is not ASCII).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> (hash: UInt64, high: UInt64) {
        var h = seed ^ (UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            high |= word
            h = mix(h ^ word)
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            high |= tail
            h = mix(h ^ tail)
        }
        return (h, high)
    }
}
