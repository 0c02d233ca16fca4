import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// A large file read on two threads (`PipelinedRead`) gives the same source record and facts as the
/// one-thread read: generated files of many 4 MiB buffers, with lines cut across every buffer and read
/// boundary, CRLF and LF, a line longer than the line limit, NUL bytes, runs of empty lines (a buffer handed
/// over before it is full), a truncated last line, and UTF-16; a UTF-8 file both mapped and read into buffers.
@Suite struct PipelinedReadTests {
    static let signatures = [
        ReaderFixtures.signature("cbs.abort", .cbs, ["CBS_E_ABORT"], level: "Error"),
        ReaderFixtures.signature("cbs.autostop", .cbs, ["SHUTDOWN_REASON_AUTOSTOP"])
    ]

    /// About `megabytes` MB of CBS lines: sessions, errors (a different code every few lines, so that the
    /// fact cap and repeat folding both happen), CSI noise of varying length; `crlfEvery`: every n-th line
    /// ends with CRLF, the others with LF.
    static func cbsText(megabytes: Int, crlfEvery: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(megabytes << 20 + 4096)
        var n = 0
        while out.count < megabytes << 20 {
            let second = String(format: "%02d", n % 60)
            let minute = String(format: "%02d", (n / 60) % 60)
            let stamp = "2022-10-27 1\((n / 3600) % 10):\(minute):\(second), "
            let line: String
            switch n % 97 {
            case 0:
                line = stamp + "Info                  CBS    Session: \(n)_1 initialized by client WindowsUpdateAgent"
            case 13:
                line =
                    stamp
                    + "Error                 CBS    Failed to stage execution package: Package_for_KB50\(n % 7)6623~31bf3856ad364e35~amd64~~19041.1889.1.6 [HRESULT = 0x800f08\(n % 3)1 - CBS_E_ABORT]"
            case 41:
                line =
                    stamp
                    + "Info                  CBS    Trusted Installer is shutting down because: SHUTDOWN_REASON_AUTOSTOP"
            case 77:
                line =
                    stamp + "Info                  CSI    0000\(n % 10) hr = 0x80070002 "
                    + String(repeating: "x", count: n % 300)
            default:
                line =
                    stamp + "Info                  CSI    \(n) CSI noise "
                    + String(repeating: "y", count: (n * 7) % 400)
            }
            out += Array(line.utf8)
            if n == 5000 { out += [UInt8](repeating: 0x41, count: 70_000) }  // past the 64 KiB line limit
            if n == 9000 { out += [0, 0, 0] }  // NUL bytes, dropped
            if n == 7000 {  // 150,000 empty lines: buffers handed over early
                for _ in 0..<150_000 { out += n % crlfEvery == 0 ? [0x0D, 0x0A] : [0x0A] }
            }
            out += n % crlfEvery == 0 ? [0x0D, 0x0A] : [0x0A]
            n += 1
        }
        out += Array(
            "2022-10-27 19:59:59, Error                 CBS    truncated [HRESULT = 0x800f0922 - CBS_E_ABORT]".utf8)
        return out
    }

    /// The file read both ways: (one thread, two threads, whether the second thread ran). The two-thread
    /// read is done three times, its signatures matched by the calling thread, by the reading thread, and as
    /// the threads' pace decides: the three must give the same source record and facts, returned once.
    static func readBothWays(
        _ bytes: [UInt8], name: String, limits: InputLimits = InputLimits()
    ) throws -> (EvidenceSet, EvidenceSet, Int) {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let path = folder + "/" + name
        try ReaderFixtures.write(bytes, to: path)
        var reader = EvidenceReader(signatures: signatures)
        reader.limits = limits
        reader.concurrency = 2
        reader.pipelineThreshold = .max
        let serial = try reader.read(paths: [path])
        reader.pipelineThreshold = 0
        reader.pipelineMatching = .callingThread
        let byCaller = try reader.read(paths: [path])
        reader.pipelineMatching = .readingThread
        let byReader = try reader.read(paths: [path])
        #expect(byReader.facts == byCaller.facts)
        #expect(byReader.sources == byCaller.sources)
        reader.pipelineMatching = .whenBehind
        let pipelined = try reader.read(paths: [path])
        #expect(pipelined.facts == byCaller.facts)
        // The reads above map the file (UTF-8); read into rotating buffers instead, the same.
        reader.mapsLargeFiles = false
        let copied = try reader.read(paths: [path])
        #expect(copied.facts == byCaller.facts)
        #expect(copied.sources == byCaller.sources)
        let cores = CoreBudget(spare: 1)
        _ = FileScanner.scan(
            file: path, path: name, name: name, limits: InputLimits(), signatures: signatures, cores: cores,
            pipelineThreshold: 0)
        return (serial, pipelined, cores.granted)
    }

