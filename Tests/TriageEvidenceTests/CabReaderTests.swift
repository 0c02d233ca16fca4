import Foundation
import Testing
import TriageCore
import TriageKnowledge
@preconcurrency import ZIPFoundation

@testable import TriageEvidence

/// Cabinets read through libmspack: members read as the log kind they are, cited by their whole path, under
/// the zip limits; damaged cabs skipped with a reason.
@Suite struct CabReaderTests {
    static let folder = ReaderFixtures.repoRoot.appendingPathComponent("Tests/Fixtures/cab").path
    static let name = "CbsPersist_20221027103011"
    static let log = folder + "/log/\(name).log"
    static let mszip = folder + "/mszip/\(name).cab"
    static let lzx = folder + "/lzx/\(name).cab"
    static let corpusExists = FileManager.default.fileExists(atPath: ReaderFixtures.corpus + "/SOURCES.md")
    static let gcab = ["/usr/bin/gcab", "/usr/local/bin/gcab"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The shipped knowledge base's line signatures, as `triage analyze` reads with them.
    static let signatures = KnowledgeLoader.load(
        rulesDirectory: ReaderFixtures.repoRoot.appendingPathComponent("Rules").path,
        knowledgeDirectory: ReaderFixtures.repoRoot.appendingPathComponent("KnowledgeBase").path
    )
    .knowledgeBase.signatures

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Facts as text, the source's path replaced by `<file>` (the same log read directly and from a cab).
    static func normalized(_ set: EvidenceSet, file: String) -> [String] {
        set.facts.map { fact in
            let attributes = fact.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " ")
            let text =
                "\(fact.kind) \(fact.provenance.file):\(fact.provenance.line) \(attributes) | \(fact.provenance.text ?? "")"
            return text.replacingOccurrences(of: file, with: "<file>")
        }
    }

    static func summary(_ set: EvidenceSet) -> [String] {
        set.sources.map {
            "\($0.path) \($0.kind.rawValue) \($0.status.rawValue)\($0.reason.map { " (\($0))" } ?? "") \($0.lines)"
        }
    }

    @Test func lzxFixtureIsTheWritersOutput() throws {
        let made = CabTestWriter.cabinet([("\(Self.name).log", try Self.bytes(Self.log))])
        if ProcessInfo.processInfo.environment["TRIAGE_RECORD_FIXTURES"] != nil {
            try ReaderFixtures.write(made, to: Self.lzx)
        }
        #expect(try Self.bytes(Self.lzx) == made)
    }

