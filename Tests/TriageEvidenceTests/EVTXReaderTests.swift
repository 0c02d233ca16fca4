import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// The EVTX reader on files made by the test writer: exact events back, fixtures up to date, and damaged
/// variants (truncated, bad checksums, garbage, random mutations) read as far as they go, never crashing.
@Suite struct EVTXReaderTests {
    static func line(_ e: EVTXEvent) -> String {
        "\(e.ordinal) #\(e.recordID) \(EVTXValues.fileTimeText(e.time)) \(e.provider) \(e.eventID) L\(e.level) \(e.computer) "
            + e.data.map { "\($0.name)=\($0.value)" }.joined(separator: " | ")
    }

    @Test func fixturesAreCurrent() throws {
        for (name, writer) in EVTXFixtures.files {
            let path = (EVTXFixtures.folder as NSString).appendingPathComponent(name)
            let bytes = writer().bytes()
            if ProcessInfo.processInfo.environment["TRIAGE_WRITE_FIXTURES"] == "1" {
                try ReaderFixtures.write(bytes, to: path)
            }
            let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(stored == bytes, "\(name) differs from the writer's output: rerun with TRIAGE_WRITE_FIXTURES=1")
        }
        // The regression case built from the fixture holds the same bytes.
        let copy = ReaderFixtures.repoRoot.appendingPathComponent(
            "Tests/Cases/event-log-only-store-failure/bundles/2022-11-15-BRANCH-PC-017/Setup.evtx")
        #expect(try [UInt8](Data(contentsOf: copy)) == EVTXFixtures.setup.bytes())
    }

