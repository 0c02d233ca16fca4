import Testing
import TriageCore

@testable import TriageEvidence

/// A feature update in setupact.log as one `install-attempt` (channel `setup`): builds from the
/// `Host OS version:`/`Target OS version:` lines, the phase and operation it failed in, its extend code and
/// rollback. Fixtures are written line by line in the setupact layout (`date time, Level  Component  text`).
@Suite struct FeatureUpdateAttemptTests {
    static let line = SetupModelTests.setupLine

    func attempts(_ kind: LogKind, _ lines: [String]) -> [String] {
        let ctx = Harness.run(kind, bytes: Array(lines.joined(separator: "\r\n").utf8))
        return ctx.facts.sorted(by: Fact.stableOrder).filter { $0.kind == FactKind.installAttempt }.map(\.summary)
    }

    static let builds = [
        line(
            "00:21:30", "Info", "", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1"),
        line("00:21:30", "Info", "", "Target OS version: 10.0.22621.1"),
        line(
            "00:21:31", "Info", "", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1"),
        line("00:27:53", "Info", "SP", "OPERATIONTRACK ExecuteOperations: Start execution phase Downlevel")
    ]

    @Test func aSafeOSFailureRolledBack() {
        let lines =
            Self.builds + [
                Self.line("00:32:12", "Info", "SP", "Execution phase [Safe OS] entering"),
                Self.line(
                    "00:32:46", "Error", "SP",
                    "Operation failed: Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS. Error: 0x80070570[gle=0x000000b7]"
                ),
                Self.line(
                    "00:32:46", "Error", "SP", "ExecuteOperations: Failed execution phase Safe OS. Error: 0x8007000D"),
                Self.line(
                    "00:34:02", "Info", "MOUPG", "SetupHost: Reporting post reboot event -> [0x8007000D, 0x2000C]"),
                Self.line("00:34:05", "Info", "SP", "Initiating rollback"),
                Self.line("00:35:40", "Info", "SP", "Rollback complete")
            ]
        #expect(
            attempts(.setupact, lines) == [
                "1 install-attempt channel=setup client=Windows Setup ended=2023-05-23T00:35:40 hresult=0x8007000d id=setup:1 log=setupact operation=apply-image phase=safe-os result=failed rolled-back=true source-build=10.0.19045.0 stage=install started=2023-05-23T00:21:30 target-build=10.0.22621.1"
            ])
    }

    @Test func anUpgradeWithoutAFailureReachedItsPhaseResultUnknown() {
        let lines = Self.builds + [Self.line("00:40:00", "Info", "SP", "Execution phase [Safe OS] entering")]
        #expect(
            attempts(.setupact, lines) == [
                "1 install-attempt channel=setup client=Windows Setup ended=2023-05-23T00:40:00 id=setup:1 log=setupact phase=safe-os result=unknown source-build=10.0.19045.0 stage=install started=2023-05-23T00:21:30 target-build=10.0.22621.1"
            ])
    }

