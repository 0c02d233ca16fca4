import Foundation
import Testing
import TriageCore
import TriageKnowledge
@preconcurrency import ZIPFoundation

@testable import TriageEvidence

/// Windows Update ETW traces decoded to the lines Get-WindowsUpdateLog writes and read by the WindowsUpdate
/// extractor: fixtures made by a test-only ETL writer, the corpus traces against `dissect.etl`'s counts.
@Suite struct ETLReaderTests {
    static let folder = ReaderFixtures.repoRoot.appendingPathComponent("Tests/Fixtures/etl").path
    static let seedName = "WindowsUpdate.20221101.090511.190.1.etl"
    static let mixedName = "WindowsUpdate.20221101.091000.000.1.etl"
    static let corpusExists = FileManager.default.fileExists(atPath: ReaderFixtures.corpus + "/SOURCES.md")
    static let record = ProcessInfo.processInfo.environment["TRIAGE_RECORD_FIXTURES"] != nil

    /// The first session (lines 1–30) of the seed case's third WindowsUpdate.log.
    static func seedLines() throws -> [String] {
        let path = ReaderFixtures.repoRoot.appendingPathComponent(
            "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023/WindowsUpdate.log"
        ).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // CRLF is one Character: split on it as a string.
        return Array(text.components(separatedBy: "\r\n").prefix(30))
    }

    /// FILETIME of `YYYY/MM/DD HH:MM:SS.fffffff`, read as UTC.
    static func filetime(_ stamp: String) -> Int64 {
        let d = stamp.split(whereSeparator: { "/ :.".contains($0) }).map { Int($0)! }
        let days = CivilCalendar.days(year: d[0], month: d[1], day: d[2])
        let seconds = Int64(days) * 86_400 + Int64(d[3] * 3600 + d[4] * 60 + d[5]) + 11_644_473_600
        return seconds * 10_000_000 + Int64(d[6])
    }

    /// Each line as the event the Windows Update client writes for it (columns: stamp, PID, TID, component
    /// padded to 15, message from column 56).
    static func seedTrace() throws -> [UInt8] {
        let lines = try seedLines()
        let start = filetime(String(lines[0].prefix(27))) - 50_000
        let events = lines.map { line -> ETLTestWriter.Event in
            let chars = Array(line)
            func column(_ r: Range<Int>) -> String { String(chars[r]).trimmingCharacters(in: .whitespaces) }
            var event = ETLTestWriter.Event.info(
                0, column(40..<55), String(chars[56...]), tid: UInt32(column(34..<39))!)
            event.offset = filetime(String(line.prefix(27))) - start
            event.pid = UInt32(column(28..<33))!
            return event
        }
        return ETLTestWriter.trace(events, start: start)
    }

