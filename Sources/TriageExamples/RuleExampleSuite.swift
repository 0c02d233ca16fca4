import Foundation
import TriageCore

/// All examples of a set of rules, run in parallel, reported in rule order.
public struct RuleExampleSuite: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    public struct Report: Sendable {
        public var results: [ExampleResult]
        public var passed: Int { results.filter(\.passed).count }
        public var failed: Int { results.count - passed }

        /// One line per failure (`file:line: error: …`), every example with `verbose`, then `N passed, N failed`.
        public func rendered(verbose: Bool) -> String {
            var out = ""
            for result in results where verbose || !result.passed {
                let variant = result.variant == .original ? "" : " [\(result.variant.rawValue)]"
                if let failure = result.failure {
                    out += "\(result.location): error: \(result.ruleID): \(result.expectation.rawValue) example "
                        + "'\(result.example)'\(variant) \(failure)\n"
                } else {
                    out += "ok   \(result.ruleID): \(result.expectation.rawValue) '\(result.example)'\(variant)\n"
                }
            }
            out += "\(passed) passed, \(failed) failed\n"
            return out
        }
    }

    public func run(_ rules: [Rule]) -> Report {
        let runner = RuleExampleRunner(knowledge: knowledge)
        let perRule = ResultSlots(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            perRule.set(index, runner.run(rules[index]))
        }
        return Report(results: perRule.values.flatMap { $0 })
    }
}

/// Results written by concurrent workers, one slot each.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [[ExampleResult]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ results: [ExampleResult]) {
        lock.lock()
        slots[index] = results
        lock.unlock()
    }

    var values: [[ExampleResult]] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
