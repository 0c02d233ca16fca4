import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

@Suite struct PMLReaderTests {
    /// Event times as Process Monitor shows them (12-hour clock, 100 ns digits), written as bytes.
    @Test func timeOfDayIsProcessMonitorsClock() {
        func at(_ h: UInt64, _ m: UInt64, _ s: UInt64, _ ticks: UInt64, day: UInt64 = 154_000) -> UInt64 {
            (day * 86_400 + h * 3600 + m * 60 + s) * 10_000_000 + ticks
        }
        #expect(PMLNames.timeOfDay(0) == "12:00:00.0000000 AM")
        #expect(PMLNames.timeOfDay(at(0, 5, 9, 1)) == "12:05:09.0000001 AM")
        #expect(PMLNames.timeOfDay(at(9, 59, 59, 9_999_999)) == "9:59:59.9999999 AM")
        #expect(PMLNames.timeOfDay(at(10, 0, 0, 0)) == "10:00:00.0000000 AM")
        #expect(PMLNames.timeOfDay(at(12, 30, 0, 1_234_567)) == "12:30:00.1234567 PM")
        #expect(PMLNames.timeOfDay(at(13, 5, 9, 120)) == "1:05:09.0000120 PM")
        #expect(PMLNames.timeOfDay(at(23, 59, 59, 9_999_999)) == "11:59:59.9999999 PM")
        #expect(PMLNames.timeOfDay(.max) == "5:36:10.9551615 AM")
    }

