import Foundation
import Testing
import TriageCore

@testable import TriageEngine

/// Next-step ranking on a small knowledge base whose right answer is computed here by hand:
/// priors 0.45 / 0.45 / other 0.1; P(o|h) = LR_o(h) / Σ_o' LR_o'(h); gain = H(P) − Σ_o P(o)·H(P(·|o)).
@Suite struct NextStepTests {
    let knowledge = Fx.kb(
        hypotheses: [Fx.hypothesis("a", prior: 0.2), Fx.hypothesis("b", prior: 0.2)],
        rules: [
            Fx.rule("t/ok", Fx.observed("t", "ok"), supports: [("a", .strong)]),
            Fx.rule("t/bad", Fx.observed("t", "bad"), supports: [("b", .strong)]),
            Fx.rule("u/yes", Fx.observed("u", "yes"), supports: [("a", .weak)]),
            Fx.rule(
                "l/dism", Fx.has("error-code", ["code": "0x800f081f"], in: [.dism]), supports: [("b", .moderate)],
                title: "DISM reports the store corrupt")
        ],
        procedures: [
            Fx.procedure(
                "t", minutes: 30, observations: ["t"],
                outcomes: [("t", "ok", "A is the cause", "是 A"), ("t", "bad", "B is the cause", "是 B")]),
            Fx.procedure(
                "u", minutes: 5, observations: ["u"],
                outcomes: [("u", "yes", "", ""), ("u", "no", "", "")]),
            Fx.procedure("l", kind: .collect, minutes: 20, logs: [.dism]),
            Fx.procedure("idle", minutes: 1, logs: [.cbs])
        ])

    static func h(_ p: [Double]) -> Double { p.reduce(0) { $0 - ($1 > 0 ? $1 * log2($1) : 0) } }

    /// Gain of a set of outcomes given P(o|h) vectors (hypotheses a, b, other).
    static func gain(_ prior: [Double], _ likelihoods: [[Double]]) -> Double {
        var expected = 0.0
        for lik in likelihoods {
            let po = zip(prior, lik).map { $0 * $1 }.reduce(0, +)
            expected += po * h(zip(prior, lik).map { $0 * $1 / po })
        }
        return h(prior) - expected
    }

    let prior = [0.45, 0.45, 0.1]
    var gainT: Double { Self.gain(prior, [[10.0 / 11, 1.0 / 11, 0.5], [1.0 / 11, 10.0 / 11, 0.5]]) }
    var gainU: Double { Self.gain(prior, [[2.0 / 3, 0.5, 0.5], [1.0 / 3, 0.5, 0.5]]) }
    var gainL: Double { Self.gain(prior, [[0.5, 0.8, 0.5], [0.5, 0.2, 0.5]]) }

    @Test func rankedByInformationPerCost() {
        let analysis = Analyzer(knowledge: knowledge).analyze(evidence: Fx.evidence([]))
        let byHand = [("t", gainT / 30 * 60), ("u", gainU / 5 * 60), ("l", gainL / 20 * 60)]
            .sorted { $0.1 > $1.1 }.map(\.0)
        #expect(byHand == ["t", "u", "l"])
        #expect(analysis.nextSteps.map(\.id) == byHand)
        let steps = Dictionary(uniqueKeysWithValues: analysis.nextSteps.map { ($0.id, $0) })
        #expect(abs(steps["t"]!.gain - gainT) < 1e-12)
        #expect(abs(steps["u"]!.gain - gainU) < 1e-12)
        #expect(abs(steps["l"]!.gain - gainL) < 1e-12)
        #expect(abs(steps["t"]!.score - gainT * 2) < 1e-12)
        // P(ok) = 0.45·10/11 + 0.45·1/11 + 0.1·1/2 = 0.5
        #expect(abs(steps["t"]!.outcomes[0].probability - 0.5) < 1e-12)
        #expect(steps["t"]!.separates == ["a", "b"])
        #expect(steps["t"]!.reason[.en] == "Separates a from b: ok ⇒ A is the cause; bad ⇒ B is the cause.")
        #expect(steps["t"]!.reason[.zhCN] == "区分 a 与 b：ok ⇒ 是 A；bad ⇒ 是 B。")
        #expect(steps["u"]!.reason[.en] == "Tests a: yes ⇒ favours a; no ⇒ changes nothing.")
        #expect(steps["l"]!.reason[.en] == "Tests b: collects dism to settle “DISM reports the store corrupt” (⇒ b).")
    }

