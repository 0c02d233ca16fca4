import Testing
import TriageCore
import TriageEngine

/// The seed case CAS-07397 end to end (shared/seed/README.md): the bundles written for it in
/// Tests/Cases/CAS-07397, read and analysed with the shipped knowledge, as the engineer had them.
@Suite struct SeedMomentTests {
    /// Moment 1: the first bundle records only a successful KB5016623.
    @Test func momentOneFindsNoFailedInstall() throws {
        let analysis = try Pipeline.analyze([Pipeline.seedBundle("2022-10-24-BR0101-PC017")])
        #expect(analysis.hypotheses.first?.id == "no-failure-captured")
        #expect(analysis.nextSteps.first?.id == "confirm-failing-update")
    }

    /// Moment 2: the phone call — it installs, then rolls back during the reboot.
    @Test func momentTwoRollbackAtRebootAsksForBootTraces() throws {
        let analysis = try Pipeline.analyze(
            [Pipeline.seedBundle("2022-10-24-BR0101-PC017")],
            observations: ["rollback-at-reboot": "true"],
            done: ["confirm-failing-update"])
        #expect(analysis.hypotheses.first?.id == "boot-phase-failure")
        let first = try #require(analysis.nextSteps.first?.id)
        #expect(["procmon-boot-logging", "wpr-boot-trace"].contains(first))
        #expect(analysis.nextSteps.prefix(3).map(\.id).contains("wpr-boot-trace"))
    }

    /// Moment 3: the second bundle (zip) — CBS cannot unpack KB5016623's cab, 0x800f0821; collector 1.0.
    @Test func momentThreeAsksForTheOfflineInstall() throws {
        let analysis = try Pipeline.analyze([Pipeline.seedBundle("2022-10-28-BR0101-PC023.zip")])
        #expect(analysis.hypotheses.prefix(3).map(\.id).contains("servicing-interrupted"))
        #expect(analysis.hypotheses.prefix(2).map(\.id).contains("payload-corrupt"))
        #expect(analysis.nextSteps.first?.id == "offline-install-with-hash")
        #expect(analysis.findings.map(\.id).contains("collector-outdated"))
    }

    /// Moment 7: WSUS, 4× 0x80070570, 0x8024001E, 0x80070490 in install context, CBS 0x800f0821 while
    /// extracting: payload-corrupt first; the offline install with a hash check first, naming the rival.
    @Test func momentSevenRanksPayloadFirstAndSeparatesItFromTheMachine() throws {
        let analysis = try Pipeline.analyze(
            [Pipeline.seedBundle("2022-11-08-BR0101-PC023")],
            observations: ["rollback-at-reboot": "true"],
            done: ["confirm-failing-update", "collect-logs"])
        let ranking = analysis.hypotheses.map(\.id)
        #expect(ranking.first == "payload-corrupt")
        #expect(ranking.prefix(3).contains("servicing-interrupted"))
        #expect(ranking.prefix(3).contains("component-store-corrupt"))
        let first = try #require(analysis.nextSteps.first)
        #expect(first.id == "offline-install-with-hash")
        #expect(first.reason[.en].contains("component-store-corrupt"))
        #expect(first.reason[.zhCN].contains("component-store-corrupt"))
        // The citations for payload-corrupt include the WSUS server line and the CBS unpack failure.
        let payload = try #require(analysis.hypotheses.first)
        let cited = Set(payload.support.flatMap { $0.evidence.map { "\($0.provenance.file):\($0.provenance.line)" } })
        #expect(cited.contains("WindowsUpdate.log:5"))
        #expect(cited.contains("Logs/CBS/CBS.log:27"))
    }
}
