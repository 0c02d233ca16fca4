import Testing
import TriageCore

@testable import TriageEngine

/// Rules evaluated on several threads over one shared fact store give exactly what one thread gives: the
/// same truths, citations (first ones and counts), unknown leaves, ranking and next steps.
@Suite struct ParallelEvaluationTests {
    static func p(_ kind: String, _ tests: [(String, AttributePredicate.Test)]) -> FactPattern {
        FactPattern(
            kind: kind, sources: [],
            predicates: tests.map { AttributePredicate(name: $0.0, test: $0.1, location: Fx.here) }, location: Fx.here)
    }

    /// Patterns of every shape the store answers: selective, dense (bit sets), numeric ranges, absent values.
    static let patterns = [
        p("error-code", [("code", .equals("0x800F0821"))]),
        p("error-code", [("code", .prefix("0x8"))]),
        p("error-code", [("code", .prefix("0x8007")), ("line-number", .compare(.greaterThan, 10))]),
        p("error-code", [("kb", .exists(true)), ("line-number", .compare(.atMost, 40))]),
        p("error-code", [("context", .contains("stag"))]),
        p("install-attempt", [("result", .equals("failed"))]),
        p("install-attempt", []),
        p("rollback", [("phase", .oneOf(["startup", "shutdown"]))]),
        p("rollback", [("kb", .prefix("KB50166"))])
    ]

    static let knowledge: KnowledgeBase = {
        var rules: [Rule] = []
        let n = patterns.count
        for i in 0..<n {
            for j in 0..<n where (i * 7 + j) % 3 == 0 {
                let a = Fx.c(.fact(patterns[i]))
                let b = Fx.c(.fact(patterns[j]))
                let shapes = [
                    Fx.all(a, b), Fx.any(a, Fx.not(b)),
                    Fx.c(.count(patterns[i], atLeast: 3 + j * 40, apartMinutes: nil)),
                    Fx.c(
                        .before(first: patterns[i], then: patterns[j], same: j % 2 == 0 ? "kb" : nil, withinMinutes: 5)),
                    Fx.all(a, Fx.c(.absent(patterns[j])))
                ]
                let shape = shapes[(i + j) % shapes.count]
                rules.append(Fx.rule("r/\(i)-\(j)", shape, supports: [("h\((i + j) % 3)", .moderate)]))
            }
        }
        return Fx.kb(hypotheses: (0..<3).map { Fx.hypothesis("h\($0)", prior: 0.2) }, rules: rules)
    }()

    @Test func rulesOnTwoThreadsGiveWhatOneGives() {
        let evidence = Fx.evidence(IndexedMatchingTests.many)
        let one = Analyzer(knowledge: Self.knowledge, workers: 1)
        var two = Analyzer(knowledge: Self.knowledge, workers: 2)
        two.parallelFrom = 1
        let expected = one.evaluate(evidence: evidence)
        let results = two.evaluate(evidence: evidence)
        #expect(results == expected)
        // The rules exercise every outcome.
        #expect(Set(expected.map(\.truth)) == [.true, .false])
        #expect(expected.contains { $0.citationCount > 200 })
        let a = one.analyze(evidence: evidence)
        let b = two.analyze(evidence: evidence)
        #expect(a.rules == b.rules)
        #expect(a.hypotheses.map(\.id) == b.hypotheses.map(\.id))
        #expect(a.hypotheses.map(\.probability) == b.hypotheses.map(\.probability))
        #expect(a.nextSteps.map(\.procedure.id) == b.nextSteps.map(\.procedure.id))
    }
}
