import Foundation
import TriageCore
import TriageEngine

/// The verdict on one example of one rule in one variant.
package struct ExampleResult: Sendable, Hashable {
    package var ruleID: String
    package var example: String
    package var expectation: RuleExample.Expectation
    package var variant: ExampleVariant
    /// Nil when the example passed; otherwise what went wrong, in one sentence.
    package var failure: String?
    /// Where the example is written in the rule file.
    package var location: SourceLocation

    package var passed: Bool { failure == nil }
}

/// Runs a rule's own examples through the real pipeline (reader, extractors, signatures, evaluator), so an
/// example proves what the rule does on real log bytes, in each ``ExampleVariant``.
package struct RuleExampleRunner: Sendable {
    package let knowledge: KnowledgeBase

    package init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    package func run(_ rule: Rule) -> [ExampleResult] {
        // The rule alone, one file at a time: an example's logs are a few lines.
        let pipeline = TriagePipeline(knowledge: knowledge, concurrency: 1).restricted(to: [rule])
        var results: [ExampleResult] = []
        for example in rule.examples {
            let variants: [ExampleVariant] = example.expectation == .fires ? ExampleVariant.allCases : [.original]
            for variant in variants {
                let failure = check(example, of: rule, variant: variant, pipeline: pipeline)
                results.append(
                    ExampleResult(
                        ruleID: rule.id, example: example.name, expectation: example.expectation,
                        variant: variant, failure: failure, location: example.location))
            }
        }
        return results
    }

    private func check(_ example: RuleExample, of rule: Rule, variant: ExampleVariant, pipeline: TriagePipeline)
        -> String?
    {
        var expected: Set<Citation> = []
        var files: [(name: String, bytes: [UInt8])] = []
        for log in example.logs {
            let (bytes, lineMap) = variant.render(log)
            files.append((log.name, bytes))
            for line in log.citedLines { expected.insert(Citation(file: log.name, line: lineMap[line] ?? line)) }
        }
        // In memory, as a bundle of the example's files: no temporary folder.
        let analysis = pipeline.analyze(pipeline.read(files: files), observations: example.observations)
        guard let result = analysis.rule(rule.id) else { return "the rule was not evaluated" }
        let names = example.logs.map(\.name)
        // Observations are not log lines: only facts from the example's logs count as citations.
        let cited = Set(
            result.citations.filter { $0.kind != FactKind.observation }.map {
                Citation(
                    file: Citation.logName($0.provenance.file, among: names),
                    line: $0.provenance.line)
            })
        switch example.expectation {
        case .silent:
            if result.truth == .true { return "fired but must stay silent (cites \(Citation.list(cited)))" }
            if example.expectsUnknown {
                return result.truth == .unknown
                    ? nil
                    : "the condition is \(result.truth.rawValue), but the example declares condition=\"unknown\""
            }
            return result.truth == .false
                ? nil
                : "the condition is unknown, not false: a silent example must show the logs the rule reads "
                    + "(or declare condition=\"unknown\")"
        case .fires:
            guard result.truth == .true else {
                var text = "did not fire (the condition is \(result.truth.rawValue))"
                if let why = Explainer(knowledge: knowledge).whyNot(rule.id, in: analysis), let blocker = why.blocker {
                    text += ": failing condition: " + ConditionText.describe(blocker, .en, knowledge.uiText)
                    if !why.detail[.en].isEmpty { text += " — " + why.detail[.en] }
                }
                return text
            }
            guard cited == expected else {
                // Lines counted inside the example (as the author wrote them), each quoted once.
                let back = Dictionary(
                    uniqueKeysWithValues: example.logs.map { log in
                        (
                            log.name,
                            Dictionary(
                                variant.render(log).lineMap.map { ($0.value, $0.key) },
                                uniquingKeysWith: { a, _ in a })
                        )
                    })
                func inExample(_ c: Citation) -> Citation {
                    Citation(file: c.file, line: back[c.file]?[c.line] ?? c.line)
                }
                let got = Set(cited.map(inExample))
                let want = Set(expected.map(inExample))
                var text = "cites \(Citation.list(got)) but the example marks \(Citation.list(want))"
                let quoted = got.symmetricDifference(want).sorted().compactMap { c -> String? in
                    guard let log = example.logs.first(where: { $0.name == c.file }) else { return nil }
                    let lines = log.content.split(separator: "\n", omittingEmptySubsequences: false)
                    guard c.line >= 1, c.line <= lines.count else { return nil }
                    let mark = got.contains(c) ? "unexpected" : "not cited"
                    return "\(c.file):\(c.line) (\(mark)): \(lines[c.line - 1].trimmingCharacters(in: .whitespaces))"
                }
                if !quoted.isEmpty { text += "; " + quoted.joined(separator: "; ") }
                return text
            }
            return nil
        }
    }
}

/// A cited line of an example log, by the log's name in the example.
struct Citation: Hashable, Comparable {
    var file: String
    var line: Int

    static func < (a: Citation, b: Citation) -> Bool { (a.file, a.line) < (b.file, b.line) }

    /// The example log a reader path belongs to (a path may carry a folder's name).
    static func logName(_ path: String, among names: [String]) -> String {
        names.first { path == $0 || path.hasSuffix("/" + $0) } ?? path
    }

    static func list(_ citations: Set<Citation>) -> String {
        citations.isEmpty ? "no line" : citations.sorted().map { "\($0.file):\($0.line)" }.joined(separator: ", ")
    }
}
