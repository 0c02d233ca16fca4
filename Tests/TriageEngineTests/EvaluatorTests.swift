import Testing
import TriageCore

@testable import TriageEngine

@Suite struct EvaluatorTests {
    let facts = [
        Fx.fact(
            "error-code", ["code": "0x80070570", "log": "windowsupdate", "kb": "KB5016623"], file: "WindowsUpdate.log",
            line: 10, timestamp: "2022-11-07T09:15:44"),
        Fx.fact(
            "error-code", ["code": "0x80070570", "log": "windowsupdate"], file: "WindowsUpdate.log", line: 20,
            timestamp: "2022-11-07T09:20:00"),
        Fx.fact(
            "error-code", ["code": "0x800f0821", "log": "cbs", "kb": "KB5016623"], file: "CBS.log", line: 5,
            timestamp: "2022-10-27T10:00:00"),
        Fx.fact(
            "install-attempt", ["kb": "KB5016623", "result": "failed", "started": "2022-10-27T09:50:00"],
            file: "CBS.log", line: 3, timestamp: "2022-10-27T09:50:00"),
        Fx.fact(
            "rollback", ["phase": "startup", "kb": "KB5016623"], file: "CBS.log", line: 40,
            timestamp: "2022-10-27T11:00:00")
    ]

    func run(
        _ condition: Condition, facts: [Fact]? = nil, collected: [LogKind] = [.cbs, .windowsUpdate],
        observations: [String: String] = [:]
    ) -> (Truth, [String]) {
        let kb = Fx.kb(hypotheses: [], rules: [])
        let store = FactStore(evidence: Fx.evidence(facts ?? self.facts, collected: collected), knowledge: kb)
        let evaluator = Evaluator(store: store, observations: observations)
        let result = evaluator.evaluate(condition)
        let cites = Set(result.cites).map(evaluator.fact).sorted(by: Fact.stableOrder)
            .map { "\($0.provenance.file):\($0.provenance.line)" }
        return (result.truth, cites)
    }

    @Test func factMatchCitesEveryMatchingFact() {
        let (truth, cites) = run(Fx.has("error-code", ["code": "0x80070570"]))
        #expect(truth == .true)
        #expect(cites == ["WindowsUpdate.log:10", "WindowsUpdate.log:20"])
    }

    /// The planner re-evaluates, for a simulated observation, only the conditions that may read it: every other
    /// condition must evaluate exactly as without it.
    @Test func onlyConditionsThatMayReadAnObservationChangeWhenItIsMade() {
        let logs = Fx.has("error-code", ["code": "0x80070005"])
        let reads = Fx.all(Fx.observed("offline-install", "failed"), Fx.not(logs))
        let readsAnother = Fx.all(Fx.observed("disk-space", "low"), Fx.not(logs))
        let readsAny = Fx.any(Fx.has("observation", ["value": "failed"]), Fx.c(.absent(Fx.pattern("rollback"))))
        let readsNone = Fx.any(logs, Fx.c(.collected(.dism)))
        let made = ["offline-install": "failed"]
        #expect(reads.mayRead(observation: "offline-install"))
        #expect(!readsAnother.mayRead(observation: "offline-install"))
        #expect(readsAny.mayRead(observation: "offline-install"))
        #expect(!readsNone.mayRead(observation: "offline-install"))
        #expect(run(reads).0 == .unknown && run(reads, observations: made).0 == .true)
        #expect(run(readsAny).0 == .unknown && run(readsAny, observations: made).0 == .true)
        #expect(run(readsAnother).0 == .unknown && run(readsAnother, observations: made).0 == .unknown)
        #expect(run(readsNone).0 == .false && run(readsNone, observations: made).0 == .false)
    }

    @Test func stringTestsIgnoreCase() {
        #expect(run(Fx.has("error-code", ["code": "0x800F0821"])).0 == .true)
        #expect(run(Fx.has("install-attempt", ["kb": "kb5016623"])).0 == .true)
    }

