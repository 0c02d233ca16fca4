import Foundation
import TriageCore

/// All examples of a set of rules, run in parallel, reported in rule order.
package struct RuleExampleSuite: Sendable {
    package let knowledge: KnowledgeBase

    package init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    package struct Report: Sendable {
        package var results: [ExampleResult]
        package var passed: Int { results.filter(\.passed).count }
        package var failed: Int { results.count - passed }

        /// One line per failure (`file:line: error: …`), every example with `verbose`, then `N passed, N failed`.
        package func rendered(verbose: Bool) -> String {
            var out = ""
            // An example that fails as written fails in its variants too: one line, naming how many more.
            func key(_ r: ExampleResult) -> String { r.ruleID + "\u{0}" + r.example + "\u{0}" + r.expectation.rawValue }
            let failedAsWritten = Set(results.filter { !$0.passed && $0.variant == .original }.map(key))
            for result in results where verbose || !result.passed {
                let variant = result.variant == .original ? "" : " [\(result.variant.rawValue)]"
                if let failure = result.failure {
                    if result.variant != .original && failedAsWritten.contains(key(result)) { continue }
                    var also = ""
                    if result.variant == .original {
                        let more = results.filter { !$0.passed && $0.variant != .original && key($0) == key(result) }
                            .count
                        if more > 0 { also = " (also in \(more) variant\(more == 1 ? "" : "s"))" }
                    }
                    out +=
                        "\(result.location): error: \(result.ruleID): \(result.expectation.rawValue) example "
                        + "'\(result.example)'\(variant) \(failure)\(also)\n"
                } else {
                    out += "ok   \(result.ruleID): \(result.expectation.rawValue) '\(result.example)'\(variant)\n"
                }
            }
            out += "\(passed) passed, \(failed) failed\n"
            return out
        }
    }

    package func run(_ rules: [Rule]) -> Report {
        let runner = RuleExampleRunner(knowledge: knowledge)
        return Report(results: Parallel.map(count: rules.count) { runner.run(rules[$0]) }.flatMap { $0 })
    }
}
