import Foundation
import Testing
import TriageCore
import TriageEngine

/// Procedure results the logs already show (`<establishes>` rules): not asked for again (issue 11 item 10).
@Suite struct EstablishedOutcomeTests {
    static func bundle(_ name: String) -> String {
        Pipeline.repoRoot + "/Tests/Fixtures/calibrate/" + name + "/bundles"
    }

    /// DISM.log with RestoreHealth failing for want of a source: the establishing rule fires, the procedure
    /// counts as done and DISM /RestoreHealth is not recommended. The result does not enter the rules as an
    /// observation (the rules that read those DISM lines already count them), so nothing is counted twice.
    @Test func restoreHealthRunAndFailingIsNotAskedForAgain() throws {
        let a = try Pipeline.analyze([Self.bundle("no-source") + "/2023-01-12-PC3"])
        #expect(a.observations.isEmpty)
        #expect(a.rules.first { $0.id == "cbs/restorehealth-no-source-in-log" }?.truth == .true)
        #expect(a.rules.first { $0.id == "cbs/restorehealth-failed-in-log" }?.truth == .false)
        #expect(a.rules.first { $0.id == "cbs/restorehealth-failed" }?.truth == .unknown)
        #expect(!a.nextSteps.map(\.id).contains("dism-restorehealth"))
        #expect(a.nextSteps.first?.id == "check-update-source")
        // What the engineer states is read by the rules as always.
        let stated = try Pipeline.analyze(
            [Self.bundle("no-source") + "/2023-01-12-PC3"],
            observations: ["restorehealth-result": "failed"])
        #expect(stated.observations == ["restorehealth-result": "failed"])
        #expect(stated.rules.first { $0.id == "cbs/restorehealth-failed" }?.truth == .true)
        #expect(stated.nextSteps.first?.id == "in-place-upgrade")
    }

    /// CBS names KB5016623 and 0x800f0821: the failing update is known, so confirm-failing-update, a collection
    /// whose question (its first outcome) the logs answer, counts as done and is not asked for its side question
    /// (does it roll back at the reboot); procmon-boot-logging still offers that outcome. A bundle with only a
    /// success still asks for it first.
    @Test func failingUpdateNamedInTheLogsIsNotConfirmedAgain() throws {
        let failed = try Pipeline.analyze([Self.bundle("abort") + "/2023-01-10-PC1"])
        #expect(failed.observations.isEmpty)
        #expect(failed.nextSteps.first?.id == "offline-install-with-hash")
        #expect(!failed.nextSteps.map(\.id).contains("confirm-failing-update"))
        let procmon = try #require(failed.nextSteps.first { $0.id == "procmon-boot-logging" })
        #expect(procmon.outcomes.map(\.label).contains("rollback-at-reboot=true"))
        #expect(failed.rules.first { $0.id == "case/failing-update-in-log" }?.truth == .true)
        let installed = try Pipeline.analyze([Self.bundle("installed") + "/2023-01-11-PC2"])
        #expect(installed.observations.isEmpty)
        #expect(installed.nextSteps.first?.id == "confirm-failing-update")
    }
}
