import Testing
import TriageCore

@testable import TriageEngine

/// A feature update (an `install-attempt` of channel `setup`) in the install timeline beside a monthly
/// update: its own group `feature-update <target build>`, and on its line the builds, phase/operation,
/// extend code and rollback — in the text report, JSON and the HTML timeline.
@Suite struct FeatureUpdateTimelineTests {
    let upgrade = Fx.fact(
        "install-attempt",
        [
            "channel": "setup", "client": "Windows Setup", "result": "failed", "hresult": "0x8007000d",
            "phase": "safe-os", "operation": "apply-image", "extend": "0x2000C", "rolled-back": "true",
            "source-build": "10.0.19045.0", "target-build": "10.0.22621.1", "stage": "install",
            "started": "2023-05-23T00:21:30", "log": "setupact"
        ], file: "setupact.log", line: 16)
    let monthly = Fx.fact(
        "install-attempt",
        [
            "kb": "KB5025221", "result": "succeeded", "channel": "windows-update",
            "started": "2023-05-10T03:01:00"
        ], line: 812)

    func analysis() -> Analysis {
        Analyzer(knowledge: Fx.kb(hypotheses: [Fx.hypothesis("no-failure-captured", prior: 0.1)], rules: []))
            .analyze(evidence: Fx.evidence([monthly, upgrade], collected: [.cbs, .setupact]))
    }

