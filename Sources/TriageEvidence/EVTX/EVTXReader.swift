/// Reads Windows XML Event Log (EVTX) files: the 4 KiB file header, then 64 KiB chunks, each with its header
/// (CRC32-checked), its records and the Binary XML templates the records point to.
///
/// Damage never stops the reading: a chunk whose header fails its checksum or signature is skipped and named
/// in the notes; a chunk whose records fail their checksum is read and named; a record that cannot be parsed
/// is skipped and counted. Every read is bounds-checked; loops advance by at least one record header; nesting,
/// steps and text per record are bounded (``EventBuilder``). Only a file without an EVTX header fails.
public enum EVTXReader {
    static let fileHeaderSize = 4096
    static let chunkSize = 65536
    static let chunkHeaderSize = 512
    static let fileMagic: [UInt8] = Array("ElfFile\0".utf8)
    static let chunkMagic: [UInt8] = Array("ElfChnk\0".utf8)
    /// The file header's fields read: bytes read at least, major version, the checksummed bytes, the checksum.
    static let fileHeaderChecked = 128
    static let majorVersionOffset = 38
    static let checksummedHeader = 120
    static let headerChecksumOffset = 124
    /// The chunk header's fields read: free space offset (where records end), records checksum, and where the
    /// checksummed bytes resume after the checksum fields.
    static let freeSpaceOffset = 48
    static let recordsChecksumOffset = 52
    static let chunkHeaderChecksumOffset = 124
    static let chunkHeaderTail = 128
    /// A record: `**\0\0`, size, record id, written (FILETIME), then Binary XML, then the size again.
    static let recordMagic: UInt32 = 0x0000_2A2A
    static let recordHeaderSize = 24

    /// Reads everything in `bytes` (the fuzzing entry point: any input, no crash, bounded time and memory).
    public static func read(_ bytes: [UInt8]) -> EVTXLog {
        ByteWindow.over(bytes) { read($0) }
    }

    /// Reads everything in `bytes` into a log.
    public static func read(_ bytes: ByteWindow) -> EVTXLog {
        var log = EVTXLog()
        let summary = scan(bytes) { log.events.append($0) }
        log.notes = summary.notes
        log.chunks = summary.chunks
        log.failure = summary.failure
        return log
    }

    /// Calls `body` with each event in file order (nothing kept); returns the number of records read.
    @discardableResult
    public static func forEach(_ bytes: ByteWindow, _ body: (EVTXEvent) -> Void) -> Int {
        scan(bytes, visit: body).records
    }

    /// Calls `body` with each event of `bytes` in file order (nothing kept); returns the number of records read.
    @discardableResult
    public static func forEach(_ bytes: [UInt8], _ body: (EVTXEvent) -> Void) -> Int {
        ByteWindow.over(bytes) { scan($0, visit: body).records }
    }

    struct Summary {
        var notes: [String] = []
        var chunks = 0
        var records = 0
        var failure: String?
    }

    /// Records that could not be read, per chunk index: how many, and what the first one was.
    struct Damage {
        var badRecords: [Int: Int] = [:]
        var firstDamage: [Int: String] = [:]

        func notes() -> [String] {
            Set(badRecords.keys).union(firstDamage.keys).sorted().map { chunk in
                let count = badRecords[chunk] ?? 0
                let first = firstDamage[chunk].map { " (\($0))" } ?? ""
                return "chunk \(chunk): \(count) record\(count == 1 ? "" : "s") could not be read\(first)"
            }
        }
    }

    /// Calls `visit` with each event in file order; returns the notes. Nothing is kept between events.
    static func scan(_ bytes: ByteWindow, visit: (EVTXEvent) -> Void) -> Summary {
        var summary = Summary()
        guard readFileHeader(bytes, into: &summary) else { return summary }
        var ordinal = 0
        var damage = Damage()
        var index = 0
        var offset = fileHeaderSize
        while offset + chunkHeaderSize <= bytes.count {
            let length = min(chunkSize, bytes.count - offset)
            guard let chunk = bytes.window(offset, length) else { break }
            defer {
                offset += chunkSize
                index += 1
            }
            let name = "chunk \(index) (offset 0x\(String(offset, radix: 16)))"
            guard chunk.matches(chunkMagic, at: 0) else {
                if !(0..<chunkHeaderSize).allSatisfy({ chunk.byte($0) == 0 }) {
                    summary.notes.append("\(name): no chunk signature; skipped")
                }
                continue
            }
            summary.chunks += 1
            if length < chunkSize {
                summary.notes.append("\(name): truncated to \(length) bytes; records read as far as they go")
            }
            guard let recordsEnd = checkChunkHeader(chunk, length: length, name: name, into: &summary) else { continue }
            readRecords(
                chunk, length: length, recordsEnd: recordsEnd, index: index, ordinal: &ordinal, damage: &damage,
                summary: &summary, visit: visit)
        }
        summary.notes += damage.notes()
        return summary
    }