    @Test func noMatchIsFalseWhenCollectedUnknownWhenNot() {
        #expect(run(Fx.has("error-code", ["code": "0x80070002"])).0 == .false)
        // rollback comes only from cbs: without cbs it is unknown, not false.
        #expect(run(Fx.has("rollback", ["phase": "shutdown"]), facts: [], collected: [.windowsUpdate]).0 == .unknown)
        // `in` narrows where to look: windowsupdate collected, so a cbs-only code is false there.
        #expect(run(Fx.has("error-code", ["code": "0x800f0821"], in: [.windowsUpdate])).0 == .false)
        #expect(run(Fx.has("error-code", ["code": "0x800f0821"], in: [.dism])).0 == .unknown)
        #expect(run(Fx.has("error-code", ["code": "0x800f0821"], in: [.cbs])).0 == .true)
    }

    @Test func predicates() {
        let here = Fx.here
        func test(_ name: String, _ t: AttributePredicate.Test) -> Truth {
            run(
                Fx.c(
                    .fact(
                        FactPattern(
                            kind: "error-code", sources: [],
                            predicates: [AttributePredicate(name: name, test: t, location: here)], location: here)))
            ).0
        }
        #expect(test("code", .oneOf(["0x1", "0x800F0821"])) == .true)
        #expect(test("code", .prefix("0x8007")) == .true)
        #expect(test("code", .prefix("0x8024")) == .false)
        #expect(test("code", .contains("0821")) == .true)
        #expect(test("code", .compare(.greaterThan, Double(0x800f_0000))) == .true)
        #expect(test("code", .compare(.atLeast, Double(0x8007_0571))) == .true)
        #expect(test("code", .compare(.lessThan, Double(0x8007_0570))) == .false)
        #expect(test("code", .compare(.atMost, Double(0x8007_0570))) == .true)
        #expect(test("kb", .exists(true)) == .true)
        #expect(test("nothing", .exists(false)) == .true)
        #expect(test("nothing", .exists(true)) == .false)
    }

    @Test func countNeedsAtLeastN() {
        let p = Fx.pattern("error-code", ["code": "0x80070570"])
        #expect(run(Fx.c(.count(p, atLeast: 2))) == (.true, ["WindowsUpdate.log:10", "WindowsUpdate.log:20"]))
        #expect(run(Fx.c(.count(p, atLeast: 3))).0 == .false)
        #expect(run(Fx.c(.count(p, atLeast: 3)), facts: [], collected: []).0 == .unknown)
    }

    /// A fact folded past the extractor's cap (`repeats=N`) stands for N + 1 identical facts: a count sees
    /// them all, and cites the one fact that stands for them. With `apartMinutes` it is one occurrence at its
    /// first timestamp (the times of its repeats are not kept).
    @Test func countWeighsFoldedFacts() {
        let folded = [
            Fx.fact(
                "error-code", ["code": "0x800f0821", "log": "cbs", "repeats": "4"], file: "CBS.log", line: 7,
                timestamp: "2022-10-27T10:00:00"),
            Fx.fact("error-code", ["code": "0x800f0821", "log": "cbs"], file: "CBS.log", line: 90, timestamp: nil)
        ]
        let p = Fx.pattern("error-code", ["code": "0x800f0821"])
        #expect(run(Fx.c(.count(p, atLeast: 6)), facts: folded) == (.true, ["CBS.log:7", "CBS.log:90"]))
        #expect(run(Fx.c(.count(p, atLeast: 7)), facts: folded).0 == .false)
        #expect(run(Fx.c(.count(p, atLeast: 3, apartMinutes: 10)), facts: folded).0 == .false)
        #expect(run(Fx.c(.count(p, atLeast: 2, apartMinutes: 10)), facts: folded).0 == .true)
        // A repeat count that is not a number counts the fact once.
        let odd = [folded[0]].map { fact -> Fact in
            var fact = fact
            fact.attributes["repeats"] = "many"
            return fact
        }
        #expect(run(Fx.c(.count(p, atLeast: 2)), facts: odd).0 == .false)
    }

    @Test func absentIsTrueOnlyInCollectedLogs() {
        let p = Fx.pattern("rollback", ["phase": "shutdown"])
        #expect(run(Fx.c(.absent(p))) == (.true, []))
        #expect(run(Fx.c(.absent(Fx.pattern("rollback")))).0 == .false)
        #expect(run(Fx.c(.absent(p)), facts: [], collected: [.windowsUpdate]).0 == .unknown)
    }