    @Test func setupReadsBack() {
        let log = EVTXReader.read(EVTXFixtures.setup.bytes())
        #expect(log.notes == [])
        #expect(log.failure == nil)
        #expect(log.chunks == 1)
        #expect(
            log.events.map(Self.line) == [
                "1 #1 2022-11-14T16:17:33.847495100Z Microsoft-Windows-Servicing 1 L0 BRANCH-PC-017 PackageIdentifier=KB5020683 | InitialPackageState=5000 | InitialPackageStateTextized=Absent | IntendedPackageState=5112 | IntendedPackageStateTextized=Installed | Client=WindowsUpdateAgent",
                "2 #2 2022-11-14T16:17:52.140454700Z Microsoft-Windows-Servicing 3 L0 BRANCH-PC-017 PackageIdentifier=KB5020683 | IntendedPackageState=5112 | IntendedPackageStateTextized=Installed | ErrorCode=0x800f0984 | Client=WindowsUpdateAgent",
                "3 #3 2022-11-15T09:00:19.000000000Z Microsoft-Windows-Servicing 1 L0 BRANCH-PC-017 PackageIdentifier=KB5046613 | InitialPackageState=5000 | InitialPackageStateTextized=Absent | IntendedPackageState=5112 | IntendedPackageStateTextized=Installed | Client=UpdateAgentLCU",
                "4 #4 2022-11-15T14:28:43.000000000Z Microsoft-Windows-Servicing 2 L0 BRANCH-PC-017 PackageIdentifier=KB5046613 | IntendedPackageState=5112 | IntendedPackageStateTextized=Installed | ErrorCode=0x0 | Client=UpdateAgentLCU"
            ])
    }

    @Test func everyValueTypeReadsBack() {
        let log = EVTXReader.read(EVTXFixtures.system.bytes())
        #expect(log.notes == [])
        #expect(log.chunks == 3)
        #expect(
            log.events.map(Self.line) == [
                "1 #1 2022-11-01T01:09:47.000000000Z Microsoft-Windows-WindowsUpdateClient 20 L2 BRANCH-PC-017 errorCode=0x80070570 | updateTitle=2022-10 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623) | updateGuid={5A0C1E27-3B52-4C59-9F21-0A7B2D446190} | updateRevisionNumber=1 | serviceGuid={3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}",
                "2 #2 2022-11-01T01:09:48.000000000Z Service Control Manager 7036 L4 BRANCH-PC-017 param1=Windows Update | param2=stopped | Binary=77007500",
                "3 #3 2022-11-01T01:20:05.000000000Z Microsoft-Windows-WHEA-Logger 18 L1 BRANCH-PC-017 ErrorSource=3 | ApicId=0 | MCABank=5",
                "4 #4 2022-11-01T01:21:00.000000000Z disk 7 L2 BRANCH-PC-017 =\\Device\\Harddisk0\\DR0",
                "5 #5 2022-11-01T01:30:02.000000000Z EventLog 6008 L2 BRANCH-PC-017 =1:29:40 AM | =11/1/2022",
                "6 #6 2022-11-02T03:04:05.000000100Z Triage-Test-Types 4242 L3 BRANCH-PC-017 string=text ünïcödé | ansi=codepage | uint8=200 | uint16=65000 | int32=-540 | uint64=18000000000000000000 | hex32=0x800f0984 | hex64=0x8000000000000000 | bool=true | binary=DEADBEEF | guid={BD12F3B8-FC40-4A61-A307-B7A013A069C1} | sid=S-1-5-21-1004336348-1177238915-682003330-512 | filetime=2022-11-02T03:04:05.123456700Z | systemtime=2022-11-02T03:04:05.060Z | strings=first | strings=second | uint32s=1 | uint32s=2 | uint32s=3"
            ])
    }

    @Test func notAnEVTXFile() {
        #expect(EVTXReader.read([]).failure == "not an EVTX file: no ElfFile header")
        #expect(
            EVTXReader.read(Array("ElfFilx\0".utf8) + [UInt8](repeating: 0, count: 200)).failure
                == "not an EVTX file: no ElfFile header")
        let headerOnly = Array(EVTXFixtures.setup.bytes()[0..<4096])
        let log = EVTXReader.read(headerOnly)
        #expect(log.failure == nil)
        #expect(log.events.isEmpty)
        #expect(log.notes == ["no chunk: file ends at 4096 bytes"])
    }

    @Test func truncatedChunkIsReadAsFarAsItGoes() {
        let bytes = EVTXFixtures.setup.bytes()
        let full = EVTXReader.read(bytes)
        #expect(full.events.count == 4)
        var counts: [Int] = []
        for cut in [4096 + 700, 4096 + 2200, 4096 + 3200, 4096 + 3700] {
            let log = EVTXReader.read(Array(bytes[0..<cut]))
            counts.append(log.events.count)
            #expect(
                log.notes.first
                    == "chunk 0 (offset 0x1000): truncated to \(cut - 4096) bytes; records read as far as they go")
            #expect(log.events.map(\.recordID) == Array(full.events.map(\.recordID).prefix(log.events.count)))
        }
        #expect(counts == [0, 1, 2, 3])
    }

    @Test func badChunkHeaderChecksumSkipsOnlyThatChunk() {
        var bytes = EVTXFixtures.system.bytes()
        bytes[4096 + 65536 + 60] ^= 0xFF  // an unused byte of chunk 1's header
        let log = EVTXReader.read(bytes)
        #expect(log.notes == ["chunk 1 (offset 0x11000): header checksum mismatch; skipped"])
        #expect(log.events.map(\.recordID) == [1, 2, 5, 6])
        #expect(log.events.map(\.ordinal) == [1, 2, 3, 4])
    }

    @Test func badRecordsChecksumIsNamedAndRead() {
        var bytes = EVTXFixtures.setup.bytes()
        // A byte of the first record's written time (not used for the event's time, which TimeCreated gives).
        bytes[4096 + 512 + 16] ^= 0x01
        let log = EVTXReader.read(bytes)
        #expect(
            log.notes == ["chunk 0 (offset 0x1000): event records checksum mismatch; records read as far as they parse"]
        )
        #expect(log.events.count == 4)
    }

    @Test func fileHeaderChecksumAndGarbageChunks() {
        var bytes = EVTXFixtures.setup.bytes()
        bytes[100] = 7
        bytes += [UInt8](repeating: 0x41, count: 65536)
        let log = EVTXReader.read(bytes)
        #expect(
            log.notes == [
                "file header checksum mismatch (header ignored, chunks read)",
                "chunk 1 (offset 0x11000): no chunk signature; skipped"
            ])
        #expect(log.events.count == 4)
    }

    @Test func brokenTemplateSkipsItsRecordsOnly() {
        var bytes = EVTXFixtures.system.bytes()
        // Chunk 2's first record holds its template inline: an unknown token in its body breaks that record;
        // the next one, with a template of its own, still reads.
        let chunk = 4096 + 2 * 65536
        // Record header, fragment header, instance header, definition header, the template's fragment header.
        let body = chunk + 512 + 24 + 4 + 10 + 24 + 4
        #expect(bytes[body] == 0x41)
        bytes[body] = 0x1F
        // Checksums made good again: only the Binary XML is wrong.
        ChunkBuilder.reseal(&bytes, chunk: chunk)
        let log = EVTXReader.read(bytes)
        #expect(log.events.map(\.recordID) == [1, 2, 3, 4, 6])
        #expect(log.events.map(\.ordinal) == [1, 2, 3, 4, 6])
        #expect(log.notes == ["chunk 2: 1 record could not be read (record 5: unknown Binary XML token 0x1f at 0x242)"])
    }

    /// Random damage: every input ends, without a crash, with at most the records of the original.
    @Test func randomMutationsNeverCrash() {
        let original = EVTXFixtures.system.bytes()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var readSome = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + next() % 16) {
                // Mostly the records and tables of the chunks, where the structure lives.
                let chunk = 4096 + (next() % 3) * 65536
                bytes[chunk + next() % 1800] = UInt8(truncatingIfNeeded: next())
            }
            let log = EVTXReader.read(bytes)
            #expect(log.events.count <= 6)
            if !log.events.isEmpty { readSome += 1 }
        }
        #expect(readSome > 0)
        for length in stride(from: 0, to: original.count, by: 997) {
            #expect(EVTXReader.read(Array(original[0..<length])).events.count <= 6)
        }
    }
}
