import Foundation
import Testing
import TriageCore

@testable import TriageEngine

/// A reproducible shuffle.
struct LCG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

@Suite struct RankingTests {
    // Priors 0.2 / 0.2 with other 0.1 → normalised 0.45 / 0.45 / 0.1.
    let hypotheses = [Fx.hypothesis("a", prior: 0.2, remedies: ["fix-a"]), Fx.hypothesis("b", prior: 0.2)]
    let cbsFacts = [Fx.fact("error-code", ["code": "0x1"], line: 1), Fx.fact("error-code", ["code": "0x2"], line: 2)]

    func analyze(
        _ rules: [Rule], facts: [Fact]? = nil, observations: [String: String] = [:],
        options: AnalysisOptions = AnalysisOptions(), procedures: [Procedure] = []
    ) -> Analysis {
        Analyzer(knowledge: Fx.kb(hypotheses: hypotheses, rules: rules, procedures: procedures), options: options)
            .analyze(evidence: Fx.evidence(facts ?? cbsFacts), observations: observations)
    }

    func p(_ analysis: Analysis, _ id: String) -> Double { analysis.hypothesis(id)!.probability }

    @Test func priorsAreNormalisedWithTheOtherMass() {
        let analysis = analyze([])
        #expect(abs(p(analysis, "a") - 0.45) < 1e-12)
        #expect(abs(p(analysis, "b") - 0.45) < 1e-12)
        #expect(abs(analysis.other.probability - 0.1) < 1e-12)
        #expect(abs(analysis.hypothesis("a")!.prior - 0.45) < 1e-12)
    }

    @Test func supportMultipliesTheWeightAndNormalises() {
        let analysis = analyze([Fx.rule("x/r1", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .strong)])])
        // w = (0.45·10, 0.45, 0.1) = (4.5, 0.45, 0.1), Σ = 5.05
        #expect(abs(p(analysis, "a") - 4.5 / 5.05) < 1e-12)
        #expect(abs(p(analysis, "b") - 0.45 / 5.05) < 1e-12)
        #expect(abs(analysis.other.probability - 0.1 / 5.05) < 1e-12)
        #expect(abs(analysis.hypotheses.map(\.probability).reduce(0, +) + analysis.other.probability - 1) < 1e-12)
        let support = analysis.hypothesis("a")!.support
        #expect(support.map(\.rule) == ["x/r1"])
        #expect(support[0].factor == 10)
        #expect(support[0].evidence.map(\.provenance.line) == [1])
    }

    @Test func opposingEvidenceDivides() {
        let analysis = analyze([
            Fx.rule("x/r1", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .strong)]),
            Fx.rule("x/r2", Fx.has("error-code", ["code": "0x2"]), opposes: [("a", .moderate)])
        ])
        // w_a = 0.45·10/4 = 1.125; Σ = 1.125 + 0.45 + 0.1 = 1.675
        #expect(abs(p(analysis, "a") - 1.125 / 1.675) < 1e-12)
        #expect(analysis.hypothesis("a")!.against.map(\.rule) == ["x/r2"])
        #expect(analysis.hypothesis("a")!.against[0].factor == 0.25)
    }

    @Test func rulesCitingTheSameFactAreDamped() {
        let shared = analyze([
            Fx.rule("x/r1", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .strong)]),
            Fx.rule("x/r3", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .moderate)])
        ])
        // Same cited fact: strong counts fully, moderate as √4 = 2 → w_a = 9, Σ = 9.55
        #expect(abs(p(shared, "a") - 9 / 9.55) < 1e-12)
        #expect(shared.hypothesis("a")!.support.map(\.shared) == [false, true])
        let independent = analyze([
            Fx.rule("x/r1", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .strong)]),
            Fx.rule("x/r3", Fx.has("error-code", ["code": "0x2"]), supports: [("a", .moderate)])
        ])
        // Different facts: w_a = 0.45·40 = 18, Σ = 18.55
        #expect(abs(p(independent, "a") - 18 / 18.55) < 1e-12)
    }

    @Test func unknownRulesAreMissingFalseRulesAreNot() {
        let analysis = analyze(
            [
                Fx.rule("x/unknown", Fx.has("error-code", ["code": "0x1"], in: [.dism]), supports: [("b", .decisive)]),
                Fx.rule("x/false", Fx.has("error-code", ["code": "0x9"]), supports: [("b", .decisive)])
            ], procedures: [Fx.procedure("dism-log", kind: .collect, logs: [.dism])])
        #expect(abs(p(analysis, "b") - 0.45) < 1e-12)
        let b = analysis.hypothesis("b")!
        #expect(b.support.isEmpty)
        #expect(b.missing.map(\.rule) == ["x/unknown"])
        #expect(b.missing[0].unknown.map(\.procedures) == [["dism-log"]])
        #expect(b.missing[0].unknown[0].reason[.en] == "not collected: dism")
        #expect(analysis.rule("x/false")!.truth == .false)
        #expect(analysis.rule("x/unknown")!.truth == .unknown)
    }

    @Test func thresholdSwitchesToRemediation() {
        let rules = [
            Fx.rule("x/r1", Fx.has("error-code", ["code": "0x1"]), supports: [("a", .strong)], recommends: ["probe"])
        ]
        let procedures = [Fx.procedure("fix-a", kind: .remediate), Fx.procedure("probe")]
        let clear = analyze(rules, procedures: procedures)
        #expect(p(clear, "a") >= 0.6)
        #expect(clear.nextSteps.map(\.id) == ["fix-a", "probe"])
        #expect(clear.nextSteps.map(\.role) == [.remedy, .observe])
        #expect(clear.nextSteps[0].reason[.en] == "Remedy for a, which leads with 89% (threshold 60%).")
        #expect(clear.nextSteps[0].reason[.zhCN] == "a 以 89% 领先（阈值 60%），采取其修复措施。")
        let unsure = analyze(rules, options: AnalysisOptions(leaderThreshold: 0.95), procedures: procedures)
        #expect(unsure.nextSteps.map(\.id) == ["probe"])
        #expect(unsure.nextSteps[0].reason[.en] == "Recommended by rule x/r1.")
    }

    @Test func orderOfRulesFactsAndHypothesesDoesNotMatter() {
        let fixture = GoldenFixture()
        let reference = JSONReport.render(fixture.analysis())
        var rng = LCG(state: 42)
        for _ in 0..<10 {
            var kb = fixture.knowledge
            kb.rules.shuffle(using: &rng)
            kb.hypotheses.shuffle(using: &rng)
            kb.procedures.shuffle(using: &rng)
            var evidence = fixture.evidence
            evidence.facts.shuffle(using: &rng)
            evidence.sources.shuffle(using: &rng)
            let shuffled = Analyzer(knowledge: kb).analyze(evidence: evidence, observations: fixture.observations)
            #expect(JSONReport.render(shuffled) == reference)
            #expect(TextReport.render(shuffled) == TextReport.render(fixture.analysis()))
        }
    }
}