    @Test func mszipAndLzxCabsGiveTheLogsOwnFacts() throws {
        let direct = try EvidenceReader(signatures: Self.signatures).read(paths: [Self.log])
        let expected = Self.normalized(direct, file: "\(Self.name).log")
        #expect(expected.count == 10)
        #expect(
            expected.contains {
                $0.hasPrefix(
                    "error-code <file>:6 attempt=cbs:5 attempt-result=failed code=0x800f0821 component=CBS context=install"
                )
            })
        for (cab, compression) in [(Self.mszip, "mszip"), (Self.lzx, "lzx")] {
            let archive = try CabArchive(try Self.bytes(cab), maxMembers: 10)
            #expect(archive.members == [.init(name: "\(Self.name).log", size: 1470, compression: compression)])
            let set = try EvidenceReader(signatures: Self.signatures).read(paths: [cab])
            #expect(Self.summary(set) == ["\(Self.name).cab/\(Self.name).log cbs parsed 9"])
            #expect(Self.normalized(set, file: "\(Self.name).cab/\(Self.name).log") == expected, "\(compression)")
            // The fuzzing entry reads the same.
            let viaBytes = CabReader.read(try Self.bytes(cab), name: "\(Self.name).cab", signatures: Self.signatures)
            #expect(Self.normalized(viaBytes, file: "\(Self.name).cab/\(Self.name).log") == expected, "\(compression)")
        }
    }

    @Test func cabInsideZipIsCitedByItsWholePath() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let url = URL(fileURLWithPath: folder + "/bundle.zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (entry, path) in [("Logs/CBS/\(Self.name).cab", Self.mszip), ("Logs/CBS/lzx/\(Self.name).cab", Self.lzx)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try archive.addEntry(
                with: entry, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) {
                data.subdata(in: Int($0)..<Int($0) + $1)
            }
        }
        let set = try EvidenceReader().read(paths: [url.path])
        #expect(
            Self.summary(set) == [
                "bundle.zip/Logs/CBS/\(Self.name).cab/\(Self.name).log cbs parsed 9",
                "bundle.zip/Logs/CBS/lzx/\(Self.name).cab/\(Self.name).log cbs parsed 9"
            ])
        let aborts = set.facts.filter { $0.kind == FactKind.errorCode && $0["code"] == "0x800f0821" }
            .map { "\($0.provenance.file):\($0.provenance.line)" }
        #expect(aborts.first == "bundle.zip/Logs/CBS/\(Self.name).cab/\(Self.name).log:6")
        #expect(aborts.count == 6)
    }

    @Test func lzxAcrossFramesAndSeveralMembers() throws {
        var big: [UInt8] = []
        var k = 0
        while big.count < 200_000 {
            big += Array(
                "2022-10-27 10:15:\(k % 60 < 10 ? "0" : "")\(k % 60), Info                  CSI    \(k) line of a long CBS log\r\n"
                    .utf8)
            k += 1
        }
        let small = Array("second member\n".utf8)
        for method in [CabTestWriter.Method.lzx, .stored] {
            let cab = CabTestWriter.cabinet([("Logs\\CBS\\CBS.log", big), ("notes.txt", small)], method: method)
            let archive = try CabArchive(cab, maxMembers: 10)
            #expect(archive.members.map(\.name) == ["Logs\\CBS\\CBS.log", "notes.txt"])
            for (index, expected) in [big, small].enumerated() {
                var out: [UInt8] = []
                try archive.extract(index) {
                    out += $0.bytes(0, $0.count) ?? []
                    return nil
                }
                #expect(out == expected, "\(method) member \(index)")
            }
            let set = CabReader.read(cab, name: "x.cab")
            #expect(
                Self.summary(set) == [
                    "x.cab/Logs/CBS/CBS.log cbs parsed \(k)", "x.cab/notes.txt unknown skipped (unsupported kind) 0"
                ])
        }
    }

    @Test func zipLimitsApplyToCabs() throws {
        let a = Array("2022-10-27 10:15:01, Info                  CBS    first\r\n".utf8)
        let b = Array("2022-10-27 10:15:02, Info                  CBS    second one\r\n".utf8)
        let cab = CabTestWriter.cabinet([("a/CBS.log", a), ("b/CBS.log", b)])
        #expect(
            Self.summary(CabReader.read(cab, name: "x.cab", limits: InputLimits(maxZipEntries: 1)))
                == ["x.cab unknown skipped (too many members: more than 1) 0"])
        #expect(
            Self.summary(CabReader.read(cab, name: "x.cab", limits: InputLimits(maxMemberBytes: 60)))
                == [
                    "x.cab/a/CBS.log cbs parsed 1",
                    "x.cab/b/CBS.log cbs skipped (too large: declares 62 bytes (limit 60)) 0"
                ])
        #expect(
            Self.summary(CabReader.read(cab, name: "x.cab", limits: InputLimits(maxTotalUncompressedBytes: 100)))
                == [
                    "x.cab/a/CBS.log cbs parsed 1",
                    "x.cab/b/CBS.log cbs skipped (cab bomb: total uncompressed size over 100 bytes) 0"
                ])
        // 4 MiB of zeros in a 7 KB MSZIP cab (gcab): ratio 579:1.
        let bomb = try EvidenceReader().read(paths: [Self.folder + "/bomb/zeros.cab"])
        #expect(Self.summary(bomb) == ["zeros.cab unknown skipped (cab bomb: compression ratio 579:1 (limit 200:1)) 0"])
        let allowed = try EvidenceReader(limits: InputLimits(maxCompressionRatio: 1000)).read(paths: [
            Self.folder + "/bomb/zeros.cab"
        ])
        #expect(Self.summary(allowed) == ["zeros.cab/zeros.log unknown skipped (binary) 0"])
        // Member names are checked like zip member names.
        let evil = CabTestWriter.cabinet([("..\\evil.log", a), ("C:\\Windows\\x.log", b)])
        #expect(
            Self.summary(CabReader.read(evil, name: "x.cab")) == [
                "x.cab/../evil.log unknown skipped (path traversal (..): refused) 0",
                "x.cab/C:/Windows/x.log unknown skipped (absolute member path (drive letter): refused) 0"
            ])
    }

    @Test func damagedCabsAreSkippedWithAReason() throws {
        let good = try Self.bytes(Self.mszip)
        #expect(
            Self.summary(CabReader.read(Array(good.prefix(20)), name: "x.cab"))
                == ["x.cab unknown skipped (corrupt or truncated cab: read past its end (truncated)) 0"])
        #expect(
            Self.summary(CabReader.read(Array(good.prefix(good.count - 100)), name: "x.cab"))
                == ["x.cab/\(Self.name).log cbs skipped (corrupt member: read past its end (truncated)) 0"])
        var flipped = good
        flipped[good.count - 50] ^= 0x55
        #expect(
            Self.summary(CabReader.read(flipped, name: "x.cab"))
                == ["x.cab/\(Self.name).log cbs skipped (corrupt member: checksum mismatch) 0"])
        #expect(
            Self.summary(CabReader.read(Array("MSCF\0\0\0\0 not a cabinet at all".utf8), name: "x.cab"))
                == ["x.cab unknown skipped (corrupt or truncated cab: read past its end (truncated)) 0"])
    }

    /// Every truncation and many single-byte changes of both fixtures: never a crash, every input accounted for.
    @Test func everyDamagedVariantIsAccountedFor() throws {
        for path in [Self.mszip, Self.lzx] {
            let good = try Self.bytes(path)
            for n in 0..<good.count {
                let set = CabReader.read(Array(good.prefix(n)), name: "x.cab")
                #expect(!set.sources.isEmpty && set.sources.allSatisfy { $0.status == .parsed || $0.reason != nil })
            }
            for i in stride(from: 0, to: good.count, by: 3) {
                for value: UInt8 in [0x00, 0xFF, good[i] ^ 0x01] {
                    var bytes = good
                    bytes[i] = value
                    let set = CabReader.read(bytes, name: "x.cab")
                    #expect(!set.sources.isEmpty)
                }
            }
        }
    }

    static let cabextract = ["/usr/bin/cabextract", "/usr/local/bin/cabextract"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The test writer's LZX cabinets are valid for another reader too: cabextract gives back the same bytes
    /// (the fixture, and a cab of several 32 KiB frames and two members).
    @Test(.enabled(if: cabextract != nil)) func cabextractReadsTheWritersCabs() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let big = (0..<3000).flatMap {
            Array("2022-10-27 10:15:01, Info                  CSI    line \($0) of a CBS log\r\n".utf8)
        }
        try ReaderFixtures.write(
            CabTestWriter.cabinet([("CBS.log", big), ("b.txt", Array("end\n".utf8))]), to: folder + "/big.cab")
        for (cab, expected) in [(Self.lzx, try Self.bytes(Self.log)), (folder + "/big.cab", big + Array("end\n".utf8))]
        {
            let process = Process()
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: Self.cabextract!)
            process.arguments = ["-q", "-p", cab]
            process.standardOutput = pipe
            try process.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && [UInt8](out) == expected, "\(cab)")
        }
    }

    /// A CBS log of the corpus, put into cabs at test time (LZX by the test writer; MSZIP by gcab when it is
    /// installed), gives the log's own facts.
    @Test(.enabled(if: corpusExists)) func corpusCBSLogInCabs() throws {
        let source = ReaderFixtures.corpus + "/eyeofparadox-asusg713/CBS.log"
        let log = try Self.bytes(source)
        let expected = Self.normalized(
            try EvidenceReader(signatures: Self.signatures).read(paths: [source]), file: "CBS.log")
        #expect(expected.count == 23)
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        var cabs = [("lzx", CabTestWriter.cabinet([("CBS.log", log)]))]
        if let gcab = Self.gcab {
            try ReaderFixtures.write(log, to: folder + "/CBS.log")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: gcab)
            process.arguments = ["-c", "-z", "-n", folder + "/mszip.cab", folder + "/CBS.log"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            cabs.append(("mszip", try Self.bytes(folder + "/mszip.cab")))
        }
        for (method, cab) in cabs {
            let set = CabReader.read(cab, name: "CbsPersist_1.cab", signatures: Self.signatures)
            #expect(set.sources.map(\.lines) == [20857], "\(method)")
            #expect(Self.normalized(set, file: "CbsPersist_1.cab/CBS.log") == expected, "\(method)")
        }
    }
}