    @Test func doneProceduresAndKnownResultsAreNeverRecommended() {
        let analyzer = Analyzer(knowledge: knowledge)
        #expect(analyzer.analyze(evidence: Fx.evidence([]), done: ["t"]).nextSteps.map(\.id) == ["u", "l"])
        let observed = analyzer.analyze(evidence: Fx.evidence([]), observations: ["t": "bad"])
        #expect(!observed.nextSteps.map(\.id).contains("t"))
        #expect(observed.leader?.id == "b")
    }

    @Test func recommendationsNudge() {
        var kb = knowledge
        kb.rules.append(Fx.rule("x/nudge", Fx.c(.collected(.cbs)), recommends: ["l"]))
        let analysis = Analyzer(knowledge: kb).analyze(evidence: Fx.evidence([]))
        let l = analysis.nextSteps.first { $0.id == "l" }!
        // No hypothesis supported by x/nudge: 0.5 × 0.5 added to the score.
        #expect(abs(l.score - (gainL / 20 * 60 + 0.25)) < 1e-12)
        #expect(l.recommendedBy == ["x/nudge"])
        let byHand = [("t", gainT * 2), ("u", gainU * 12), ("l", gainL * 3 + 0.25)].sorted { $0.1 > $1.1 }.map(\.0)
        #expect(byHand == ["t", "l", "u"])
        #expect(analysis.nextSteps.map(\.id) == byHand)
    }

    /// With a leader above the threshold its remedies come first: a remedy that is also an informative test
    /// (here `t`) before one that tells nothing (`fix`), whatever the declared order, and its reason says both.
    @Test func remediesThatAlsoTestGoFirst() {
        var kb = knowledge
        kb.hypotheses[0] = Fx.hypothesis("a", prior: 0.2, remedies: ["fix", "t"])
        kb.procedures.append(Fx.procedure("fix", kind: .remediate, minutes: 5))
        kb.rules.append(Fx.rule("x/lead", Fx.c(.collected(.cbs)), supports: [("a", .strong)]))
        let analysis = Analyzer(knowledge: kb).analyze(evidence: Fx.evidence([]))
        #expect(analysis.leader?.id == "a")
        #expect(analysis.nextSteps.prefix(2).map(\.id) == ["t", "fix"])
        let t = analysis.nextSteps[0]
        #expect(t.reason[.en].hasPrefix("Remedy for a, which leads with "))
        #expect(
            t.reason[.en].hasSuffix("(threshold 60%). Separates a from b: ok ⇒ A is the cause; bad ⇒ B is the cause."))
        #expect(analysis.nextSteps[1].reason[.en].hasSuffix("(threshold 60%)."))
    }

    /// A done procedure that includes another (the offline install clears the download cache first) makes
    /// the included one done as well, transitively.
    @Test func includedProceduresCountAsDone() {
        var kb = knowledge
        let t = kb.procedures.firstIndex { $0.id == "t" }!
        kb.procedures[t].includes = ["u"]
        let u = kb.procedures.firstIndex { $0.id == "u" }!
        kb.procedures[u].includes = ["l"]
        let analyzer = Analyzer(knowledge: kb)
        #expect(analyzer.analyze(evidence: Fx.evidence([]), done: ["t"]).nextSteps.map(\.id) == [])
        #expect(analyzer.analyze(evidence: Fx.evidence([]), done: ["u"]).nextSteps.map(\.id) == ["t"])
    }
}