    /// Only a file on a local file system is mapped: a pipe (like a network share) is read.
    @Test func aPipeIsReadNotMapped() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        #expect(!MappedInput.isLocal(ends[0]))
        #expect(MappedInput(fd: ends[0], size: 4096, from: 0) == nil)
    }

    @Test func utf8MixedLineEndsSameFacts() throws {
        let bytes = Self.cbsText(megabytes: 13, crlfEvery: 3)
        let (serial, pipelined, granted) = try Self.readBothWays(bytes, name: "CBS.log")
        #expect(granted == 1)
        #expect(serial.sources.count == 1)
        #expect(serial.sources.first?.lineEnding == "mixed")
        #expect(
            serial.sources.first?.notes.contains("1 line longer than 65536 bytes cut to 65536 bytes") == true)
        #expect(serial.sources.first?.notes.contains("3 NUL bytes dropped") == true)
        #expect(serial.sources.first?.notes.contains("last line has no line end") == true)
        #expect(serial.facts.count > 1000)
        #expect(serial.facts.contains { $0.kind == FactKind.signature && $0["id"] == "cbs.autostop" })
        #expect(pipelined.sources == serial.sources)
        #expect(pipelined.facts == serial.facts)
    }

    /// Past a small fact cap: facts folded, repeated lines counted, distinct facts past the cap dropped,
    /// with the signatures matched on either thread.
    @Test func pastTheCapSameFacts() throws {
        let bytes = Self.cbsText(megabytes: 9, crlfEvery: 2)
        let (serial, pipelined, granted) = try Self.readBothWays(
            bytes, name: "CBS.log", limits: InputLimits(maxLineFactsPerSource: 200))
        #expect(granted == 1)
        let notes = serial.sources.first?.notes ?? []
        #expect(notes.contains { $0.contains("error-code and signature facts: past the first 200") })
        #expect(serial.facts.contains { $0.kind == FactKind.signature && $0["repeats"] != nil })
        #expect(pipelined.sources == serial.sources)
        #expect(pipelined.facts == serial.facts)
    }

    /// The file's time span when its earliest and latest stamps are on lines no reader acts on (no trigger,
    /// no code): noted by the reading thread, handed to the extractor as a range, the same span.
    @Test func timeSpanFromLinesPassedOver() throws {
        var bytes = Self.cbsText(megabytes: 9, crlfEvery: 1)
        for (offset, stamp) in [(6 << 20, "2031-12-30 23:59:58"), (3 << 20, "2001-02-03 04:05:06")] {
            var at = offset
            while bytes[at] != 0x0A { at += 1 }
            bytes.insert(contentsOf: Array("\(stamp), Info                  CSI    0001 quiet\r\n".utf8), at: at + 1)
        }
        let (serial, pipelined, granted) = try Self.readBothWays(bytes, name: "CBS.log")
        #expect(granted == 1)
        #expect(serial.sources.first?.first == "2001-02-03T04:05:06")
        #expect(serial.sources.first?.last == "2031-12-30T23:59:58")
        #expect(pipelined.sources == serial.sources)
        #expect(pipelined.facts == serial.facts)
    }

    @Test func crlfOnlySameFacts() throws {
        let bytes = Self.cbsText(megabytes: 9, crlfEvery: 1)
        let (serial, pipelined, granted) = try Self.readBothWays(bytes, name: "CBS.log")
        #expect(granted == 1)
        #expect(serial.sources.first?.lineEnding == "crlf")
        #expect(pipelined.sources == serial.sources)
        #expect(pipelined.facts == serial.facts)
    }

    @Test func utf16SameFacts() throws {
        let text = Self.cbsText(megabytes: 5, crlfEvery: 1).filter { $0 != 0 }
        var bytes: [UInt8] = [0xFF, 0xFE]
        bytes.reserveCapacity(text.count * 2 + 2)
        for unit in String(decoding: text, as: UTF8.self).utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        bytes += [0x41]  // half a code unit at the end
        let (serial, pipelined, granted) = try Self.readBothWays(bytes, name: "CBS.log")
        #expect(granted == 1)
        #expect(serial.sources.first?.encoding == "utf-16le")
        #expect(serial.facts.count == 770)
        #expect(pipelined.sources == serial.sources)
        #expect(pipelined.facts == serial.facts)
    }

    /// Two large files with two cores: each is read on one thread (no core is free).
    @Test func twoLargeFilesTakeOneCoreEach() {
        let cores = CoreBudget(spare: 2 - 2)
        #expect(!cores.take())
        cores.give()
        #expect(cores.take())
        #expect(cores.granted == 1)
    }
}