    @Test func fixturesAreCurrent() throws {
        for (name, writer) in PMLFixtures.all {
            let path = PMLFixtures.folder + "/" + name
            if ProcessInfo.processInfo.environment["TRIAGE_WRITE_FIXTURES"] != nil {
                try ReaderFixtures.write(writer.bytes(), to: path)
            }
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == writer.bytes(), "\(name)")
        }
        // The regression case's boot log is the same capture.
        let inCase = ReaderFixtures.repoRoot.appendingPathComponent(
            "Tests/Cases/boot-rollback-procmon-antivirus/bundles/2023-05-26-PAY-TERM07-bootlog/boot_log.pml"
        ).path
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: inCase))) == PMLFixtures.blocked.bytes())
    }

    /// The rule examples of `Rules/procmon` carry the fixtures as base64: they must be the current ones.
    @Test func ruleExamplesCarryTheCurrentFixtures() throws {
        let folder = ReaderFixtures.repoRoot.appendingPathComponent("Rules/procmon").path
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let xml = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for (name, writer) in PMLFixtures.all {
                var rest = Substring(xml)
                while let open = rest.range(of: "<log name=\"\(name)\" encoding=\"base64\"") {
                    let body = rest[open.upperBound...]
                    let start = body.range(of: "-->")!.upperBound
                    let end = body.range(of: "</log>")!.lowerBound
                    let data = Data(base64Encoded: String(body[start..<end].filter { !$0.isWhitespace }))
                    #expect(data.map([UInt8].init) == writer.bytes(), "\(file): \(name)")
                    checked += 1
                    rest = body[end...]
                }
            }
        }
        #expect(checked == 6)
    }

    @Test(arguments: [true, false]) func writerOutputReadsBack(_ is64Bit: Bool) {
        var writer = PMLFixtures.blocked
        writer.is64Bit = is64Bit
        let (summary, records) = PMLReader.read(writer.bytes())
        #expect(summary.failure == nil && summary.notes == [] && summary.events == 10)
        #expect(summary.header?.computerName == "BOOT-PC" && summary.header?.is64Bit == is64Bit)
        #expect(summary.processes.map(\.name) == ["System", "TrustedInstaller.exe", "TiWorker.exe", "cavsvc.exe"])
        #expect(
            records.map {
                "\($0.ordinal) \($0.timeOfDay) \($0.processName) \($0.pid) \($0.operation) \($0.path) \($0.result)"
            } == [
                "1 7:41:02.0000000 AM TrustedInstaller.exe 1104 Process Start  SUCCESS",
                "2 7:41:03.0000000 AM cavsvc.exe 1880 CreateFile C:\\Windows\\WinSxS\\pending.xml SUCCESS",
                "3 7:41:04.0000000 AM TrustedInstaller.exe 1104 Process Create \(PMLFixtures.tiWorker.image) SUCCESS",
                "4 7:41:04.0000100 AM TiWorker.exe 2260 Process Start  SUCCESS",
                "5 7:41:05.0000000 AM TiWorker.exe 2260 RegOpenKey HKLM\\COMPONENTS\\PendingXmlIdentifier NAME NOT FOUND",
                "6 7:41:06.0000000 AM TiWorker.exe 2260 CreateFile C:\\Windows\\WinSxS\\pending.xml ACCESS DENIED",
                "7 7:41:07.0000000 AM TiWorker.exe 2260 CreateFile C:\\Windows\\WinSxS\\pending.xml ACCESS DENIED",
                "8 7:41:08.0000000 AM TiWorker.exe 2260 SetRenameInformationFile C:\\Windows\\WinSxS\\Temp\\PendingRenames\\5f1c.cdf-ms SHARING VIOLATION",
                "9 7:41:09.0000000 AM TiWorker.exe 2260 CreateFile C:\\Windows\\servicing\\Sessions\\Sessions.xml SUCCESS",
                "10 7:41:12.0000000 AM TiWorker.exe 2260 Process Exit  SUCCESS"
            ])
    }

    @Test func bootLogGivesFailureAndProcessFacts() throws {
        let set = try EvidenceReader(knowledge: PMLFixtures.knowledge).read(paths: [
            PMLFixtures.folder + "/boot_log.pml"
        ])
        #expect(
            set.sources.map { "\($0.path) \($0.kind) \($0.status) \($0.lines) \($0.first ?? "") \($0.last ?? "")" }
                == ["boot_log.pml pml parsed 10 2024-03-12T07:41:02 2024-03-12T07:41:12"])
        let failures = set.facts.filter { $0.kind == "procmon-failure" }
        #expect(
            failures.map {
                "\($0.provenance.file):#\($0.provenance.line) \($0["process"]!) \($0["operation"]!) \($0["result"]!)"
            } == [
                "boot_log.pml:#6 TiWorker.exe CreateFile ACCESS DENIED",
                "boot_log.pml:#7 TiWorker.exe CreateFile ACCESS DENIED",
                "boot_log.pml:#8 TiWorker.exe SetRenameInformationFile SHARING VIOLATION"
            ])
        #expect(
            failures[0].attributes == [
                "process": "TiWorker.exe", "pid": "2260", "operation": "CreateFile", "path": PMLFixtures.pending,
                "result": "ACCESS DENIED", "class": "File System", "time": "2024-03-12T07:41:06.000000000Z",
                "count": "1",
                "first": "#6", "last": "#6", "image": PMLFixtures.tiWorker.image, "company": "Microsoft Corporation",
                "servicing-process": "true", "vendor": "microsoft", "denied": "true", "area": "pending-xml"
            ])
        let accesses = set.facts.filter { $0.kind == "procmon-servicing-access" }
        #expect(
            accesses.map {
                "#\($0.provenance.line) \($0["process"]!) \($0["vendor"]!) \($0["area"]!) \($0["count"]!) \($0["last"]!)"
            } == [
                "#2 cavsvc.exe third-party pending-xml 1 #2", "#5 TiWorker.exe microsoft component-registry 1 #5",
                "#6 TiWorker.exe microsoft pending-xml 2 #7", "#8 TiWorker.exe microsoft winsxs 1 #8",
                "#9 TiWorker.exe microsoft servicing 1 #9"
            ])
        let starts = set.facts.filter { $0.kind == "procmon-process-start" }
        #expect(
            starts.map { "\($0.provenance.line) \($0["process"]!) \($0["company"]!)" }
                == ["1 TrustedInstaller.exe Microsoft Corporation", "4 TiWorker.exe Microsoft Corporation"])
        #expect(set.facts.filter { $0.kind == "procmon-process-exit" }.map(\.provenance.line) == [10])
    }

    @Test func cleanBootLogHasNoFailure() throws {
        let set = try EvidenceReader(knowledge: PMLFixtures.knowledge).read(paths: [
            PMLFixtures.folder + "/clean_boot_log.pml"
        ])
        #expect(set.sources.map { "\($0.kind) \($0.status) \($0.lines)" } == ["pml parsed 6"])
        #expect(set.facts.filter { $0.kind == "procmon-failure" }.isEmpty)
    }

    /// The Detail column on the writer's capture: its blocks carry only what the reader needs for paths, so the
    /// process events decode to their zero fields and a CreateFile block that ends after its path gives nil.
    @Test func detailColumnOnTheWrittenCapture() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: PMLFixtures.folder + "/boot_log.pml")))
        var details: [String] = []
        PMLReader.forEach(bytes) { e in details.append("\(e.ordinal) \(e.operation): \(e.detail ?? "nil")") }
        #expect(details.first == "1 Process Start: Parent PID: 4, Command line: , Current directory: , Environment: ")
        #expect(details.contains("6 CreateFile: nil"))
        #expect(
            details.last
                == "10 Process Exit: Exit Status: 0, User Time: 0.0000000 seconds, Kernel Time: 0.0000000 seconds, "
                + "Private Bytes: 0, Peak Private Bytes: 0, Working Set: 0, Peak Working Set: 0")
        #expect(PMLDetailText.grouped(2_666_496) == "2,666,496" && PMLDetailText.seconds(312_500) == "0.0312500")
        #expect(
            PMLDetailText.accessText(0x2000000) == "Maximum Allowed"
                && PMLDetailText.fileAccessText(0x8000_0000) == "Generic Read")
    }

    /// Which results are failures is knowledge (`KnowledgeBase/procmon-results.xml`), not code: a reader
    /// without it keeps no failure fact but everything else; each listed name is the one the reader shows.
    @Test func failureResultsComeFromTheKnowledgeBase() throws {
        let bare = try EvidenceReader().read(paths: [PMLFixtures.folder + "/boot_log.pml"])
        #expect(bare.sources.map { "\($0.status) \($0.lines)" } == ["parsed 10"])
        #expect(bare.facts.filter { $0.kind == "procmon-failure" }.isEmpty)
        #expect(bare.facts.filter { $0.kind == "procmon-process-start" }.count == 2)
        let results = PMLFixtures.knowledge.procmonResults
        #expect(results.count == 25)
        #expect(results.filter { PMLNames.result($0.code) != $0.name }.map(\.name) == [])
        #expect(PMLFixtures.knowledge.procmonFailureCodes.isSuperset(of: [0xc000_0022, 0xc000_0043]))
        #expect(!PMLFixtures.knowledge.procmonFailureCodes.contains(0xc000_0034))  // NAME NOT FOUND is noise
    }

    /// Past 10,000 failures, identical ones are counted on the fact already kept.
    @Test func repeatedFailuresAreAggregatedPastTheCap() {
        var w = PMLTestWriter()
        w.processes = [PMLFixtures.tiWorker, PMLFixtures.antivirus]
        for i in 0..<(PMLFacts.individualCap + 500) {
            w.events.append(
                .init(
                    process: i % 2, detail: .file(operation: 20),
                    path: i < PMLFacts.individualCap ? "C:\\x\\\(i)" : "C:\\x\\\(i % 4)",
                    result: PMLTestWriter.accessDenied, time: PMLFixtures.t(1)))
        }
        var context = ExtractionContext(file: "big.pml", kind: .pml)
        let n = ByteWindow.over(w.bytes()) { window in
            try? PMLDecoder().decode(
                BinaryLogInput(window: window, signatures: [], limits: PMLFixtures.limits), into: &context)
        }
        #expect(n == PMLFacts.individualCap + 500)
        let facts = context.facts.filter { $0.kind == "procmon-failure" }
        #expect(facts.count == PMLFacts.individualCap)
        #expect(facts[0]["count"] == "126" && facts[0]["last"] == "#10497" && facts[0].provenance.endLine == 10497)
        #expect(facts[5]["count"] == "1")
        #expect(
            context.notes == [
                "10500 failed events: past the first 10000, identical failures counted on one fact (attribute count)"
            ])
    }

    @Test func damagedInputsNeverTrap() {
        let good = PMLFixtures.blocked.bytes()
        #expect(PMLReader.read([]).summary.failure == "not a Process Monitor log: no PML_ header")
        #expect(PMLReader.read(Array(good.prefix(100))).summary.failure == "PML header truncated or damaged")
        // Cut inside the events: the header points past the end, to tables that are gone.
        let cut = PMLReader.read(Array(good.prefix(0x3A8 + 200)))
        #expect(cut.summary.failure == "PML header truncated or damaged" && cut.records.isEmpty)
        // Every single-byte corruption of the file reads without trapping.
        for i in stride(from: 0, to: good.count, by: 7) {
            var bad = good
            bad[i] ^= 0xFF
            _ = PMLReader.read(bad)
        }
    }
}
