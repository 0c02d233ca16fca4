import Foundation
import Testing
import TriageCore
import ZIPFoundation

@testable import TriageEvidence

/// Zip bundles: nested folders and zips, display paths, and every hostile case refused as a skipped source.
@Suite struct ZipReaderTests {
    /// A stored (uncompressed) zip written byte by byte, so that names, flags and attributes can be hostile.
    struct StoredZip {
        struct Member {
            var name: String
            var data: [UInt8]
            var flags: UInt16 = 0
            var unixMode: UInt32? = nil
            /// The name's bytes as written, when not the UTF-8 of `name` (a legacy code page).
            var rawName: [UInt8]? = nil
        }

        var members: [Member]

        static func crc32(_ data: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }

        var bytes: [UInt8] {
            func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
            func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
            var out: [UInt8] = []
            var directory: [UInt8] = []
            for member in members {
                let name = member.rawName ?? Array(member.name.utf8)
                let crc = Self.crc32(member.data)
                let offset = UInt32(out.count)
                out += le32(0x0403_4B50) + le16(20) + le16(member.flags) + le16(0) + le16(0) + le16(0x21)
                out += le32(crc) + le32(UInt32(member.data.count)) + le32(UInt32(member.data.count))
                out += le16(UInt16(name.count)) + le16(0) + name + member.data
                let madeBy: UInt16 = member.unixMode == nil ? 20 : (3 << 8) | 20
                directory += le32(0x0201_4B50) + le16(madeBy) + le16(20) + le16(member.flags) + le16(0) + le16(0)
                directory += le16(0x21) + le32(crc) + le32(UInt32(member.data.count)) + le32(UInt32(member.data.count))
                directory += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0)
                directory += le32((member.unixMode ?? 0) << 16) + le32(offset) + name
            }
            let start = UInt32(out.count)
            out += directory
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(members.count)) + le16(UInt16(members.count))
            out += le32(UInt32(directory.count)) + le32(start) + le16(0)
            return out
        }
    }

    static let cbs = Array((ReaderFixtures.cbsLines.joined(separator: "\r\n") + "\r\n").utf8)
    static let wu = Array(
        "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530\r\n".utf8)

    func read(_ zip: [UInt8], name: String = "bundle.zip", limits: InputLimits = .init()) throws -> EvidenceSet {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(zip, to: folder + "/" + name)
        return try EvidenceReader(limits: limits).read(paths: [folder + "/" + name])
    }

    func summary(_ set: EvidenceSet) -> [String] {
        set.sources.map {
            "\($0.path) \($0.kind.rawValue) \($0.status.rawValue)\($0.reason.map { " (\($0))" } ?? "") \($0.lines)"
        }
    }

    @Test func nestedFoldersAndZipInsideZip() throws {
        let inner = StoredZip(members: [.init(name: "WindowsUpdate.log", data: Self.wu)]).bytes
        let outer = StoredZip(members: [
            .init(name: "Windows/Logs/CBS/CBS.log", data: Self.cbs),
            .init(name: "Windows\\Logs\\CBS\\CbsPersist_20221027.log", data: Self.cbs),
            .init(name: "WU/inner.zip", data: inner),
            .init(name: "Windows/Logs/", data: [])
        ]).bytes
        let set = try read(outer, name: "CMGELogCollector_v1.11_20221028.zip")
        #expect(
            summary(set) == [
                "CMGELogCollector_v1.11_20221028.zip/WU/inner.zip/WindowsUpdate.log windowsupdate parsed 1",
                "CMGELogCollector_v1.11_20221028.zip/Windows/Logs/CBS/CBS.log cbs parsed 4",
                "CMGELogCollector_v1.11_20221028.zip/Windows/Logs/CBS/CbsPersist_20221027.log cbs parsed 4"
            ])
        let collectors = set.facts.filter { $0.kind == FactKind.collector }
        #expect(collectors.map(\.attributes) == [["name": "CMGELogCollector", "version": "1.11"]])
        #expect(collectors.first?.provenance.file == "CMGELogCollector_v1.11_20221028.zip")
    }

    @Test func hostileMembersAreRefused() throws {
        let zip = StoredZip(members: [
            .init(name: "../evil.log", data: Self.cbs),
            .init(name: "logs/../../evil2.log", data: Self.cbs),
            .init(name: "/etc/evil.log", data: Self.cbs),
            .init(name: "C:/Windows/evil.log", data: Self.cbs),
            .init(name: "link.log", data: Array("/etc/passwd".utf8), unixMode: 0o120777),
            .init(name: "secret.log", data: Self.cbs, flags: 1),
            .init(name: "ok/CBS.log", data: Self.cbs)
        ]).bytes
        let set = try read(zip)
        #expect(
            summary(set) == [
                "bundle.zip/../evil.log unknown skipped (path traversal (..): refused) 0",
                "bundle.zip//etc/evil.log unknown skipped (absolute member path: refused) 0",
                "bundle.zip/C:/Windows/evil.log unknown skipped (absolute member path (drive letter): refused) 0",
                "bundle.zip/link.log unknown skipped (symbolic link member: refused) 0",
                "bundle.zip/logs/../../evil2.log unknown skipped (path traversal (..): refused) 0",
                "bundle.zip/ok/CBS.log cbs parsed 4",
                "bundle.zip/secret.log unknown skipped (encrypted member: not read) 0"
            ])
    }

    @Test func zipBombsAreRefused() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let url = URL(fileURLWithPath: folder + "/bomb.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let zeros = Data(count: 8 << 20)
        try archive.addEntry(
            with: "zeros.log", type: .file, uncompressedSize: Int64(zeros.count),
            compressionMethod: .deflate
        ) { position, size in
            zeros.subdata(in: Int(position)..<Int(position) + size)
        }
        try archive.addEntry(
            with: "CBS.log", type: .file, uncompressedSize: Int64(Self.cbs.count),
            compressionMethod: .deflate
        ) { position, size in
            Data(Self.cbs[Int(position)..<Int(position) + size])
        }
        let set = try EvidenceReader().read(paths: [url.path])
        #expect(set.sources.count == 2)
        #expect(set.sources[0].path == "bomb.zip/CBS.log" && set.sources[0].status == .parsed)
        #expect(set.sources[1].path == "bomb.zip/zeros.log" && set.sources[1].status == .skipped)
        #expect(set.sources[1].reason?.hasPrefix("zip bomb: compression ratio ") == true)
        #expect(set.sources[1].reason?.hasSuffix(":1 (limit 200:1)") == true)

        let small = InputLimits(maxMemberBytes: 100)
        let tooLarge = try EvidenceReader(limits: small).read(paths: [url.path])
        #expect(
            tooLarge.sources.map(\.reason) == [
                "too large: declares \(Self.cbs.count) bytes (limit 100)",
                "too large: declares \(8 << 20) bytes (limit 100)"
            ])
        let budget = InputLimits(maxTotalUncompressedBytes: 1000, maxCompressionRatio: 100_000)
        let overBudget = try EvidenceReader(limits: budget).read(paths: [url.path])
        #expect(overBudget.sources.map(\.reason) == [nil, "zip bomb: total uncompressed size over 1000 bytes"])
    }

    @Test func truncatedAndCorruptArchives() throws {
        let good = StoredZip(members: [.init(name: "CBS.log", data: Self.cbs)]).bytes
        let truncated = try read(Array(good.prefix(good.count - 30)))
        #expect(
            summary(truncated) == [
                "bundle.zip unknown skipped (corrupt zip: no end-of-central-directory record (truncated or not a zip)) 0"
            ])
        var flipped = good
        flipped[60] ^= 0xFF  // a byte of the member's data
        let corrupt = try read(flipped)
        #expect(summary(corrupt) == ["bundle.zip/CBS.log cbs skipped (corrupt member: checksum mismatch) 0"])
    }

    /// An encrypted member used to make the whole archive load into memory (1.5 GB zip → 1.6 GB RSS); members
    /// are now read at their own offsets, and the others are read as usual.
    @Test func anEncryptedMemberDoesNotStopTheOthers() throws {
        let zip = StoredZip(members: [
            .init(name: "a/secret.log", data: Self.cbs, flags: 1),
            .init(name: "b/CBS.log", data: Self.cbs),
            .init(name: "c/WindowsUpdate.log", data: Self.wu)
        ]).bytes
        #expect(
            summary(try read(zip)) == [
                "bundle.zip/a/secret.log unknown skipped (encrypted member: not read) 0",
                "bundle.zip/b/CBS.log cbs parsed 4",
                "bundle.zip/c/WindowsUpdate.log windowsupdate parsed 1"
            ])
    }

    /// Names without the UTF-8 flag: GBK from a Chinese Windows (`日志/` was shown as `╚╒╓╛/`, and names that
    /// were not UTF-8 became empty paths), CP437 where GB18030 cannot decode them.
    @Test func legacyCodePageNamesAreDecoded() throws {
        let zip = StoredZip(members: [
            .init(name: "", data: Self.cbs, rawName: [0xC8, 0xD5, 0xD6, 0xBE, 0x2F] + Array("CBS.log".utf8)),
            .init(name: "", data: Self.wu, rawName: Array("x".utf8) + [0xFF] + Array("/WindowsUpdate.log".utf8))
        ]).bytes
        #expect(
            summary(try read(zip)) == [
                "bundle.zip/x\u{A0}/WindowsUpdate.log windowsupdate parsed 1",
                "bundle.zip/日志/CBS.log cbs parsed 4"
            ])
    }

    /// A nested zip is inflated whole to be opened (13.6 MB zip → 1.87 GB held): nested zips share one budget.
    @Test func nestedZipsShareAMemoryBudget() throws {
        let inner = StoredZip(members: [.init(name: "CBS.log", data: Self.cbs)]).bytes
        let outer = StoredZip(members: [.init(name: "one.zip", data: inner), .init(name: "two.zip", data: inner)]).bytes
        let limits = InputLimits(maxNestedZipBytes: inner.count + 10)
        #expect(
            summary(try read(outer, limits: limits)) == [
                "bundle.zip/one.zip/CBS.log cbs parsed 4",
                "bundle.zip/two.zip unknown skipped (nested zip not opened: nested zips would hold more than \(inner.count + 10) bytes in memory) 0"
            ])
    }

    /// A deflate stream cut short used to make the decoder ask for more bytes forever.
    @Test func aTruncatedDeflateStreamIsACorruptMemberNotAHang() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let url = URL(fileURLWithPath: folder + "/deflated.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let text = Data(String(repeating: ReaderFixtures.cbsLines.joined(separator: "\r\n") + "\r\n", count: 200).utf8)
        try archive.addEntry(
            with: "CBS.log", type: .file, uncompressedSize: Int64(text.count),
            compressionMethod: .deflate
        ) { position, size in
            text.subdata(in: Int(position)..<Int(position) + size)
        }
        let whole = try EvidenceReader().read(paths: [url.path])
        #expect(whole.sources.map(\.status) == [.parsed])
        // Declare a compressed size half the real one in the central directory: the stream ends early.
        var bytes = Array(try Data(contentsOf: url))
        let central = try #require(Self.lastCentralRecord(bytes))
        let size = Int(bytes[central + 20]) | Int(bytes[central + 21]) << 8 | Int(bytes[central + 22]) << 16
        let half = size / 2
        bytes[central + 20] = UInt8(half & 0xFF)
        bytes[central + 21] = UInt8(half >> 8 & 0xFF)
        bytes[central + 22] = UInt8(half >> 16)
        let cut = try read(bytes)
        #expect(summary(cut) == ["bundle.zip/CBS.log cbs skipped (corrupt member: deflate data ends early) 0"])
    }

    static func lastCentralRecord(_ bytes: [UInt8]) -> Int? {
        var i = bytes.count - 4
        while i >= 0 {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 1, bytes[i + 3] == 2 { return i }
            i -= 1
        }
        return nil
    }

    @Test func nestingDepthIsLimited() throws {
        var zip = StoredZip(members: [.init(name: "CBS.log", data: Self.cbs)]).bytes
        for level in 1...3 { zip = StoredZip(members: [.init(name: "level\(level).zip", data: zip)]).bytes }
        let set = try read(zip)
        #expect(
            summary(set) == [
                "bundle.zip/level3.zip/level2.zip/level1.zip unknown skipped (zip nested deeper than 3 levels: not opened) 0"
            ])
    }

    @Test func folderInputsAreSortedAndSymlinksNotFollowed() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(Self.cbs, to: folder + "/b/CBS.log")
        try ReaderFixtures.write(Self.wu, to: folder + "/a/WindowsUpdate.log")
        try ReaderFixtures.write(
            StoredZip(members: [.init(name: "x/CBS.log", data: Self.cbs)]).bytes,
            to: folder + "/c/CMGELogCollectorV2.zip")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b/link.log", withDestinationPath: "/etc/hostname")
        let set = try EvidenceReader().read(paths: [folder])
        #expect(
            summary(set) == [
                "a/WindowsUpdate.log windowsupdate parsed 1",
                "b/CBS.log cbs parsed 4",
                "b/link.log unknown skipped (symbolic link: not followed) 0",
                "c/CMGELogCollectorV2.zip/x/CBS.log cbs parsed 4"
            ])
        #expect(
            set.facts.filter { $0.kind == FactKind.collector }.map(\.attributes)
                == [["name": "CMGELogCollector", "version": "2"]])
    }
}

/// Folders that cannot be listed are accounted for, not left out of Sources.
@Suite struct FolderListingTests {
    struct ListingFailed: Error {}

    @Test func anUnlistableSubfolderIsASkippedSource() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(ZipReaderTests.cbs, to: folder + "/a/CBS.log")
        try ReaderFixtures.write(ZipReaderTests.wu, to: folder + "/b/locked/WindowsUpdate.log")
        var planner = InputPlanner(limits: .init())
        planner.listDirectory = { path in
            if path.hasSuffix("/locked") { throw ListingFailed() }
            return try FileManager.default.contentsOfDirectory(atPath: path)
        }
        try planner.plan([folder])
        let planned = planner.items.map { item -> String in
            switch item {
            case .file(_, let path, _): "read \(path)"
            case .member(_, _, let path, _): "member \(path)"
            case .bytes(_, let path, _): "bytes \(path)"
            case .cabMember(_, _, let path, _, _): "cab member \(path)"
            case .done(let outcome): "skipped \(outcome.record.path) (\(outcome.record.reason ?? ""))"
            }
        }
        #expect(planned == ["read a/CBS.log", "skipped b/locked (folder cannot be listed)"])
    }
}
