import Foundation
import Testing
import TriageCore
import TriageEngine

/// A CBS log collected as a rotated `CbsPersist_*.cab` (as TSS and the seed's collector gather them) gives the
/// same diagnosis as the log itself, citing the member by its whole path.
@Suite struct ArchivedLogTests {
    static let gcab = ["/usr/bin/gcab", "/usr/local/bin/gcab"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: gcab != nil)) func seedMomentSevenWithItsCBSLogInACab() throws {
        let fm = FileManager.default
        let folder = NSTemporaryDirectory() + "triage-archived-" + UUID().uuidString
        defer { try? fm.removeItem(atPath: folder) }
        let bundle = folder + "/bundle"
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Pipeline.seedBundle("2022-11-08-BR0101-PC023"), toPath: bundle)
        let cab = bundle + "/Logs/CBS/CbsPersist_20221027103011.cab"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.gcab!)
        process.arguments = ["-c", "-z", "-n", cab, bundle + "/Logs/CBS/CBS.log"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try fm.removeItem(atPath: bundle + "/Logs/CBS/CBS.log")

        let observations = ["rollback-at-reboot": "true"]
        let done: Set<String> = ["confirm-failing-update", "collect-logs"]
        let plain = try Pipeline.analyze(
            [Pipeline.seedBundle("2022-11-08-BR0101-PC023")], observations: observations, done: done)
        let archived = try Pipeline.analyze([bundle], observations: observations, done: done)
        #expect(archived.sources.map(\.path).contains("Logs/CBS/CbsPersist_20221027103011.cab/CBS.log"))
        #expect(archived.hypotheses.map(\.id) == plain.hypotheses.map(\.id))
        #expect(archived.hypotheses.map(\.probability) == plain.hypotheses.map(\.probability))
        #expect(archived.nextSteps.map(\.id) == plain.nextSteps.map(\.id))
        let payload = try #require(archived.hypotheses.first)
        #expect(payload.id == "payload-corrupt")
        let cited = Set(payload.support.flatMap { $0.evidence.map { "\($0.provenance.file):\($0.provenance.line)" } })
        #expect(cited.contains("Logs/CBS/CbsPersist_20221027103011.cab/CBS.log:27"))
    }
}