    /// The file header: magic (else the file is not read), checksum and version (noted). False when there is no
    /// chunk to read.
    private static func readFileHeader(_ bytes: ByteWindow, into summary: inout Summary) -> Bool {
        guard bytes.count >= fileHeaderChecked, bytes.matches(fileMagic, at: 0),
            let header = bytes.window(0, checksummedHeader), let headerCRC = bytes.u32(headerChecksumOffset),
            let major = bytes.u16(majorVersionOffset)
        else {
            summary.failure = "not an EVTX file: no ElfFile header"
            return false
        }
        if CRC32.checksum(header) != headerCRC {
            summary.notes.append("file header checksum mismatch (header ignored, chunks read)")
        }
        if major != 3 { summary.notes.append("unexpected format version \(major) (read as 3)") }
        if bytes.count < fileHeaderSize + chunkHeaderSize {
            summary.notes.append("no chunk: file ends at \(bytes.count) bytes")
            return false
        }
        return true
    }

    /// The chunk header's checksum (nil: the chunk is skipped) and where its records end; a records checksum
    /// mismatch is noted and the records read anyway.
    private static func checkChunkHeader(
        _ chunk: ByteWindow, length: Int, name: String, into summary: inout Summary
    ) -> Int? {
        // The header's checksum covers its first 120 bytes and the 384 after the checksum fields.
        guard let stored = chunk.u32(chunkHeaderChecksumOffset), let head = chunk.window(0, checksummedHeader),
            let tail = chunk.window(chunkHeaderTail, chunkHeaderSize - chunkHeaderTail),
            let freeSpace = chunk.u32(freeSpaceOffset), let storedRecords = chunk.u32(recordsChecksumOffset)
        else { return nil }
        guard CRC32.checksum(tail, continuing: CRC32.checksum(head)) == stored else {
            summary.notes.append("\(name): header checksum mismatch; skipped")
            return nil
        }
        let free = Int(freeSpace)
        let recordsEnd = (chunkHeaderSize...chunkSize).contains(free) ? min(free, length) : length
        if free <= length, (chunkHeaderSize...chunkSize).contains(free),
            let records = chunk.window(chunkHeaderSize, free - chunkHeaderSize)
        {
            if CRC32.checksum(records) != storedRecords {
                summary.notes.append("\(name): event records checksum mismatch; records read as far as they parse")
            }
        }
        return recordsEnd
    }

    /// The chunk's records in order, each built into an event and visited; stops at the first record whose
    /// signature or size is wrong.
    private static func readRecords(
        _ chunk: ByteWindow, length: Int, recordsEnd: Int, index: Int, ordinal: inout Int,
        damage: inout Damage, summary: inout Summary, visit: (EVTXEvent) -> Void
    ) {
        var builder = EventBuilder(chunk: chunk)
        var p = chunkHeaderSize
        while p + recordHeaderSize + 4 <= recordsEnd {
            let signature = chunk.u32(p) ?? 0
            guard signature == recordMagic else {
                if signature != 0 {
                    damage.firstDamage[index] =
                        damage.firstDamage[index] ?? "no record signature at 0x\(String(p, radix: 16))"
                }
                break
            }
            let size = Int(chunk.u32(p + 4) ?? 0)
            guard size >= recordHeaderSize + 4, p + size <= length, chunk.u32(p + size - 4).map(Int.init) == size
            else {
                damage.firstDamage[index] =
                    damage.firstDamage[index] ?? "record at 0x\(String(p, radix: 16)) has a bad size"
                damage.badRecords[index, default: 0] += 1
                break
            }
            ordinal += 1
            let id = chunk.u64(p + 8) ?? 0
            let written = chunk.u64(p + 16) ?? 0
            do {
                let event = try builder.event(
                    p + recordHeaderSize, p + size - 4, ordinal: ordinal, recordID: id, written: written)
                summary.records += 1
                visit(event)
            } catch {
                damage.badRecords[index, default: 0] += 1
                damage.firstDamage[index] = damage.firstDamage[index] ?? "record \(id): \(error.what)"
            }
            p += size
        }
    }
}
