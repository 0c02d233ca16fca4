import Foundation
import Testing
import TriageCore
import TriageExamples
import TriageKnowledge

/// Every example in every shipped rule runs here, so `swift test` fails when a rule stops doing what its
/// examples say (the same check as `triage rules test`).
@Suite struct ShippedRuleExampleTests {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func loadShipped() -> KnowledgeLoadResult {
        KnowledgeLoader.load(rulesDirectory: repoRoot + "/Rules", knowledgeDirectory: repoRoot + "/KnowledgeBase")
    }

    @Test func shippedKnowledgeLoadsWithoutErrors() {
        let result = Self.loadShipped()
        var renderer = DiagnosticRenderer()
        let errors = result.diagnostics.filter { $0.severity == .error }.map { renderer.render($0) }
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
        #expect(result.knowledgeBase.rules.count >= 90)
    }

    @Test func everyRuleHasAFiringAndASilentExampleAndAllPass() {
        let knowledge = Self.loadShipped().knowledgeBase
        let report = RuleExampleSuite(knowledge: knowledge).run(knowledge.rules)
        let failures = report.results.filter { !$0.passed }
            .map { "\($0.ruleID) \($0.example) [\($0.variant.rawValue)]: \($0.failure ?? "")" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        for rule in knowledge.rules {
            let kinds = Set(rule.examples.map(\.expectation))
            #expect(kinds.count == 2, "\(rule.id) needs a firing and a silent example")
        }
        // Each example also runs in its variants (CRLF line ends, a BOM, interleaved with unrelated lines), so there are more results
        // than examples.
        #expect(report.results.count > knowledge.rules.reduce(0) { $0 + $1.examples.count })
    }
}
