import Foundation
import Testing
import TriageCore
import TriageEvidence

/// Facts that need more than one line or more than one file: the KB of a WindowsUpdate.log install from its
/// indented `Title =` line, and the WSUS channel of agent installs once any log names a WSUS server.
@Suite struct BundleCorrelationTests {
    static func attempts(_ paths: [String]) throws -> [Fact] {
        try EvidenceReader(signatures: Pipeline.knowledge.signatures).read(paths: paths).facts
            .filter { $0.kind == FactKind.installAttempt }
    }

    @Test func seedBundleThreeAttemptsAreAllKB5016623FromWSUS() throws {
        let attempts = try Self.attempts([Pipeline.seedBundle("2022-11-08-BR0101-PC023")])
        #expect(attempts.count == 13)
        #expect(Set(attempts.map { $0.attributes["kb"] ?? "-" }) == ["KB5016623"])
        #expect(Set(attempts.map { $0.attributes["channel"] ?? "-" }) == ["wsus"])
        let wu = attempts.filter { $0.provenance.file == "WindowsUpdate.log" }
        #expect(wu.map(\.provenance.line) == [12, 42, 72, 103, 133, 163])
        #expect(
            wu.first?.attributes["title"]
                == "2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)")
    }

    @Test func withoutAWSUSServerLineTheAgentChannelStaysWindowsUpdate() throws {
        let cbs = Pipeline.seedBundle("2022-11-08-BR0101-PC023") + "/Logs/CBS/CBS.log"
        let attempts = try Self.attempts([cbs])
        #expect(attempts.map { $0.attributes["channel"] ?? "-" } == ["windows-update"])
    }
}
