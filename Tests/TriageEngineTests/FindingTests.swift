import Testing
import TriageCore

@testable import TriageEngine

/// Findings the engine reports beside the ranking.
@Suite struct FindingTests {
    let knowledge = Fx.kb(hypotheses: [Fx.hypothesis("a", prior: 0.2)], rules: [])

    @Test func noServicingLogWhenNothingButSkippedFilesAndTheCollectorInfo() {
        let sources = [
            SourceRecord(
                path: "DDACLSys.log", kind: .unknown, status: .skipped, reason: "unsupported kind",
                encoding: "utf-8", bytes: 900, lines: 12),
            SourceRecord(
                path: "CollectorInfo.txt", kind: .collectorInfo, status: .parsed, encoding: "utf-8",
                bytes: 90, lines: 4)
        ]
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: EvidenceSet(sources: sources, facts: []))
        #expect(analysis.findings.map(\.id) == ["no-servicing-log"])
        #expect(analysis.findings.first?.details == ["files": "2", "skipped": "1"])
        #expect(
            analysis.findings.first?.message[.en].hasPrefix(
                "No servicing or update log was read (2 file(s), 1 skipped)") == true)
    }

    @Test func noFindingOnceAServicingLogIsParsed() {
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: Fx.evidence([], collected: [.cbs]))
        #expect(analysis.findings.isEmpty)
    }
}

/// Feature-upgrade logs alone are flagged: the hypotheses describe cumulative-update installs.
@Suite struct UpgradeLogFindingTests {
    let knowledge = Fx.kb(hypotheses: [Fx.hypothesis("a", prior: 0.2)], rules: [])

    @Test func onlyPantherAndSetupDiagLogs() {
        let analysis = Analyzer(knowledge: knowledge).analyze(
            evidence: Fx.evidence([], collected: [.setupact, .setuperr]))
        #expect(analysis.findings.map(\.id) == ["upgrade-logs-only"])
        #expect(analysis.findings.first?.details == ["logs": "setupact setuperr"])
    }

    @Test func notWhenAServicingLogIsThereToo() {
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: Fx.evidence([], collected: [.setupact, .cbs]))
        #expect(analysis.findings.isEmpty)
    }
}
