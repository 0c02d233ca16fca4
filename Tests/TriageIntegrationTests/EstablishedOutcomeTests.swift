import Foundation
import Testing
import TriageCore
import TriageEngine

/// Procedure results the logs already show (`<establishes>` rules): not asked for again (issue 11 item 10).
@Suite struct EstablishedOutcomeTests {
    static func bundle(_ name: String) -> String { Pipeline.repoRoot + "/Tests/Fixtures/calibrate/" + name + "/bundles" }

    /// DISM.log with RestoreHealth failing for want of a source: the result is established, the procedure
    /// counts as done, the observation rule fires with it, and DISM /RestoreHealth is not recommended.
    @Test func restoreHealthRunAndFailingIsNotAskedForAgain() throws {
        let a = try Pipeline.analyze([Self.bundle("no-source") + "/2023-01-12-PC3"])
        #expect(a.observations["restorehealth-result"] == "source-missing")
        #expect(a.rules.filter { $0.truth == .true }.map(\.id).contains("cbs/restorehealth-no-source-in-log"))
        #expect(a.rules.first { $0.id == "cbs/restorehealth-failed" }?.truth == .true)
        #expect(!a.nextSteps.map(\.id).contains("dism-restorehealth"))
        #expect(a.nextSteps.first?.id == "in-place-upgrade")
        // What the engineer states wins over the logs, and the procedure is then not done by the logs.
        let stated = try Pipeline.analyze([Self.bundle("no-source") + "/2023-01-12-PC3"],
                                          observations: ["restorehealth-result": "succeeded"])
        #expect(stated.observations["restorehealth-result"] == "succeeded")
        #expect(stated.rules.first { $0.id == "cbs/restorehealth-failed" }?.truth == .false)
    }

    /// CBS names KB5016623 and 0x800f0821: the failing update is known, so confirm-failing-update is not the
    /// first step and asks only what is still open (does it roll back at the reboot); a bundle with only a
    /// success still asks for it first.
    @Test func failingUpdateNamedInTheLogsIsNotConfirmedAgain() throws {
        let failed = try Pipeline.analyze([Self.bundle("abort") + "/2023-01-10-PC1"])
        #expect(failed.observations == ["failing-update-confirmed": "true"])
        #expect(failed.nextSteps.first?.id == "offline-install-with-hash")
        let confirm = try #require(failed.nextSteps.first { $0.id == "confirm-failing-update" })
        #expect(confirm.outcomes.map(\.label) == ["rollback-at-reboot=true", "rollback-at-reboot=false"])
        #expect(failed.rules.first { $0.id == "case/failing-update-confirmed" }?.truth == .false)
        let installed = try Pipeline.analyze([Self.bundle("installed") + "/2023-01-11-PC2"])
        #expect(installed.observations.isEmpty)
        #expect(installed.nextSteps.first?.id == "confirm-failing-update")
    }
}
