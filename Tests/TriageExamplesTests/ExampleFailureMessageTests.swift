import Foundation
import Testing
import TriageCore
import TriageExamples
import TriageKnowledge

/// `rules test` failures name the failing condition, count lines inside the example as written, quote each
/// disputed line once, and say an example once however many variants it fails in.
@Suite struct ExampleFailureMessageTests {
    func firing(of id: String) throws -> (KnowledgeBase, Rule, RuleExample) {
        let shipped = ShippedRuleExampleTests.loadShipped().knowledgeBase
        let rule = try #require(shipped.rule(id))
        let example = try #require(rule.examples.first { $0.expectation == .fires })
        return (shipped, rule, example)
    }

    @Test func wrongMarkQuotesTheLinesOnceWithExampleLineNumbers() throws {
        let kb = ShippedRuleExampleTests.loadShipped().knowledgeBase
        // The first rule (by id) whose firing example has a one-log with both a marked and an unmarked line.
        var found: (Rule, RuleExample, Int)?
        for rule in kb.rules.sorted(by: { $0.id < $1.id }) where found == nil {
            for example in rule.examples where example.expectation == .fires && example.logs.count == 1 && found == nil
            {
                let lines = example.logs[0].content.split(separator: "\n", omittingEmptySubsequences: false)
                if example.logs[0].citedLines.count == 1,
                    let free = (1...max(lines.count, 1)).first(where: {
                        $0 <= lines.count && !example.logs[0].citedLines.contains($0)
                            && !lines[$0 - 1].trimmingCharacters(in: .whitespaces).isEmpty
                    })
                {
                    found = (rule, example, free)
                }
            }
        }
        var (rule, example, wrong) = try #require(found)
        let cited = example.logs[0].citedLines[0]
        let lines = example.logs[0].content.split(separator: "\n", omittingEmptySubsequences: false)
        example.logs[0].citedLines = [wrong]
        rule.examples = [example]
        let report = RuleExampleSuite(knowledge: kb).run([rule])
        let text = report.rendered(verbose: false)
        let name = example.logs[0].name
        #expect(
            text.contains("\(name):\(wrong) (not cited): \(lines[wrong - 1].trimmingCharacters(in: .whitespaces))"),
            "\(text)")
        #expect(
            text.contains("\(name):\(cited) (unexpected): \(lines[cited - 1].trimmingCharacters(in: .whitespaces))"),
            "\(text)")
        // One line for the example, not one per variant.
        #expect(text.components(separatedBy: ": error: ").count - 1 == 1, "\(text)")
        #expect(text.contains("(also in 3 variants)\n"), "\(text)")
        _ = wrong
    }

    @Test func notFiringNamesTheFailingCondition() throws {
        var (kb, rule, example) = try firing(of: "wsus/abort-while-staging")
        example.logs = example.logs.map { log in
            var log = log
            log.content = log.content.replacingOccurrences(of: "800f0821", with: "800f0999", options: .caseInsensitive)
            log.citedLines = []
            return log
        }
        rule.examples = [example]
        let text = RuleExampleSuite(knowledge: kb).run([rule]).rendered(verbose: false)
        #expect(text.contains("did not fire (the condition is false): failing condition: "), "\(text)")
    }
}
