import Testing
import TriageCore
import TriageEngine

/// Feature-update readings of real bundles in ../shared/corpus (issue 12 "done when"): run only where the
/// corpus is present.
@Suite(
    .enabled(if: Pipeline.corpus != nil, "../shared/corpus not found beside the repo; upgrade corpus readings skipped"))
struct UpgradeCorpusTests {
    /// Windows 10 → 11 rolling back in Safe OS (Apply WIM 0x80070570 → 0x8007000D-0x2000C), store corruption on
    /// several installs, stop errors 0x3B/0x139: hardware first, the Safe OS failure cited, media next.
    @Test func appostarsiLeadsWithHardwareCitingTheSafeOSFailure() throws {
        let analysis = try Pipeline.analyze([Pipeline.corpus! + "/appostarsi-winerros"])
        let top = try #require(analysis.hypotheses.first)
        #expect(top.id == "hardware-fault")
        #expect(top.probability > 0.6)
        let cited = Set(top.support.flatMap { $0.evidence.map { "\($0.provenance.file):\($0.provenance.line)" } })
        #expect(cited.contains("setupact.log.tail-64KiB:501"))  // ExecuteOperations: Failed execution phase Safe OS
        #expect(analysis.nextSteps.first?.procedure.id == "hardware-diagnostics")
        #expect(analysis.nextSteps.prefix(3).contains { $0.procedure.id == "recreate-upgrade-media" })
    }

    /// The SetupDiag result alone: its verdict is evidence, and SetupDiag is not asked for again.
    @Test func appostarsiSetupDiagResultAlone() throws {
        let analysis = try Pipeline.analyze([Pipeline.corpus! + "/appostarsi-winerros/SetupDiagResults.log"])
        #expect(analysis.hypotheses.first?.id == "upgrade-media-corrupt")
        #expect(analysis.findings.first?.message[.en].contains("SetupDiag's result is part of the evidence.") == true)
    }

    /// A failed Windows 11 24H2 feature update seen from WindowsUpdate.log only: the upgrade class leads and
    /// the Panther logs are asked for.
    @Test func zayrexdevReadsAsAFailed24H2Update() throws {
        let analysis = try Pipeline.analyze([Pipeline.corpus! + "/zayrexdev-stuff"])
        let top = try #require(analysis.hypotheses.first)
        #expect(top.id == "upgrade-failure")
        #expect(
            Set(top.support.map(\.rule)) == [
                "upgrade/feature-update-failed-wu", "upgrade/feature-update-handler-failed",
                "upgrade/earlier-rollback-recorded"
            ])
        #expect(analysis.nextSteps.first?.procedure.id == "collect-panther-logs")
    }

    /// Setup logs that hold no failed upgrade (OOBE, unattend, sysprep passes) are not led by a failure cause.
    @Test func setupLogsWithoutAFailedUpgrade() throws {
        for folder in [
            "bitbtrust-errorcode", "kaykyprogramas01-kayky", "cralborn-cyberforce", "vitalskib-files",
            "copyleft21-samsung", "shekhar-gitbasic", "silvermaz28-soe", "weiyang180-test"
        ] {
            let analysis = try Pipeline.analyze([Pipeline.corpus! + "/" + folder])
            #expect(analysis.hypotheses.first?.id == "no-failure-captured", "\(folder)")
        }
    }
}
