import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Every file of ../shared/corpus is recognised as the kind SOURCES.md gives it, and every text log is
/// parsed with the line count and encoding SOURCES.md records. Skips when the corpus is absent.
@Suite struct RecognitionCorpusTests {
    struct Expectation {
        var kind: LogKind
        var lines: Int?
        var encoding: String?
    }

    /// SOURCES.md formats → kinds (Setup compat XML: `compatdata`). Formats no log kind covers (Panther diag XML, PowerShell
    /// tables, LogHub CSVs, DDACLSys, BlueBox, the non-Panther C:\Windows\setupact.log) are `unknown`;
    /// the DPX setupact.log has the Panther layout and name, so it is read as setupact.
    static func kind(format: String, file: String) -> LogKind {
        switch format {
        case "CBS.log": .cbs
        case "DISM.log": .dism
        case "Panther setupact/setuperr": file.lowercased().contains("setuperr") ? .setuperr : .setupact
        case "Panther setupact (tail slice)", "DPX setupact.log": .setupact
        case "WindowsUpdate.log (Get-WindowsUpdateLog)", "WindowsUpdate.log legacy (Win7 tab)": .windowsUpdate
        case "ReportingEvents.log": .reportingEvents
        case "poqexec.log": .poqexec
        case "event log as text (wevtutil /f:text)": .eventsText
        case "event log as CSV (Get-WinEvent|Export-Csv)": .eventsCSV
        case "SetupDiag result": .setupDiag
        case "Setup compat XML": .compatData
        case "SCCM CMTrace log": .cmtrace
        case "EVTX (binary)": .evtx
        case "ETL (binary)": .etl
        default: .unknown
        }
    }

    static func expectations(_ sources: String) -> [String: Expectation] {
        var result: [String: Expectation] = [:]
        var current: String?
        for line in sources.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("| `") {
                let cells = line.components(separatedBy: " | ")
                let path = cells[0].dropFirst(3).dropLast(1)
                result[String(path)] = Expectation(kind: kind(format: cells[1], file: String(path)))
            } else if line.hasPrefix("#### `") {
                current = String(line.dropFirst(6).dropLast(1))
            } else if line.hasPrefix("* size: "), let path = current {
                let parts = line.dropFirst(8).components(separatedBy: ", ")
                if parts.count >= 4, let lines = Int(parts[3].components(separatedBy: " ")[0]) {
                    result[path]?.lines = lines
                    result[path]?.encoding =
                        switch parts[1] {
                        case "UTF-8+BOM": "utf-8-bom"
                        case "UTF-16LE+BOM": "utf-16le"
                        default: "utf-8"
                        }
                }
            }
        }
        return result
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: ReaderFixtures.corpus + "/SOURCES.md"),
            "../shared/corpus not found"))
    func everyCorpusFileHasTheRightKind() throws {
        let corpus = ReaderFixtures.corpus
        let sources = try String(contentsOfFile: corpus + "/SOURCES.md", encoding: .utf8)
        let expected = Self.expectations(sources)
        #expect(expected.count == 112)
        let set = try EvidenceReader().read(paths: [corpus])
        let records = Dictionary(uniqueKeysWithValues: set.sources.map { ($0.path, $0) })
        for (path, expectation) in expected.sorted(by: { $0.key < $1.key }) {
            guard let record = records[path] else {
                Issue.record("\(path): not read")
                continue
            }
            // WindowsUpdate and WaaSMedic traces are decoded and read as WindowsUpdate.log lines.
            let decodedTrace = expectation.kind == .etl && ETLDecoder.decodes(name: FileScanner.lastComponent(path))
            #expect(record.kind == (decodedTrace ? .windowsUpdate : expectation.kind), "\(path)")
            if decodedTrace {
                #expect(record.status == .parsed && record.encoding == "binary" && record.lines > 0, "\(path)")
                continue
            }
            switch expectation.kind {
            case .unknown:
                #expect(record.status == .skipped && record.reason == "unsupported kind", "\(path)")
            case .evtx:
                // Record counts: EVTXCorpusTests.
                #expect(record.status == .parsed && record.encoding == "binary" && record.lines > 0, "\(path)")
            case .etl:
                #expect(record.status == .skipped && record.reason == ETLDecoder.otherReason, "\(path)")
            default:
                #expect(record.status == .parsed, "\(path)")
                if let lines = expectation.lines { #expect(record.lines == lines, "\(path)") }
                if let encoding = expectation.encoding { #expect(record.encoding == encoding, "\(path)") }
            }
        }
        let parsed = set.facts.filter { $0.kind == FactKind.sourceCollected }.count
        #expect(parsed == set.sources.filter { $0.status == .parsed }.count)
    }
}
