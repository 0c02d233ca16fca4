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

/// A `<silent>` example passes only when the condition is false; one whose condition stays unknown (its logs
/// were not in the example) must say so with `condition="unknown"`.
@Suite struct SilentExampleTests {
    func results(silent attributes: String) throws -> [String] {
        let shipped = ShippedRuleExampleTests.loadShipped().knowledgeBase
        var rule = try #require(shipped.rule("wsus/abort-while-staging"))
        let wuOnly = RuleExample.Log(
            name: "WindowsUpdate.log",
            content: "2022/10/27 10:30:11.1234567 6720  7364  Agent           WSUS server: http://92.0.14.83:8530",
            citedLines: [], location: SourceLocation(file: "t.xml", line: 1, column: 1))
        var silent = RuleExample(
            expectation: .silent, name: "no CBS.log", logs: [wuOnly], observations: [:],
            location: SourceLocation(file: "t.xml", line: 1, column: 1))
        silent.expectsUnknown = attributes == "condition=\"unknown\""
        rule.examples = [silent]
        let report = RuleExampleSuite(knowledge: shipped).run([rule])
        return report.results.filter { !$0.passed && $0.variant == .original }.map { $0.failure ?? "" }
    }

    @Test func anUnknownConditionDoesNotPassAsSilent() throws {
        #expect(
            try results(silent: "") == [
                "the condition is unknown, not false: a silent example must show the logs the rule reads (or declare condition=\"unknown\")"
            ])
        #expect(try results(silent: "condition=\"unknown\"") == [])
    }
}