    static func mixedTrace() -> [UInt8] {
        typealias W = ETLTestWriter
        return W.trace([
            .info(0.5, "Shared", "* START * Service startup"),
            W.Event(
                offset: 6_000_000, provider: "Microsoft-Windows-Servicing", name: "", fields: [.utf16("x", "not read")],
                manifest: true),
            W.Event(
                offset: 7_000_000, name: "Agent", fields: [W.Field(name: "Weird", inType: 30, payload: [1, 2, 3, 4])]),
            W.Event(
                offset: 8_000_000, name: "Handler",
                fields: [.utf16("Info", "CBS called Error with"), .uint32("hr", 0x8007_0570, hex: true)]),
            .info(9, "Misc", "*FAILED* [80070570] line one\r\nline two"),
            W.Event(
                offset: 100_000_000, name: "Agent", fields: [.utf16("Info", "x")], rawSchema: [0xFF, 0x00, 0, 0x41, 0]),
            W.Event(offset: 110_000_000, name: "Agent", fields: [W.Field(name: "Info", inType: 1, payload: [0x41, 0])]),
            W.Event(
                offset: 120_000_000, provider: "Microsoft.Windows.WaaSMedic.Local", name: "Error",
                fields: [.utf16("Message", "WaaSCurrencyDetector: stage 1 failed with hr = 0x800704cf.")]),
            W.Event(
                offset: 130_000_000, name: "Agent",
                fields: [
                    W.Field(name: "Codes", inType: 6 | 0x40, payload: W.le(2, 2) + W.le(7, 2) + W.le(9, 2)),
                    W.Field(
                        name: "Id", inType: 15,
                        payload: [
                            0x19, 0x6F, 0x7A, 0x0B, 0xC4, 0x47, 0x4E, 0x45, 0x8C, 0x5C, 0xE8, 0x68, 0xD6, 0x37, 0xE4,
                            0xD8
                        ]),
                    W.Field(name: "Ok", inType: 13, payload: W.le(1, 4))
                ])
        ])
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static let signatures = KnowledgeLoader.load(
        rulesDirectory: ReaderFixtures.repoRoot.appendingPathComponent("Rules").path,
        knowledgeDirectory: ReaderFixtures.repoRoot.appendingPathComponent("KnowledgeBase").path
    )
    .knowledgeBase.signatures

    @Test func fixturesAreTheWritersOutput() throws {
        for (name, made) in [(Self.seedName, try Self.seedTrace()), (Self.mixedName, Self.mixedTrace())] {
            if Self.record { try ReaderFixtures.write(made, to: Self.folder + "/" + name) }
            #expect(try Self.bytes(Self.folder + "/" + name) == made, "\(name)")
        }
    }

    /// The trace renders back to the very lines it was made from (after the kernel header record, line 1),
    /// and reads to the same facts as those lines in a WindowsUpdate.log.
    @Test func seedTraceRendersTheWindowsUpdateLogLines() throws {
        let bytes = try Self.bytes(Self.folder + "/" + Self.seedName)
        let trace = ETLTrace.decode(bytes)
        #expect(trace.failure == nil && trace.notes.isEmpty)
        #expect(trace.events.count == 31 && trace.decodedCount == 30 && trace.buffers == 3)
        let lines = try Self.seedLines()
        #expect(String(decoding: ETLLines.render(trace), as: UTF8.self) == "\n" + lines.joined(separator: "\n") + "\n")

        let set = ETLReader.read(bytes, name: Self.seedName, signatures: Self.signatures)
        #expect(set.sources.count == 1)
        let source = set.sources[0]
        #expect(source.kind == .windowsUpdate && source.status == .parsed && source.lines == 31)
        #expect(source.first == "2022-11-01T09:05:11" && source.last == "2022-11-01T09:09:47")
        #expect(
            source.notes == [
                "decoded to WindowsUpdate.log lines (times UTC; line N = event N): 31 events in 3 buffers: 30 decoded (WUTraceLogging), 1 without a TraceLogging schema (kernel header, manifest or WPP events), 0 TraceLogging events not decodable"
            ])

        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(
            Array(("\n" + lines.joined(separator: "\n") + "\n").utf8), to: folder + "/WindowsUpdate.log")
        let text = try EvidenceReader(signatures: Self.signatures).read(paths: [folder + "/WindowsUpdate.log"])
        let expected = CabReaderTests.normalized(text, file: "WindowsUpdate.log")
        #expect(expected.count == 13)
        #expect(CabReaderTests.normalized(set, file: Self.seedName) == expected)
        let failure = set.facts.first { $0.kind == FactKind.errorCode && $0["code"] == "0x80070570" }
        #expect(failure.map { "\($0.provenance.file):\($0.provenance.line)" } == "\(Self.seedName):25")
    }

