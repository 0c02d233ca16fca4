import Testing
import TriageCore

@testable import TriageEngine

@Suite struct ExplainTests {
    @Test func howListsEveryContribution() {
        let fixture = GoldenFixture()
        let analysis = fixture.analysis()
        let how = Explainer(knowledge: fixture.knowledge).how("component-store-corrupt", in: analysis)!
        // prior 0.225 × 4 = 0.9; total = 0.9 / 0.068…
        #expect(abs(how.weight - 0.9) < 1e-12)
        #expect(
            ExplanationReport.text(how) == """
                component-store-corrupt — The component store is damaged
                rank 3: prior 22.5% → posterior 6.8%
                weight = prior 0.225 ×4 = 0.9; probability = weight / 13.2401 (all hypotheses + other)
                  + ×4  cbs/abort-while-extracting (moderate) — CBS aborted while extracting the package
                      CBS.log:210  2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABO…
                  ? dism/store-corrupt (supports strong) — DISM found component store corruption
                      error-code{code = 0x800f081f} in dism: not collected: dism → dism-restorehealth, dism-scanhealth
                  ? offline/same-error (supports strong) — The offline package failed the same way
                      observation offline-install-result = same-error: nobody observed offline-install-result → offline-install-with-hash
                  ? offline/succeeded (opposes moderate) — The offline package installed
                      observation offline-install-result = succeeded: nobody observed offline-install-result → offline-install-with-hash

                """)
        #expect(Explainer(knowledge: fixture.knowledge).how("nope", in: analysis) == nil)
    }

    @Test func whyNotNamesTheFailingPredicateAndActualValues() {
        var fixture = GoldenFixture()
        fixture.observations = [:]
        var kb = fixture.knowledge
        kb.rules.append(
            Fx.rule(
                "x/near",
                Fx.all(
                    Fx.has("update-source", ["type": "wsus"]),
                    Fx.has("error-code", ["code": "0x80070002", "kb": "KB5016623"], in: [.windowsUpdate])),
                supports: [("payload-corrupt", .weak)], title: "File not found after a WSUS download"))
        let analysis = Analyzer(knowledge: kb).analyze(evidence: fixture.evidence)
        let why = Explainer(knowledge: kb).whyNot("x/near", in: analysis)!
        #expect(why.truth == .false)
        #expect(why.nearest.map(\.fact.provenance.line) == [40, 55, 71, 88, 93])
        #expect(why.nearest.map(\.actual) == ["0x80070570", "0x80070570", "0x80070570", "0x80070570", "0x8024001e"])
        #expect(
            ExplanationReport.text(why) == """
                x/near — File not found after a WSUS download
                The rule did not fire: its condition is false.
                First condition that failed: error-code{code = 0x80070002, kb = KB5016623} in windowsupdate
                  within: all
                  because: no fact matched
                Nearest facts:
                  WindowsUpdate.log:40 fails code = 0x80070002 (actual: 0x80070570)  2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Ins…
                  WindowsUpdate.log:55 fails code = 0x80070002 (actual: 0x80070570)  2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Ins…
                  WindowsUpdate.log:71 fails code = 0x80070002 (actual: 0x80070570)  2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Ins…
                  WindowsUpdate.log:88 fails code = 0x80070002 (actual: 0x80070570)  2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Ins…
                  WindowsUpdate.log:93 fails code = 0x80070002 (actual: 0x8024001e)  2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Ser…

                """)
    }

    @Test func whyNotForUnknownAndNegatedConditions() {
        let fixture = GoldenFixture()
        var kb = fixture.knowledge
        kb.rules.append(
            Fx.rule(
                "x/not-wsus", Fx.all(Fx.has("error-code"), Fx.not(Fx.has("update-source", ["type": "wsus"]))),
                supports: [("payload-corrupt", .weak)]))
        let analysis = Analyzer(knowledge: kb).analyze(evidence: fixture.evidence)
        let explainer = Explainer(knowledge: kb)
        let negated = explainer.whyNot("x/not-wsus", in: analysis)!
        #expect(negated.nearest.map(\.fact.provenance.line) == [12])
        #expect(negated.detail[.en] == "the negated condition holds")
        let unknown = explainer.whyNot("offline/succeeded", in: analysis)!
        #expect(
            ExplanationReport.text(unknown, language: .zhCN) == """
                offline/succeeded — 规则 offline/succeeded
                该规则未触发：条件未知。
                首个未知的条件：观察 offline-install-result = succeeded
                  原因：尚无人观察 offline-install-result
                  可由以下步骤判定：offline-install-with-hash

                """)
        #expect(
            ExplanationReport.json(unknown) == """
                {
                  "blocker": "observation offline-install-result = succeeded",
                  "citations": [],
                  "detail": "nobody observed offline-install-result",
                  "nearest": [],
                  "path": [
                    "observation offline-install-result = succeeded"
                  ],
                  "procedures": [
                    "offline-install-with-hash"
                  ],
                  "rule": "offline/succeeded",
                  "title": "The offline package installed",
                  "truth": "unknown"
                }

                """)
    }
}