    @Test func observations() {
        let condition = Fx.observed("rollback-at-reboot", "true")
        #expect(run(condition).0 == .unknown)
        #expect(run(condition, observations: ["rollback-at-reboot": "false"]).0 == .false)
        #expect(run(condition, observations: ["rollback-at-reboot": "true"]) == (.true, ["(observation):0"]))
        #expect(run(Fx.observed("x", "a", "b"), observations: ["x": "b"]).0 == .true)
        // A fact pattern over observations behaves the same: unknown until observed.
        #expect(run(Fx.has("observation", ["name": "x"])).0 == .unknown)
        #expect(run(Fx.has("observation", ["name": "x", "value": "a"]), observations: ["x": "a"]).0 == .true)
    }

    @Test func kleeneLogic() {
        let t = Fx.has("rollback")
        let f = Fx.has("rollback", ["phase": "none"])
        let u = Fx.observed("nobody", "x")
        #expect(run(Fx.all(t, u)).0 == .unknown)
        #expect(run(Fx.all(f, u)).0 == .false)
        #expect(run(Fx.all(u, f)).0 == .false)
        #expect(run(Fx.any(t, u)).0 == .true)
        #expect(run(Fx.any(f, u)).0 == .unknown)
        #expect(run(Fx.any(f, f)).0 == .false)
        #expect(run(Fx.not(u)).0 == .unknown)
        #expect(run(Fx.not(f)) == (.true, []))
        // Negated leaves cite nothing; `any` cites every true branch.
        #expect(run(Fx.all(t, Fx.not(f))) == (.true, ["CBS.log:40"]))
        #expect(run(Fx.any(t, Fx.has("install-attempt"))) == (.true, ["CBS.log:3", "CBS.log:40"]))
    }

    @Test func beforeUsesTimestampsSameAndWithin() {
        let attempt = Fx.pattern("install-attempt")
        let rollback = Fx.pattern("rollback")
        #expect(
            run(Fx.c(.before(first: attempt, then: rollback, same: "kb", withinMinutes: nil)))
                == (.true, ["CBS.log:3", "CBS.log:40"]))
        #expect(run(Fx.c(.before(first: rollback, then: attempt, same: nil, withinMinutes: nil))).0 == .false)
        #expect(run(Fx.c(.before(first: attempt, then: rollback, same: nil, withinMinutes: 60))).0 == .false)
        #expect(run(Fx.c(.before(first: attempt, then: rollback, same: nil, withinMinutes: 70))).0 == .true)
        #expect(run(Fx.c(.before(first: attempt, then: rollback, same: "phase", withinMinutes: nil))).0 == .false)
        #expect(
            run(
                Fx.c(.before(first: attempt, then: rollback, same: nil, withinMinutes: nil)), facts: [],
                collected: [.windowsUpdate]
            ).0 == .unknown)
    }

    @Test func beforeFallsBackToLineOrderWithinOneFile() {
        let facts = [
            Fx.fact("signature", ["id": "a"], line: 7), Fx.fact("signature", ["id": "b"], line: 9),
            Fx.fact("signature", ["id": "a"], file: "WindowsUpdate.log", line: 1)
        ]
        let a = Fx.pattern("signature", ["id": "a"])
        let b = Fx.pattern("signature", ["id": "b"])
        #expect(
            run(Fx.c(.before(first: a, then: b, same: nil, withinMinutes: nil)), facts: facts)
                == (.true, ["CBS.log:7", "CBS.log:9"]))
        #expect(run(Fx.c(.before(first: b, then: a, same: nil, withinMinutes: nil)), facts: facts).0 == .false)
    }

    @Test func collectedIsNeverUnknown() {
        #expect(run(Fx.c(.collected(.cbs))).0 == .true)
        #expect(run(Fx.c(.collected(.dism))).0 == .false)
    }

    @Test func unknownLeavesAreReported() {
        let kb = Fx.kb(hypotheses: [], rules: [])
        let store = FactStore(evidence: Fx.evidence(facts), knowledge: kb)
        let evaluator = Evaluator(store: store, observations: [:])
        let u1 = Fx.observed("a", "x")
        let u2 = Fx.has("error-code", ["code": "0x1"], in: [.dism])
        let result = evaluator.evaluate(Fx.all(Fx.has("rollback"), u1, Fx.not(u2)))
        #expect(result.truth == .unknown)
        #expect(result.unknown == [u1, u2])
        #expect(ConditionText.unknownReason(u2, store: store, .en, ShippedText.catalog) == "not collected: dism")
        #expect(ConditionText.unknownReason(u1, store: store, .zhCN, ShippedText.catalog) == "尚无人观察 a")
    }
}
