/// Test-only cabinet writer: one folder, LZX (window 2^16) made of a single *uncompressed* LZX block
/// (block type 3) — a valid LZX stream any decoder must accept — or stored (no compression). gcab makes
/// MSZIP cabinets but cannot make LZX ones.
enum CabTestWriter {
    enum Method { case lzx, stored }

    static func cabinet(_ members: [(name: String, bytes: [UInt8])], method: Method = .lzx) -> [UInt8] {
        var data: [UInt8] = []  // the folder's uncompressed stream
        var files: [UInt8] = []
        for member in members {
            put32(&files, UInt32(member.bytes.count))
            put32(&files, UInt32(data.count))
            put16(&files, 0)  // folder 0
            put16(&files, 0x5564)  // date 2022-11-04
            put16(&files, 0x5000)  // time 10:00:00
            put16(&files, 0x20)  // archive attribute
            files.append(contentsOf: Array(member.name.utf8) + [0])
            data.append(contentsOf: member.bytes)
        }
        let stream = method == .lzx ? lzxUncompressed(data) : data
        // Split into CFDATA blocks of 32 KiB of output each; the LZX header (16 bytes) rides in the first.
        var blocks: [UInt8] = []
        var count = 0
        var out = 0
        var at = 0
        let header = method == .lzx ? 16 : 0
        repeat {
            let produce = min(32768, data.count - out)
            let take = (out == 0 ? header : 0) + produce
            put32(&blocks, 0)  // no checksum
            put16(&blocks, UInt16(take))
            put16(&blocks, UInt16(produce))
            blocks.append(contentsOf: stream[at..<(at + take)])
            at += take
            out += produce
            count += 1
        } while out < data.count
        let headerSize = 36
        let folderSize = 8
        let dataStart = headerSize + folderSize + files.count
        var cab: [UInt8] = Array("MSCF".utf8)
        put32(&cab, 0)
        put32(&cab, UInt32(dataStart + blocks.count))
        put32(&cab, 0)
        put32(&cab, UInt32(headerSize + folderSize))  // first CFFILE
        put32(&cab, 0)
        cab += [3, 1]  // version 1.3
        put16(&cab, 1)  // folders
        put16(&cab, UInt16(members.count))
        put16(&cab, 0)  // flags
        put16(&cab, 0x1234)  // set id
        put16(&cab, 0)  // index in set
        put32(&cab, UInt32(dataStart))
        put16(&cab, UInt16(count))
        put16(&cab, method == .lzx ? 0x1003 : 0)  // LZX, window 2^16
        return cab + files + blocks
    }

    /// An LZX stream with one uncompressed block: bit 0 (no E8 translation), 3 bits block type 3, 24 bits
    /// block size, 4 bits of padding to the 16-bit boundary (bits go MSB first in little-endian 16-bit words),
    /// then R0, R1, R2 (u32 each) and the raw bytes.
    static func lzxUncompressed(_ data: [UInt8]) -> [UInt8] {
        precondition(data.count < 1 << 24)
        let bits: UInt32 = (0 << 31) | (3 << 28) | (UInt32(data.count) << 4)
        var out: [UInt8] = []
        put16(&out, UInt16(bits >> 16))
        put16(&out, UInt16(bits & 0xFFFF))
        for _ in 0..<3 { put32(&out, 1) }
        return out + data
    }

    static func put16(_ out: inout [UInt8], _ v: UInt16) { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func put32(_ out: inout [UInt8], _ v: UInt32) {
        out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }
}
