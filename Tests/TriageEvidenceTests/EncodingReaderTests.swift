import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Every encoding and line-end case, as exact source records.
@Suite struct EncodingReaderTests {
    func record(_ name: String) throws -> SourceRecord {
        let set = try EvidenceReader().read(paths: [ReaderFixtures.fixture(name)])
        #expect(set.sources.count == 1)
        return set.sources[0]
    }

    @Test func utf8LF() throws {
        #expect(
            try record("cbs-utf8-lf.log")
                == SourceRecord(
                    path: "cbs-utf8-lf.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "lf",
                    bytes: 553,
                    lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04"))
    }

    @Test func utf8BOMCRLFRenamedCBS() throws {
        #expect(
            try record("CBS Win 10.log")
                == SourceRecord(
                    path: "CBS Win 10.log", kind: .cbs, status: .parsed, encoding: "utf-8-bom", lineEnding: "crlf",
                    bytes: 560, lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04"))
    }

    @Test func mixedLineEnds() throws {
        #expect(
            try record("cbs-mixed.log")
                == SourceRecord(
                    path: "cbs-mixed.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "mixed",
                    bytes: 555,
                    lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04"))
    }

    @Test func strayLatin1Byte() throws {
        #expect(
            try record("cbs-latin1.log")
                == SourceRecord(
                    path: "cbs-latin1.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "crlf",
                    bytes: 529,
                    lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04",
                    notes: ["bytes that are not UTF-8 (Latin-1?) in the first 8 KiB, shown as U+FFFD"]))
    }

    @Test func nulPaddingDroppedAndNoted() throws {
        #expect(
            try record("cbs-nul-padding.log")
                == SourceRecord(
                    path: "cbs-nul-padding.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "crlf",
                    bytes: 8557, lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04",
                    notes: ["8000 NUL bytes dropped"]))
    }

    @Test func truncatedLastLineIsKept() throws {
        #expect(
            try record("cbs-truncated.log")
                == SourceRecord(
                    path: "cbs-truncated.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "crlf",
                    bytes: 535, lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04",
                    notes: ["last line has no line end"]))
    }

