import Foundation

/// The central directory of a zip, read directly (ZIPFoundation does not expose the encryption flag):
/// general-purpose flags, method and sizes of every entry, in directory order. Reads the end of the archive
/// only; a truncated or corrupt archive gives a clear error.
struct ZipDirectory: Sendable {
    struct Record: Sendable {
        var rawName: [UInt8]
        var flags: UInt16
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        /// Offset of the record in the archive (its flags are at +8).
        var recordOffset: UInt64
        /// Offset of the member's local header.
        var localHeaderOffset: UInt64
        var crc32: UInt32
        /// The host that made the entry (high byte of "version made by": 3 = Unix) and its external attributes.
        var madeBy: UInt16
        var externalAttributes: UInt32
        var isEncrypted: Bool { flags & 1 != 0 }
        /// General-purpose flag 11: the name is UTF-8.
        var isUTF8Name: Bool { flags & 0x0800 != 0 }

        /// Unix file type from the external attributes, when a Unix host made the entry.
        var unixType: UInt32? { madeBy >> 8 == 3 ? (externalAttributes >> 16) & 0o170000 : nil }
        var isDirectory: Bool { rawName.last == 0x2F || rawName.last == 0x5C || unixType == 0o040000 }
        var isSymlink: Bool { unixType == 0o120000 }
    }

    enum Failure: Error, CustomStringConvertible {
        case noEndRecord
        case badDirectory(String)
        var description: String {
            switch self {
            case .noEndRecord: "no end-of-central-directory record (truncated or not a zip)"
            case .badDirectory(let why): "damaged central directory (\(why))"
            }
        }
    }

    var records: [Record]

    /// `read(offset, count)` returns bytes of the archive (fewer at its end).
    init(size: UInt64, maxEntries: Int, read: (UInt64, Int) throws -> [UInt8]) throws {
        let tailLength = Int(min(size, 65_557))
        let tail = try read(size - UInt64(tailLength), tailLength)
        guard tail.count >= 22, let eocd = Self.lastIndex(of: [0x50, 0x4B, 0x05, 0x06], in: tail) else {
            throw Failure.noEndRecord
        }
        var count = UInt64(Self.u16(tail, eocd + 10))
        var cdSize = UInt64(Self.u32(tail, eocd + 12))
        var cdOffset = UInt64(Self.u32(tail, eocd + 16))
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the end record.
            guard eocd >= 20, Array(tail[(eocd - 20)..<(eocd - 16)]) == [0x50, 0x4B, 0x06, 0x07] else {
                throw Failure.badDirectory("zip64 locator missing")
            }
            let recordOffset = Self.u64(tail, eocd - 12)
            let record = try read(recordOffset, 56)
            guard record.count == 56, Array(record[0..<4]) == [0x50, 0x4B, 0x06, 0x06] else {
                throw Failure.badDirectory("zip64 end record missing")
            }
            count = Self.u64(record, 32)
            cdSize = Self.u64(record, 40)
            cdOffset = Self.u64(record, 48)
        }
        guard cdOffset <= size, cdSize <= size - cdOffset else {
            throw Failure.badDirectory("directory beyond the end of the file")
        }
        guard cdSize <= 256 << 20 else { throw Failure.badDirectory("directory of \(cdSize) bytes") }
        let directory = try read(cdOffset, Int(cdSize))
        guard directory.count == Int(cdSize) else { throw Failure.badDirectory("short read") }
        var records: [Record] = []
        var at = 0
        while records.count < Int(min(count, UInt64(maxEntries) + 1)) {
            guard at + 46 <= directory.count, Array(directory[at..<(at + 4)]) == [0x50, 0x4B, 0x01, 0x02] else {
                throw Failure.badDirectory("entry \(records.count + 1) unreadable")
            }
            let nameLength = Int(Self.u16(directory, at + 28))
            let extraLength = Int(Self.u16(directory, at + 30))
            let commentLength = Int(Self.u16(directory, at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw Failure.badDirectory("entry \(records.count + 1) truncated")
            }
            var compressed = UInt64(Self.u32(directory, at + 20))
            var uncompressed = UInt64(Self.u32(directory, at + 24))
            var localOffset = UInt64(Self.u32(directory, at + 42))
            // ZIP64 extra field (id 1): the 0xFFFFFFFF sizes, uncompressed first.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.u16(directory, extra)
                let length = Int(Self.u16(directory, extra + 2))
                if id == 1 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extra + 4 + length {
                        uncompressed = Self.u64(directory, field)
                        field += 8
                    }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extra + 4 + length {
                        compressed = Self.u64(directory, field)
                        field += 8
                    }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extra + 4 + length {
                        localOffset = Self.u64(directory, field)
                    }
                }
                extra += 4 + length
            }
            records.append(
                Record(
                    rawName: Array(directory[(at + 46)..<(at + 46 + nameLength)]),
                    flags: Self.u16(directory, at + 8), method: Self.u16(directory, at + 10),
                    compressedSize: compressed, uncompressedSize: uncompressed,
                    recordOffset: cdOffset + UInt64(at), localHeaderOffset: localOffset,
                    crc32: Self.u32(directory, at + 16), madeBy: Self.u16(directory, at + 4),
                    externalAttributes: Self.u32(directory, at + 38)))
            at += 46 + nameLength + extraLength + commentLength
        }
        self.records = records
    }

    private static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        var i = haystack.count - 22
        while i >= 0 {
            if haystack[i] == needle[0], haystack[i + 1] == needle[1], haystack[i + 2] == needle[2],
                haystack[i + 3] == needle[3]
            {
                return i
            }
            i -= 1
        }
        return nil
    }

    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(b, at)) | UInt32(u16(b, at + 2)) << 16
    }
    private static func u64(_ b: [UInt8], _ at: Int) -> UInt64 {
        UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32
    }
}