    @Test func undecodableEventsAreCountedNeverGuessed() throws {
        let bytes = try Self.bytes(Self.folder + "/" + Self.mixedName)
        let trace = ETLTrace.decode(bytes)
        #expect(
            trace.events.map(\.status) == [
                .noSchema, .decoded, .noSchema, .undecodable("field Weird of type 30 cannot be read from the payload"),
                .decoded, .decoded, .undecodable("schema size does not fit its extended item"),
                .undecodable("field Info of type 1 cannot be read from the payload"), .decoded, .decoded
            ])
        #expect(
            String(decoding: ETLLines.render(trace), as: UTF8.self) == """

                2022/11/01 01:05:11.6955408 4336  4360  Shared          * START * Service startup


                2022/11/01 01:05:11.9955408 4336  4360  Handler         Info=CBS called Error with, hr=0x80070570
                2022/11/01 01:05:20.1955408 4336  4360  Misc            *FAILED* [80070570] line one  line two


                2022/11/01 01:05:23.1955408 4336  4360  Error           WaaSCurrencyDetector: stage 1 failed with hr = 0x800704cf.
                2022/11/01 01:05:24.1955408 4336  4360  Agent           Codes=[7,9], Id={0b7a6f19-47c4-454e-8c5c-e868d637e4d8}, Ok=true

                """)
        let set = ETLReader.read(bytes, name: Self.mixedName)
        #expect(
            set.sources.first?.notes == [
                "decoded to WindowsUpdate.log lines (times UTC; line N = event N): 10 events in 1 buffers: 5 decoded (Microsoft.Windows.WaaSMedic.Local, WUTraceLogging), 2 without a TraceLogging schema (kernel header, manifest or WPP events), 3 TraceLogging events not decodable (1× field Info of type 1 cannot be read from the payload; 1× field Weird of type 30 cannot be read from the payload; 1× schema size does not fit its extended item)"
            ])
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }.map { "\($0["code"]!):\($0.provenance.line)" }
        #expect(codes == ["0x80070570:5", "0x80070570:6", "0x800704cf:9"])
    }

    @Test func otherTracesAndNonTracesAreSkippedWithAReason() throws {
        let mixed = try Self.bytes(Self.folder + "/" + Self.mixedName)
        #expect(ETLReader.read(mixed, name: "setup.etl").sources.map(\.reason) == [ETLDecoder.otherReason])
        #expect(
            ETLReader.read(Array(mixed.prefix(200)), name: "WindowsUpdate.etl").sources.map(\.reason)
                == ["not an ETW trace: the first record is not a trace log file header"])
        #expect(
            ETLReader.read([], name: "WindowsUpdate.etl").sources.map(\.reason)
                == ["not an ETW trace: no valid first buffer header"])
        let headerOnly = ETLTestWriter.trace([])
        #expect(
            ETLReader.read(headerOnly, name: "WindowsUpdate.etl").sources.map(\.reason)
                == [
                    "ETW trace without decodable TraceLogging events: 1 events in 1 buffers: 0 decoded, 1 without a TraceLogging schema (kernel header, manifest or WPP events), 0 TraceLogging events not decodable"
                ])
        // In a folder: recognised by name, read by the registered decoder.
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(mixed, to: folder + "/Logs/WindowsUpdate/" + Self.mixedName)
        try ReaderFixtures.write(mixed, to: folder + "/Logs/setup.etl")
        let set = try EvidenceReader().read(paths: [folder])
        #expect(
            set.sources.map { "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.lines)" } == [
                "Logs/WindowsUpdate/\(Self.mixedName) windowsupdate parsed 10", "Logs/setup.etl etl skipped 0"
            ])
    }

    /// Every truncation and byte changes all over both fixtures: never a crash, always accounted for.
    @Test func everyDamagedVariantIsAccountedFor() throws {
        for name in [Self.seedName, Self.mixedName] {
            let good = try Self.bytes(Self.folder + "/" + name)
            for n in stride(from: 0, to: good.count, by: 5) {
                let set = ETLReader.read(Array(good.prefix(n)), name: name)
                #expect(set.sources.count == 1 && (set.sources[0].status == .parsed || set.sources[0].reason != nil))
            }
            var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
            for _ in 0..<3000 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var bytes = good
                bytes[Int(seed >> 33) % bytes.count] = UInt8(truncatingIfNeeded: seed >> 13)
                let set = ETLReader.read(bytes, name: name)
                #expect(set.sources.count == 1)
            }
        }
    }

    // MARK: Corpus, against dissect.etl 3.x (counts and first/last timestamps, microseconds, UTC)

    static func corpusFile(_ path: String) throws -> [UInt8] { try bytes(ReaderFixtures.corpus + "/" + path) }

    static func stamp(_ event: ETLTrace.Event?) -> String? { event?.filetime.flatMap(ETLLines.stamp) }

    /// Microseconds into its minute of a `YYYY/MM/DD HH:MM:SS.ffffff…` stamp.
    static func microsecondsInMinute(_ stamp: String) -> Int {
        let seconds = stamp.split(separator: ":").last!
        let parts = seconds.split(separator: ".")
        return Int(parts[0])! * 1_000_000 + Int(parts[1].prefix(6))!
    }

    @Test(.enabled(if: corpusExists)) func corpusTracesMatchDissectETL() throws {
        // (file, dissect.etl's event count, ours, its first and last event times, ours to 100 ns). dissect.etl
        // converts FILETIME through a float, so its microseconds may be off by 1–2; ours are exact.
        let expected: [(String, Int, Int, String, String, String, String)] = [
            (
                "eyeofparadox-asusg713/WindowsUpdate.20250426.052044.386.1.etl", 175, 175,
                "2025/04/26 12:20:44.390182", "2025/04/26 12:21:30.211794",
                "2025/04/26 12:20:44.3901846", "2025/04/26 12:21:30.2117930"
            ),
            // The header says 0 buffers written (the trace was open when collected): dissect.etl trusts it and
            // reads nothing; reading the 12 buffers present gives 129 events (dissect.etl agrees when told to
            // read them, with these first and last times).
            (
                "eyeofparadox-asusg713/WindowsUpdate.20250426.052353.702.1.etl", 0, 129,
                "2025/04/26 12:23:53.704531", "2025/04/26 12:23:53.957029",
                "", ""
            ),
            (
                "eyeofparadox-asusg713/waasmedic.20250426_122102_987.etl", 43, 43,
                "2025/04/26 12:21:02.995024", "2025/04/26 12:21:30.660309", "", ""
            ),
            (
                "michampr-newfolder/setup.etl", 1192, 1192, "2019/06/05 20:04:37.531681", "2022/09/12 09:26:14.810638",
                "", ""
            )
        ]
        for (path, dissect, ours, first, last, exactFirst, exactLast) in expected {
            let trace = ETLTrace.decode(try Self.corpusFile(path))
            #expect(trace.events.count == ours, "\(path) (dissect.etl: \(dissect))")
            let (a, b) = (Self.stamp(trace.events.first) ?? "", Self.stamp(trace.events.last) ?? "")
            #expect(
                a.prefix(20) == first.prefix(20)
                    && abs(Self.microsecondsInMinute(a) - Self.microsecondsInMinute(first)) <= 2, "\(path): \(a)")
            #expect(
                b.prefix(20) == last.prefix(20)
                    && abs(Self.microsecondsInMinute(b) - Self.microsecondsInMinute(last)) <= 2, "\(path): \(b)")
            if !exactFirst.isEmpty { #expect(a == exactFirst && b == exactLast, "\(path): \(a) \(b)") }
        }
        let setup = ETLTrace.decode(try Self.corpusFile("michampr-newfolder/setup.etl"))
        #expect(setup.decodedCount == 0 && setup.buffers == 76)
        #expect(
            ETLReader.read(try Self.corpusFile("michampr-newfolder/setup.etl"), name: "setup.etl").sources.map(\.reason)
                == [ETLDecoder.otherReason])
    }

    @Test(.enabled(if: corpusExists)) func corpusFailedLineBecomesAnErrorCode() throws {
        let name = "WindowsUpdate.20250426.052044.386.1.etl"
        let set = ETLReader.read(
            try Self.corpusFile("eyeofparadox-asusg713/" + name), name: name, signatures: Self.signatures)
        let source = set.sources[0]
        #expect(source.kind == .windowsUpdate && source.status == .parsed && source.lines == 175)
        #expect(source.first == "2025-04-26T12:20:44" && source.last == "2025-04-26T12:21:30")
        let codes = set.facts.filter { $0.kind == FactKind.errorCode && $0["code"] == "0x8024402c" }
        #expect(codes.count == 20)
        let failed = codes.first {
            $0.provenance.text?.contains("*FAILED* [8024402C] WinHttp: SendRequestWithAuthRetry") == true
        }
        #expect(
            failed.map { "\($0.provenance.file):\($0.provenance.line) \($0["component"] ?? "")" } == "\(name):98 Misc")
        #expect(failed?.provenance.text?.hasPrefix("2025/04/26 12:20:45.") == true)
    }
}

