/// CRC-32 (ISO-HDLC / RFC 1952 polynomial, reflected; EVTX stores it for the file header, each chunk header
/// and each chunk's records), slicing by 16: sixteen table lookups per 16 bytes, independent of each other.
/// In the kernel because it reads the bytes through a raw pointer; decoders pass a ``ByteWindow``.
enum CRC32 {
    private static let flat: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 16 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for k in 1..<16 {
            for i in 0..<256 { t[k * 256 + i] = (t[(k - 1) * 256 + i] >> 8) ^ t[Int(t[(k - 1) * 256 + i] & 0xFF)] }
        }
        return t
    }()

    /// CRC of the window's bytes, continuing from `crc` (0 to start).
    static func checksum(_ window: ByteWindow, continuing crc: UInt32 = 0) -> UInt32 {
        window.withRawBytes { checksum(raw: $0, continuing: crc) }
    }

    /// CRC of `bytes`, continuing from `crc` (0 to start): for writers of test files.
    static func checksum(_ bytes: ArraySlice<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum(raw: $0, continuing: crc) }
    }

    private static func checksum(raw bytes: UnsafeRawBufferPointer, continuing crc: UInt32) -> UInt32 {
        var c = ~crc
        var i = 0
        let n = bytes.count
        flat.withUnsafeBufferPointer { t in
            @inline(__always) func at(_ table: Int, _ byte: UInt32) -> UInt32 { t[table &* 256 &+ Int(byte & 0xFF)] }
            while i + 16 <= n {
                let a = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ c
                let b = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                let d = bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt32.self).littleEndian
                let e = bytes.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self).littleEndian
                c =
                    at(15, a) ^ at(14, a >> 8) ^ at(13, a >> 16) ^ at(12, a >> 24)
                    ^ at(11, b) ^ at(10, b >> 8) ^ at(9, b >> 16) ^ at(8, b >> 24)
                    ^ at(7, d) ^ at(6, d >> 8) ^ at(5, d >> 16) ^ at(4, d >> 24)
                    ^ at(3, e) ^ at(2, e >> 8) ^ at(1, e >> 16) ^ at(0, e >> 24)
                i += 16
            }
            while i < n {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }
}
