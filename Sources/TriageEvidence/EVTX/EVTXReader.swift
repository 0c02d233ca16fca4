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

    /// Reads everything in `bytes` (the fuzzing entry point: any input, no crash, bounded time and memory).
    public static func read(_ bytes: [UInt8]) -> EVTXLog {
        bytes.withUnsafeBytes { read($0) }
    }

    /// Reads everything in `bytes` into a log.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> EVTXLog {
        var log = EVTXLog()
        let summary = scan(bytes) { log.events.append($0) }
        log.notes = summary.notes
        log.chunks = summary.chunks
        log.failure = summary.failure
        return log
    }

    /// Calls `body` with each event in file order (nothing kept); returns the number of records read.
    @discardableResult
    public static func forEach(_ bytes: UnsafeRawBufferPointer, _ body: (EVTXEvent) -> Void) -> Int {
        scan(bytes, visit: body).records
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
    static func scan(_ bytes: UnsafeRawBufferPointer, visit: (EVTXEvent) -> Void) -> Summary {
        var summary = Summary()
        guard readFileHeader(bytes, into: &summary) else { return summary }
        var ordinal = 0
        var damage = Damage()
        var index = 0
        var offset = fileHeaderSize
        while offset + chunkHeaderSize <= bytes.count {
            let length = min(chunkSize, bytes.count - offset)
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            defer {
                offset += chunkSize
                index += 1
            }
            let name = "chunk \(index) (offset 0x\(String(offset, radix: 16)))"
            guard chunk.prefix(8).elementsEqual(chunkMagic) else {
                if !chunk.prefix(chunkHeaderSize).allSatisfy({ $0 == 0 }) {
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
    private static func readFileHeader(_ bytes: UnsafeRawBufferPointer, into summary: inout Summary) -> Bool {
        guard bytes.count >= 128, bytes.prefix(8).elementsEqual(fileMagic) else {
            summary.failure = "not an EVTX file: no ElfFile header"
            return false
        }
        let headerCRC = bytes.loadUnaligned(fromByteOffset: 124, as: UInt32.self).littleEndian
        if EVTXChecksum.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<120])) != headerCRC {
            summary.notes.append("file header checksum mismatch (header ignored, chunks read)")
        }
        let major = bytes.loadUnaligned(fromByteOffset: 38, as: UInt16.self).littleEndian
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
        _ chunk: UnsafeRawBufferPointer, length: Int, name: String, into summary: inout Summary
    ) -> Int? {
        let stored = chunk.loadUnaligned(fromByteOffset: 124, as: UInt32.self).littleEndian
        let crc = EVTXChecksum.checksum(
            UnsafeRawBufferPointer(rebasing: chunk[128..<chunkHeaderSize]),
            continuing: EVTXChecksum.checksum(UnsafeRawBufferPointer(rebasing: chunk[0..<120])))
        guard crc == stored else {
            summary.notes.append("\(name): header checksum mismatch; skipped")
            return nil
        }
        let free = Int(chunk.loadUnaligned(fromByteOffset: 48, as: UInt32.self).littleEndian)
        let recordsEnd = (chunkHeaderSize...chunkSize).contains(free) ? min(free, length) : length
        if free <= length, (chunkHeaderSize...chunkSize).contains(free) {
            let storedRecords = chunk.loadUnaligned(fromByteOffset: 52, as: UInt32.self).littleEndian
            if EVTXChecksum.checksum(UnsafeRawBufferPointer(rebasing: chunk[chunkHeaderSize..<free]))
                != storedRecords
            {
                summary.notes.append("\(name): event records checksum mismatch; records read as far as they parse")
            }
        }
        return recordsEnd
    }

    /// The chunk's records in order, each built into an event and visited; stops at the first record whose
    /// signature or size is wrong.
    private static func readRecords(
        _ chunk: UnsafeRawBufferPointer, length: Int, recordsEnd: Int, index: Int, ordinal: inout Int,
        damage: inout Damage, summary: inout Summary, visit: (EVTXEvent) -> Void
    ) {
        var builder = EventBuilder(chunk: chunk)
        var p = chunkHeaderSize
        while p + 28 <= recordsEnd {
            let signature = chunk.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian
            guard signature == 0x0000_2A2A else {
                if signature != 0 {
                    damage.firstDamage[index] =
                        damage.firstDamage[index] ?? "no record signature at 0x\(String(p, radix: 16))"
                }
                break
            }
            let size = Int(chunk.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self).littleEndian)
            guard size >= 28, p + size <= length,
                Int(chunk.loadUnaligned(fromByteOffset: p + size - 4, as: UInt32.self).littleEndian) == size
            else {
                damage.firstDamage[index] =
                    damage.firstDamage[index] ?? "record at 0x\(String(p, radix: 16)) has a bad size"
                damage.badRecords[index, default: 0] += 1
                break
            }
            ordinal += 1
            let id = chunk.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self).littleEndian
            let written = chunk.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self).littleEndian
            do {
                let event = try builder.event(
                    p + 24, p + size - 4, ordinal: ordinal, recordID: id, written: written)
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
