import Testing
import TriageCore

@testable import TriageEngine

/// The seed's moments 1 and 2 in miniature: the engine knows no ids; the behaviour comes from rules.
@Suite struct ScenarioTests {
    let knowledge = Fx.kb(
        hypotheses: [
            Fx.hypothesis("no-failure-captured", prior: 0.1, remedies: ["confirm-failing-update"]),
            Fx.hypothesis("payload-corrupt", prior: 0.12), Fx.hypothesis("boot-phase-failure", prior: 0.08)
        ],
        rules: [
            Fx.rule(
                "general/only-successes",
                Fx.all(
                    Fx.has("install-attempt", ["result": "succeeded"]),
                    Fx.c(.absent(Fx.pattern("install-attempt", ["result": "failed"])))),
                supports: [("no-failure-captured", .decisive)], recommends: ["confirm-failing-update"]),
            Fx.rule(
                "boot/rollback-observed", Fx.observed("rollback-at-reboot", "true"),
                supports: [("boot-phase-failure", .strong)], opposes: [("no-failure-captured", .decisive)],
                recommends: ["procmon-boot-logging", "wpr-boot-trace"])
        ],
        procedures: [
            Fx.procedure("confirm-failing-update", kind: .collect, minutes: 5),
            Fx.procedure("procmon-boot-logging", kind: .collect, minutes: 45, reboot: true, admin: true),
            Fx.procedure("wpr-boot-trace", kind: .collect, minutes: 45, reboot: true, admin: true),
            Fx.procedure("collect-logs", kind: .collect, minutes: 15, logs: [.cbs, .windowsUpdate])
        ])

    let success = Fx.fact(
        "install-attempt",
        [
            "kb": "KB5016623", "result": "succeeded", "channel": "windows-update",
            "started": "2022-08-20T03:01:00"
        ], line: 812)

    @Test func momentOneNothingFailed() {
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: Fx.evidence([success]))
        #expect(analysis.leader?.id == "no-failure-captured")
        #expect(analysis.nextSteps.first?.id == "confirm-failing-update")
        #expect(analysis.nextSteps.first?.role == .remedy)
        #expect(analysis.installs.map(\.kb) == ["KB5016623"])
        #expect(analysis.installs[0].succeeded == 1 && analysis.installs[0].failed == 0)
        #expect(
            TextReport.render(analysis).contains(
                """
                Installs:
                  KB5016623  1 succeeded

                """))
        #expect(
            TextReport.render(analysis, verbose: true).contains(
                """
                Installs:
                  KB5016623  1 succeeded
                    2022-08-20T03:01:00  succeeded  windows-update  CBS.log:812
                """))
    }

    @Test func momentTwoRollbackAtReboot() {
        let analysis = Analyzer(knowledge: knowledge)
            .analyze(evidence: Fx.evidence([success]), observations: ["rollback-at-reboot": "true"])
        #expect(analysis.leader?.id == "boot-phase-failure")
        #expect(analysis.nextSteps.map(\.id).prefix(2) == ["procmon-boot-logging", "wpr-boot-trace"])
        #expect(
            analysis.hypothesis("boot-phase-failure")!.support[0].evidence.map(\.provenance.file) == ["(observation)"])
    }

    @Test func collectorOutdatedFinding() {
        let tool = Tool(
            id: "cmge-log-collector", name: "CMGELogCollector",
            versions: [
                .init(value: "1.0", current: false, files: ["CMGELogCollector.exe"]),
                .init(value: "1.11", current: false, files: []),
                .init(value: "2.0", current: true, files: ["CMGELogCollectorV2.exe"])
            ], location: Fx.here)
        func findings(_ attributes: [String: String]) -> [String] {
            let kb = Fx.kb(hypotheses: [], rules: [], tools: [tool])
            return Analyzer(knowledge: kb).analyze(evidence: Fx.evidence([Fx.fact("collector", attributes, line: 1)]))
                .findings.map { "\($0.id) \($0.details["found"]!) < \($0.details["current"]!)" }
        }
        #expect(findings(["name": "CMGELogCollector", "version": "1.11"]) == ["collector-outdated 1.11 < 2.0"])
        #expect(findings(["name": "cmge-log-collector", "version": "v1.9"]) == ["collector-outdated v1.9 < 2.0"])
        #expect(findings(["name": "CMGELogCollector.exe"]) == ["collector-outdated 1.0 < 2.0"])
        #expect(findings(["name": "CMGELogCollectorV2.exe"]) == [])
        #expect(findings(["name": "CMGELogCollector", "version": "2.0.0"]) == [])
        #expect(findings(["name": "OtherTool", "version": "0.1"]) == [])
        #expect(DottedVersion.compare("1.11", "1.9") == 1)
        #expect(DottedVersion.compare("2", "2.0") == 0)
    }
}