    @Test func utf16LittleEndianReportingEvents() throws {
        #expect(
            try record("ReportingEvents.log")
                == SourceRecord(
                    path: "ReportingEvents.log", kind: .reportingEvents, status: .parsed, encoding: "utf-16le",
                    lineEnding: "crlf", bytes: 1670, lines: 3, first: "2023-06-27T01:44:30", last: "2023-06-29T11:00:00"
                ))
    }

    @Test func utf16BigEndianLegacyWindowsUpdate() throws {
        #expect(
            try record("WindowsUpdate-utf16be.txt")
                == SourceRecord(
                    path: "WindowsUpdate-utf16be.txt", kind: .windowsUpdate, status: .parsed, encoding: "utf-16be",
                    lineEnding: "lf", bytes: 544, lines: 3, first: "2018-09-26T13:58:56", last: "2018-09-26T13:59:01"))
    }

    /// UTF-16 over many read chunks (a surrogate pair on every line): line numbers stay exact.
    @Test func utf16AcrossChunksKeepsLineNumbers() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        var text = ""
        for i in 1...20_000 {
            text +=
                "{772A1DF7-E997-4D89-BF3D-ED9C187EA2CF}\t2023-06-27 01:44:30:939+0300\t1\t148 [AGENT_DETECTION_FAILED]\t\(i) \u{1F600}\r\n"
        }
        text += "{772A1DF7-E997-4D89-BF3D-ED9C187EA2CF}\t2023-06-27 01:44:31:000+0300\t1\t999 MARKER\r\n"
        try ReaderFixtures.write(
            [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
            to: folder + "/ReportingEvents.log")
        let signature = ReaderFixtures.signature("reportingevents.marker", .reportingEvents, ["999 MARKER"])
        let set = try EvidenceReader(signatures: [signature]).read(paths: [folder + "/ReportingEvents.log"])
        #expect(set.sources[0].lines == 20_001)
        #expect(set.sources[0].notes == [])
        let marker = set.facts.filter { $0.kind == FactKind.signature }
        #expect(marker.map(\.provenance.line) == [20_001])
        #expect(marker.first?.provenance.time == "2023-06-27 01:44:31:000+0300")
    }

    /// A line of 5 MB is counted, cut to 64 KiB for extractors, and the lines after it keep their numbers.
    @Test func hugeLineIsCutNotLost() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        var bytes = Array((ReaderFixtures.cbsLines[0] + "\r\n").utf8)
        bytes += Array("2022-10-27 10:15:02, Info                  CBS    HUGE ".utf8)
        bytes += [UInt8](repeating: 0x41, count: 5 << 20)
        bytes += Array("\r\n".utf8)
        bytes += Array((ReaderFixtures.cbsLines[2] + "\r\n" + ReaderFixtures.cbsLines[3] + "\r\n").utf8)
        try ReaderFixtures.write(bytes, to: folder + "/CBS.log")
        let signatures = [
            ReaderFixtures.signature("cbs.huge", .cbs, ["HUGE "]),
            ReaderFixtures.signature("cbs.abort", .cbs, ["CBS_E_ABORT"], level: "Error")
        ]
        let set = try EvidenceReader(signatures: signatures).read(paths: [folder + "/CBS.log"])
        #expect(
            set.sources == [
                SourceRecord(
                    path: "CBS.log", kind: .cbs, status: .parsed, encoding: "utf-8", lineEnding: "crlf",
                    bytes: bytes.count,
                    lines: 4, first: "2022-10-27T10:15:01", last: "2022-10-27T10:15:04",
                    notes: ["1 line longer than 65536 bytes cut to 65536 bytes"])
            ])
        let hits = set.facts.filter { $0.kind == FactKind.signature }.map { "\($0["id"]!)@\($0.provenance.line)" }
        #expect(hits == ["cbs.huge@2", "cbs.abort@3"])
    }

    /// Bytes fed one at a time frame exactly as the whole buffer does.
    @Test func framingDoesNotDependOnChunking() throws {
        let text = Array("a\r\nbb\n\r\n\0c\0cc\nabcdefgh\r\nlast".utf8)
        func frame(chunk: Int) -> [String] {
            struct Collect: LineSink {
                var lines: [String] = []
                mutating func line(_ line: LogLine) { lines.append("\(line.number):\(line.text())") }
            }
            var sink = Collect()
            let framer = LineFramer(maxLine: 4, capacity: 16)
            var offset = 0
            while offset < text.count {
                let end = min(offset + chunk, text.count)
                text[offset..<end].withUnsafeBytes { framer.append($0, to: &sink) }
                offset = end
            }
            framer.finish(to: &sink)
            return sink.lines
        }
        let expected = ["1:a", "2:bb", "3:", "4:ccc", "5:abcd", "6:last"]
        #expect(frame(chunk: 1) == expected)
        #expect(frame(chunk: 3) == expected)
        #expect(frame(chunk: 100) == expected)
    }

    /// A framer sized for a smaller input than arrives (a member whose declared size lies, a growing file)
    /// grows to the usual buffer and cuts the same lines, long lines included, as one sized for the input.
    @Test func framerSizedTooSmallGrowsAndFramesTheSame() throws {
        var text: [UInt8] = []
        for i in 0..<3000 { text += Array("line \(i) \(String(repeating: "x", count: i % 97))\r\n".utf8) }
        text += Array(repeating: 0x79, count: 70_000) + Array("\nafter the long line\ntail".utf8)
        func frame(expected: Int?, chunk: Int) -> (lines: [String], long: Int, capacity: Int) {
            struct Collect: LineSink {
                var lines: [String] = []
                mutating func line(_ line: LogLine) {
                    lines.append("\(line.number):\(line.count):\(line.text().suffix(8))")
                }
            }
            var sink = Collect()
            let framer = LineFramer(maxLine: 65536, expectedBytes: expected)
            var offset = 0
            while offset < text.count {
                let end = min(offset + chunk, text.count)
                text[offset..<end].withUnsafeBytes { framer.append($0, to: &sink) }
                offset = end
            }
            framer.finish(to: &sink)
            return (sink.lines, framer.longLines, framer.capacity)
        }
        let usual = frame(expected: nil, chunk: 256 << 10)
        #expect(usual.lines.count == 3003 && usual.long == 1 && usual.capacity == 512 << 10)
        #expect(usual.lines[3000] == "3001:65536:yyyyyyyy" && usual.lines[3002] == "3003:4:tail")
        let exact = frame(expected: text.count, chunk: 256 << 10)
        #expect(exact.lines == usual.lines && exact.long == 1 && exact.capacity == text.count + 64)
        for (expected, chunk) in [(0, 4096), (100, 1), (5000, 7000)] {
            let grown = frame(expected: expected, chunk: chunk)
            #expect(grown.lines == usual.lines && grown.long == 1 && grown.capacity == 512 << 10)
        }
        let roomy = frame(expected: 200_000, chunk: 100_000)
        #expect(roomy.lines == usual.lines && roomy.long == 1)
        // A small input keeps a small buffer.
        let small = LineFramer(maxLine: 65536, expectedBytes: 1000)
        #expect(small.capacity == 1064)
    }
}
