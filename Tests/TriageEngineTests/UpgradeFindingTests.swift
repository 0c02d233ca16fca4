import Testing
import TriageCore

@testable import TriageEngine

/// `upgrade-logs-only` reads feature-update bundles as such (no longer "out of scope") and asks for SetupDiag
/// only when no SetupDiag result was read (issue 11 item 5).
@Suite struct UpgradeOnlyFindingTests {
    let knowledge = Fx.kb(hypotheses: [Fx.hypothesis("a", prior: 0.2)], rules: [])

    @Test func withSetupDiagInTheBundleItIsNotAskedFor() throws {
        let analysis = Analyzer(knowledge: knowledge).analyze(
            evidence: Fx.evidence([], collected: [.setupact, .setupDiag, .compatData]))
        let finding = try #require(analysis.findings.first)
        #expect(finding.id == "upgrade-logs-only")
        #expect(
            finding.message[.en]
                == "Only feature-update logs were read (Windows Setup, SetupDiag): the diagnosis is about the feature update. SetupDiag's result is part of the evidence. If a monthly update is what fails, ask for CBS.log and WindowsUpdate.log."
        )
        #expect(finding.details == ["logs": "compatdata setupact setupdiag"])
    }

    @Test func withoutSetupDiagItSaysWhatItWouldAdd() throws {
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: Fx.evidence([], collected: [.setupact]))
        let finding = try #require(analysis.findings.first)
        #expect(finding.message[.en].contains("A SetupDiag result from the machine would add its verdict."))
        #expect(!finding.message[.en].contains("Run SetupDiag"))
    }
}