extension ETLReaderTests {
    /// A schema of many empty arrays (NULL elements take no payload bytes) is refused, not rendered.
    @Test func valuesAreBoundedByThePayload() {
        let nulls = (0..<200).map { ETLTestWriter.Field(name: "n\($0)", inType: 0x20, outType: nil, payload: []) }
        var schema: [UInt8] = [0] + Array("Agent".utf8) + [0]
        for field in nulls { schema += Array(field.name.utf8) + [0, 0x20] + ETLTestWriter.le(4000, 2) }  // NULL[4000]
        schema = ETLTestWriter.le(UInt64(schema.count + 2), 2) + schema
        let trace = ETLTrace.decode(
            ETLTestWriter.trace([ETLTestWriter.Event(offset: 0, name: "Agent", fields: nulls, rawSchema: schema)]))
        #expect(trace.events.map(\.status) == [.noSchema, .undecodable("more values than the payload can hold")])
    }
}

extension ETLReaderTests {
    /// A trace inside a zip and inside a cab is read whole by the same decoder, cited by its whole path.
    @Test func tracesInsideArchives() throws {
        let trace = try Self.bytes(Self.folder + "/" + Self.seedName)
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        let cab = CabTestWriter.cabinet([("Logs\\WindowsUpdate\\" + Self.seedName, trace)])
        try ReaderFixtures.write(cab, to: folder + "/in/logs.cab")
        let url = URL(fileURLWithPath: folder + "/in/bundle.zip")
        let archive = try Archive(url: url, accessMode: .create)
        try archive.addEntry(
            with: "WindowsUpdate/" + Self.seedName, type: .file, uncompressedSize: Int64(trace.count),
            compressionMethod: .deflate
        ) { Data(trace[Int($0)..<Int($0) + $1]) }
        let set = try EvidenceReader().read(paths: [folder + "/in"])
        #expect(
            set.sources.map { "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.lines)" } == [
                "bundle.zip/WindowsUpdate/\(Self.seedName) windowsupdate parsed 31",
                "logs.cab/Logs/WindowsUpdate/\(Self.seedName) windowsupdate parsed 31"
            ])
        let cited = set.facts.filter { $0.kind == FactKind.errorCode && $0["code"] == "0x80070570" }
            .map { "\($0.provenance.file):\($0.provenance.line)" }
        #expect(
            cited == [
                "bundle.zip/WindowsUpdate/\(Self.seedName):25", "bundle.zip/WindowsUpdate/\(Self.seedName):26",
                "bundle.zip/WindowsUpdate/\(Self.seedName):28", "logs.cab/Logs/WindowsUpdate/\(Self.seedName):25",
                "logs.cab/Logs/WindowsUpdate/\(Self.seedName):26", "logs.cab/Logs/WindowsUpdate/\(Self.seedName):28"
            ])
    }
}
