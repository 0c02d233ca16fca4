import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Inputs the fuzz harnesses (Fuzz/, scripts/fuzz.sh) once crashed on, kept so the crash never comes back.
/// Each is read as its harness reads it; the test asserts the input is accounted for as a source.
@Suite struct FuzzRegressionTests {
    static let folder = ReaderFixtures.repoRoot.appendingPathComponent("Tests/Fixtures/fuzz-regressions").path
    /// The text-log harness's file names, chosen by the first byte (Fuzz/fuzz-text-logs/main.swift).
    static let names = [
        "CBS.log", "DISM.log", "WindowsUpdate.log", "ReportingEvents.log", "setupact.log", "setuperr.log",
        "poqexec.log", "System.txt", "Setup.csv", "SetupDiagResults.log", "CollectorInfo.txt", "any.log"
    ]

    static func inputs(_ harness: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + harness)) ?? []).sorted()
    }

    @Test(arguments: inputs("text-logs"))
    func textLogInputs(_ file: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/text-logs/" + file)))
        let name = Self.names[Int(bytes[0]) % Self.names.count]
        var reader = EvidenceReader(limits: InputLimits(maxLineFactsPerSource: 200, maxLineBytes: 256))
        reader.concurrency = 1
        let set = reader.read(bytes: Array(bytes.dropFirst()), name: name)
        #expect(set.sources.map(\.path) == [name])
    }

    @Test(arguments: inputs("etl"))
    func etlInputs(_ file: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/etl/" + file)))
        let set = ETLReader.read(bytes)
        #expect(set.sources.count == 1)
    }

    @Test func everyHarnessHasItsFolder() {
        #expect(!Self.inputs("text-logs").isEmpty)
        #expect(!Self.inputs("etl").isEmpty)
    }
}