    @Test func textTimeline() {
        let a = analysis()
        #expect(a.installs.map(\.kb) == ["KB5025221", "feature-update 10.0.22621.1"])
        #expect(
            TextReport.render(a, width: 200).contains(
                """
                Installs:
                  feature-update 10.0.22621.1 1 failed
                    2023-05-23T00:21:30  failed     setup  0x8007000d  10.0.19045.0 -> 10.0.22621.1 safe-os/apply-image 0x2000C rolled-back  setupact.log:16
                  KB5025221  1 succeeded

                """))
    }

    @Test func jsonAndHTML() {
        let a = analysis()
        let json = JSONReport.render(a)
        #expect(json.contains("\"extend\": \"0x2000C\""))
        #expect(json.contains("\"sourceBuild\": \"10.0.19045.0\""))
        #expect(json.contains("\"targetBuild\": \"10.0.22621.1\""))
        #expect(json.contains("\"phase\": \"safe-os\""))
        #expect(json.contains("\"operation\": \"apply-image\""))
        #expect(json.contains("\"rolledBack\": \"true\""))
        let timeline = HTMLTimeline(a.installs)
        #expect(timeline.entries.map(\.kb) == ["KB5025221", "feature-update 10.0.22621.1"])
        #expect(
            timeline.entries[1].attempt.setupSummary
                == "10.0.19045.0 -> 10.0.22621.1 safe-os/apply-image 0x2000C rolled-back")
        #expect(a.installs[0].attempts[0].setupSummary == nil)
        let html = HTMLReport.render(a, options: HTMLReport.Options())
        #expect(
            html.contains(
                "<td>0x8007000d</td><td>setup 10.0.19045.0 -&gt; 10.0.22621.1 safe-os/apply-image 0x2000C rolled-back</td>"
            ))
    }

    /// The report written as it is made (install attempts streamed) has the bytes of the whole value
    /// rendered: feature-update members, `alsoIn`, null `hresult`/`started`, and an added `version`.
    @Test func streamedJSONIsTheValueRendered() {
        let also = [
            InstallTimelineTests.attempt(
                "WindowsUpdate.log", 12, started: "2022-11-01T09:06:02", ended: "2022-11-01T09:09:47"),
            InstallTimelineTests.attempt("EventLogs/System.txt", 14, started: "2022-11-01T01:09:47"),
            Fx.fact(FactKind.installAttempt, ["kb": "KB5016623", "result": "pending"], line: 90)
        ]
        let a = Analyzer(knowledge: Fx.kb(hypotheses: [Fx.hypothesis("no-failure-captured", prior: 0.1)], rules: []))
            .analyze(evidence: Fx.evidence([monthly, upgrade] + also, collected: [.cbs, .setupact, .windowsUpdate]))
        #expect(a.installs.flatMap(\.attempts).contains { !$0.alsoIn.isEmpty })
        #expect(a.installs.flatMap(\.attempts).contains { $0.hresult == nil && $0.started == nil })
        let version = JSONValue.object(["tool": .string("0.0.0")])
        for language in [Language.en, .zhCN] {
            guard case .object(var members) = JSONReport.value(a, language: language) else {
                Issue.record("not an object")
                return
            }
            members["version"] = version
            #expect(
                JSONReport.render(a, language: language, adding: ["version": version])
                    == JSONValue.object(members).rendered())
        }
        // The KB5016623 install as written: its attempts' members in key order, the event-log attempt naming
        // the WindowsUpdate.log one (`alsoIn`), the attempt with no time or code with nulls.
        let json = JSONReport.render(a)
        #expect(json.contains(Self.kb5016623), "\(json)")
    }

    /// Thousands of installs, and thousands of attempts of one install, are written in parts on the cores: the
    /// bytes are those of the value rendered in one go.
    @Test func manyInstallsAndAttemptsWrittenInPartsAreTheValueRendered() {
        var facts: [Fact] = []
        for n in 0..<(JSONReport.parallelAttempts + 7) {
            let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
            let second = two(n / 60 % 60) + ":" + two(n % 60)
            facts.append(
                Fx.fact(
                    FactKind.installAttempt,
                    [
                        "package": "Package_for_KB\(4_000_000 + n)", "result": n % 3 == 0 ? "failed" : "succeeded",
                        "started": "2022-10-27T09:\(second)"
                    ], line: 10 + n))
            facts.append(
                Fx.fact(
                    FactKind.installAttempt,
                    [
                        "kb": "KB5016623", "result": n % 5 == 0 ? "failed" : "succeeded", "hresult": "0x800f0922",
                        "started": "2022-10-28T10:\(second)"
                    ], file: "WindowsUpdate.log", line: 10 + n))
        }
        let a = Analyzer(knowledge: Fx.kb(hypotheses: [Fx.hypothesis("no-failure-captured", prior: 0.1)], rules: []))
            .analyze(evidence: Fx.evidence(facts, collected: [.cbs, .windowsUpdate]))
        #expect(a.installs.count == JSONReport.parallelAttempts + 8)
        #expect(a.installs.map(\.attempts.count).max() == JSONReport.parallelAttempts + 7)
        guard case .object(let members) = JSONReport.value(a, language: .en) else {
            Issue.record("not an object")
            return
        }
        #expect(JSONReport.render(a, language: .en) == JSONValue.object(members).rendered())
        #expect(JSONReport.contiguousRuns([1, 1, 1, 9, 1, 1], parts: 2) == [0..<4, 4..<6])
        #expect(JSONReport.contiguousRuns([5], parts: 2) == [0..<1])
        #expect(JSONReport.contiguousRuns([1, 1, 1], parts: 4) == [0..<1, 1..<2, 2..<3])
    }

    static let kb5016623 = """
            {
              "attempts": [
                {
                  "channel": "unknown",
                  "file": "CBS.log",
                  "hresult": null,
                  "line": 90,
                  "result": "pending",
                  "started": null
                },
                {
                  "alsoIn": [
                    {
                      "file": "WindowsUpdate.log",
                      "line": 12
                    }
                  ],
                  "channel": "unknown",
                  "file": "EventLogs/System.txt",
                  "hresult": "0x80070570",
                  "line": 14,
                  "result": "failed",
                  "started": "2022-11-01T01:09:47"
                }
              ],
              "failed": 1,
              "kb": "KB5016623",
              "succeeded": 0
            }
        """
}
