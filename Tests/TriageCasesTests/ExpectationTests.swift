import Testing
import TriageCore

@testable import TriageCases

@Suite struct ExpectationTests {
    let result = CaseResult(
        hypotheses: [
            .init(id: "payload-corrupt", probability: 0.62), .init(id: "component-store-corrupt", probability: 0.21),
            .init(id: "servicing-interrupted", probability: 0.09), .init(id: "no-failure-captured", probability: 0.01)
        ],
        nextSteps: ["offline-install-with-hash", "dism-scanhealth", "collect-logs"],
        findings: [CaseFinding(id: "collector-outdated", attributes: ["version": "1.11", "current": "2.0"])])

    @Test func passingChecksGiveNoFailures() {
        let e = Expectation(
            date: CaseDate("2022-11-08")!,
            checks: [
                .top("payload-corrupt"), .inTop("servicing-interrupted", k: 3),
                .below("no-failure-captured", probability: 0.05),
                .below("pending-reboot", probability: 0.1), .firstStep(["offline-install-with-hash"]),
                .stepInTop("dism-scanhealth", k: 2), .noStep("confirm-failing-update"),
                .finding("collector-outdated", attributes: ["current": "2.0"]), .noFinding("machine-mismatch")
            ])
        #expect(e.failures(against: result).isEmpty)
    }

    /// `<cites>`: every listed place must be among the hypothesis's cited evidence.
    @Test func citesChecksTheEvidenceOfTheHypothesis() {
        var r = result
        r.citations = ["payload-corrupt": ["WindowsUpdate.log:5", "WindowsUpdate.log:24"]]
        let pass = Expectation.Check.cites("payload-corrupt", at: ["WindowsUpdate.log:24"])
        #expect(pass.failure(against: r) == nil)
        #expect(pass.summary == "payload-corrupt cites WindowsUpdate.log:24")
        #expect(
            Expectation.Check.cites("payload-corrupt", at: ["WindowsUpdate.log:24", "CBS.log:3"]).failure(against: r)?
                .diffLines
                == [
                    "- payload-corrupt cites: WindowsUpdate.log:24 CBS.log:3",
                    "+ payload-corrupt cites: WindowsUpdate.log:5 WindowsUpdate.log:24"
                ])
        #expect(
            Expectation.Check.cites("pending-reboot", at: ["CBS.log:3"]).failure(against: r)?.got == "no evidence cited"
        )
    }

    @Test func failuresSayWhatWasExpectedAndWhatCame() {
        let e = Expectation(
            date: CaseDate("2022-11-08")!,
            checks: [
                .top("component-store-corrupt"), .inTop("pending-reboot", k: 3),
                .below("payload-corrupt", probability: 0.5),
                .firstStep(["dism-scanhealth", "sfc-scannow"]), .stepInTop("sfc-scannow", k: 2),
                .noStep("collect-logs"),
                .finding("request-repeated", attributes: ["times": "4"]),
                .finding("collector-outdated", attributes: ["version": "1.0"]), .noFinding("collector-outdated")
            ])
        let lines = e.failures(against: result).flatMap(\.diffLines)
        #expect(
            lines == [
                "- top hypothesis: component-store-corrupt",
                "+ top hypothesis: component-store-corrupt is #2 at 0.21; top: payload-corrupt 0.62, component-store-corrupt 0.21, servicing-interrupted 0.09",
                "- pending-reboot in top 3: rank ≤ 3",
                "+ pending-reboot in top 3: pending-reboot not ranked; top: payload-corrupt 0.62, component-store-corrupt 0.21, servicing-interrupted 0.09",
                "- payload-corrupt below 0.50: < 0.50",
                "+ payload-corrupt below 0.50: payload-corrupt is #1 at 0.62; top: payload-corrupt 0.62, component-store-corrupt 0.21, servicing-interrupted 0.09",
                "- first next step: dism-scanhealth or sfc-scannow",
                "+ first next step: offline-install-with-hash, dism-scanhealth, collect-logs",
                "- step sfc-scannow in top 2: rank ≤ 2",
                "+ step sfc-scannow in top 2: offline-install-with-hash, dism-scanhealth, collect-logs",
                "- no step collect-logs: not recommended",
                "+ no step collect-logs: recommended at #3: offline-install-with-hash, dism-scanhealth, collect-logs",
                "- finding request-repeated: request-repeated(times=4)",
                "+ finding request-repeated: absent (findings: collector-outdated)",
                "- finding collector-outdated: collector-outdated(version=1.0)",
                "+ finding collector-outdated: collector-outdated(current=2.0,version=1.11)",
                "- no finding collector-outdated: absent",
                "+ no finding collector-outdated: reported"
            ])
    }

    @Test func checkSummariesAreStable() {
        #expect(Expectation.Check.below("payload-corrupt", probability: 0.2).summary == "payload-corrupt < 0.20")
        #expect(Expectation.Check.firstStep(["a", "b"]).summary == "first step a|b")
        #expect(Expectation.Check.finding("x", attributes: ["b": "2", "a": "1"]).summary == "finding x(a=1,b=2)")
    }
}