    @Test func aFailureWithoutBuildLinesIsCitedAtTheFailureAndStartsWithTheLog() {
        let lines = [
            Self.line("09:21:39", "Info", "MOUPG", "SetupManager: Starting"),
            Self.line("09:21:40", "Error", "MOUPG", "CSetupManager::Execute(1850): Result = 0xC1900101 - 0x4000D")
        ]
        #expect(
            attempts(.setupact, lines) == [
                "2 install-attempt channel=setup client=Windows Setup ended=2023-05-23T09:21:40 extend=0x4000D hresult=0xc1900101 id=setup:2 log=setupact operation=migrate-data phase=second-boot result=failed stage=boot started=2023-05-23T09:21:39"
            ])
        // setuperr repeats setupact's errors: no attempt of its own.
        #expect(attempts(.setuperr, lines) == [])
    }

    @Test func noBuildAndNoFailureIsNoAttempt() {
        let lines = [
            Self.line("00:27:53", "Info", "SP", "OPERATIONTRACK ExecuteOperations: Start execution phase Downlevel"),
            // MOUPG's table spelling is not the build line
            Self.line("00:27:54", "Info", "MOUPG", "Host OS Version         [ 10.0.22631 ]"),
            Self.line("00:27:55", "Info", "", "Target OS version: not-a-build")
        ]
        #expect(attempts(.setupact, lines) == [])
    }

    /// SetupPlatform's phases processed through the second boot (a Windows 11 run of the corpus writes these
    /// lines, with no build lines): a succeeded attempt, cited at the first line saying OOBE was processed.
    @Test func phasesProcessedThroughOOBEAreASucceededAttempt() {
        let lines = [
            Self.line("15:16:16", "Info", "SP", "SetupPlatform: Phase \"FirstBoot\" started"),
            Self.line(
                "15:16:17", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Pre First Boot"),
            Self.line(
                "15:20:12", "Error", "SP",
                "    CProvisioningMigration::DoExecute: ProvMigration failed. Error: 0x80070003"),
            Self.line("15:20:14", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Pre OOBE"),
            Self.line("15:20:26", "Info", "SP", "SetupPlatform: Phase \"Post-OOBEBoot\" completed successfully."),
            Self.line("15:29:38", "Info", "SP", "Execution phase [Post OOBE] exiting with HRESULT [0x00000000]")
        ]
        let ctx = Harness.run(.setupact, bytes: Array(lines.joined(separator: "\r\n").utf8))
        #expect(
            ctx.facts.filter { $0.kind == FactKind.setupCompleted }.map(\.summary) == [
                "4 setup-completed log=setupact phase=second-boot step=Pre OOBE"
            ])
        #expect(
            attempts(.setupact, lines) == [
                "4 install-attempt channel=setup client=Windows Setup ended=2023-05-23T15:29:38 id=setup:4 log=setupact phase=second-boot result=succeeded stage=boot started=2023-05-23T15:16:16"
            ])
    }

    @Test func windeploysOOBECompletionIsASucceededAttempt() {
        let lines = [
            Self.line("10:38:42", "Info", "", "[windeploy.exe] WinDeploy.exe launched with command-line []..."),
            Self.line(
                "10:45:30", "Info", "",
                "[windeploy.exe] OrchestrateWnfPublishOobeCompletion: Publishing WNF event for OOBE completion; OOBE completion flag = TRUE"
            ),
            Self.line("10:45:35", "Info", "", "[windeploy.exe] WinDeploy.exe exiting with code [0x0]")
        ]
        #expect(
            attempts(.setupact, lines) == [
                "2 install-attempt channel=setup client=Windows Setup ended=2023-05-23T10:45:35 id=setup:2 log=setupact phase=second-boot result=succeeded stage=boot started=2023-05-23T10:38:42"
            ])
        // The same words with FALSE, and the down-level phase processed, finish nothing.
        let unfinished = [
            Self.line("10:45:30", "Info", "", "[windeploy.exe] OOBE completion flag = FALSE"),
            Self.line("10:45:31", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Downlevel"),
            Self.line("10:45:32", "Info", "SP", "Execution phase [Downlevel] exiting with HRESULT [0x00000000]")
        ]
        #expect(attempts(.setupact, unfinished) == [])
    }

    @Test func aFailureAfterOOBEWasProcessedIsAFailedAttempt() {
        let lines = [
            Self.line(
                "09:02:58", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Pre OOBE Boot"),
            Self.line(
                "09:03:12", "Error", "SP", "ExecuteOperations: Failed execution phase Post OOBE. Error: 0x80070005")
        ]
        #expect(
            attempts(.setupact, lines) == [
                "1 install-attempt channel=setup client=Windows Setup ended=2023-05-23T09:03:12 hresult=0x80070005 id=setup:1 log=setupact phase=second-boot result=failed stage=boot started=2023-05-23T09:02:58"
            ])
    }

    /// Setup's rollback result on an Error line with no extend code: a failed attempt with that code; the same
    /// code on an Info line, or another component's code, is not.
    @Test func aSetupResultWithoutPhaseFailsTheAttempt() {
        let lines =
            Self.builds + [
                Self.line("10:41:09", "Error", "MOUPG", "CSetupManager::Execute(1850): Result = 0xC1900101")
            ]
        #expect(
            attempts(.setupact, lines) == [
                "1 install-attempt channel=setup client=Windows Setup ended=2023-05-23T10:41:09 hresult=0xc1900101 id=setup:1 log=setupact phase=downlevel result=failed source-build=10.0.19045.0 stage=staging started=2023-05-23T00:21:30 target-build=10.0.22621.1"
            ])
        let info =
            Self.builds + [
                Self.line("10:41:09", "Info", "MOUPG", "Finalize: Reporting result value: [0xC1900101]"),
                Self.line("10:41:10", "Error", "MOUPG", "CDlpTask::Cancel(984): Result = 0xC1800108")
            ]
        #expect(attempts(.setupact, info).map { $0.contains("result=unknown") } == [true])
    }
}
