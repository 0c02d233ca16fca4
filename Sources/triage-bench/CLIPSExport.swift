import Foundation
import TriageCore

/// Writes the engine benchmark's generated rules and facts as a CLIPS program with the same meaning, so that
/// `scripts/bench-scale.sh` can time CLIPS on exactly the rules and facts `triage-bench engine` evaluates.
///
/// Facts are deftemplate facts with the benchmark's attributes, plus `src` (the log kind of the fact's file),
/// `t` (seconds), `file` and `line`. Each rule asserts `(fired "id")` when its condition holds; CLIPS ignores a
/// duplicate fact, so the count of `fired` facts is the number of rules that fired, which the benchmark
/// compares with the engine's. Facts are loaded before the rules, so that a rule's `test` of a count sees
/// every fact when the rule is defined.
enum CLIPSExport {
    static func write(
        knowledge: KnowledgeBase, evidence: EvidenceSet, observations: [String: String],
        to directory: String
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var facts = ""
        facts.reserveCapacity(evidence.facts.count * 120)
        let kindOfFile = Dictionary(
            evidence.sources.map { ($0.path, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        for fact in evidence.facts {
            facts += "(\(fact.kind)"
            for (name, value) in fact.attributes.sorted(by: { $0.key < $1.key }) {
                facts += name == "line-number" ? " (line-number \(value))" : " (\(name) \(quote(value)))"
            }
            let seconds = self.seconds(fact.provenance.timestamp ?? "")
            facts +=
                " (src \(kindOfFile[fact.provenance.file] ?? "none")) (t \(seconds)) (file \(quote(fact.provenance.file)))"
                + " (line \(fact.provenance.line)))\n"
        }
        for (name, value) in observations.sorted(by: { $0.key < $1.key }) {
            facts += "(observation (name \(quote(name))) (value \(quote(value))))\n"
        }
        try facts.write(toFile: directory + "/facts.clp", atomically: false, encoding: .utf8)

        var templates = ""
        let slots: [String: [String]] = [
            "error-code": ["code", "kb", "log", "context"], "signature": ["id", "log"],
            "install-attempt": ["kb", "result", "channel"], "rollback": ["kb", "phase"],
            "observation": ["name", "value"]
        ]
        for (kind, names) in slots.sorted(by: { $0.key < $1.key }) {
            templates += "(deftemplate \(kind)" + names.map { " (slot \($0) (default \"\"))" }.joined()
            if kind == "error-code" { templates += " (slot line-number (default 0))" }
            templates += " (slot src) (slot t (default 0)) (slot file) (slot line (default 0)))\n"
        }
        templates += "(deftemplate fired (slot id))\n"
        try templates.write(toFile: directory + "/templates.clp", atomically: false, encoding: .utf8)

        var rules = ""
        for rule in knowledge.rules {
            var counter = 0
            rules +=
                "(defrule \(rule.id.replacingOccurrences(of: "/", with: "-"))\n  "
                + element(rule.condition, &counter) + "\n  =>\n  (assert (fired (id \(quote(rule.id))))))\n"
        }
        try rules.write(toFile: directory + "/rules.clp", atomically: false, encoding: .utf8)
    }

    /// Seconds of a normalised `YYYY-MM-DDTHH:MM:SS` timestamp (every generated fact has one).
    static func seconds(_ text: String) -> Int {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6 else { return 0 }
        return CivilCalendar.days(year: digits[0], month: digits[1], day: digits[2]) * 86_400
            + digits[3] * 3600 + digits[4] * 60 + digits[5]
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// One conditional element for a condition node. `counter` numbers the variables of the rule.
    static func element(_ condition: Condition, _ counter: inout Int) -> String {
        switch condition.node {
        case .all(let children): return "(and " + children.map { element($0, &counter) }.joined(separator: " ") + ")"
        case .any(let children): return "(or " + children.map { element($0, &counter) }.joined(separator: " ") + ")"
        case .not(let child): return "(not " + element(child, &counter) + ")"
        case .fact(let pattern): return "(exists " + match(pattern, &counter) + ")"
        case .count(let pattern, let atLeast, _):
            // The count is taken when the rule is defined (the facts are loaded first).
            counter += 1
            let tests = pattern.predicates.map { test($0, variable: "?f\(counter):\($0.name)") }
            let query = "(find-all-facts ((?f\(counter) \(pattern.kind))) (and TRUE \(tests.joined(separator: " "))))"
            return "(and (exists \(match(pattern, &counter))) (test (>= (length$ \(query)) \(max(atLeast, 1)))))"
        case .absent(let pattern): return "(not " + match(pattern, &counter) + ")"
        case .observation(let name, let values):
            return "(observation (name \(quote(name))) (value " + values.map(quote).joined(separator: "|") + "))"
        case .before(let first, let then, _, let withinMinutes):
            counter += 1
            let n = counter
            let a = match(first, &counter, extra: " (t ?ta\(n)) (file ?fa\(n)) (line ?la\(n))")
            let b = match(then, &counter, extra: " (t ?tb\(n)) (file ?fb\(n)) (line ?lb\(n))")
            var order = "(or (< ?ta\(n) ?tb\(n)) (and (= ?ta\(n) ?tb\(n)) (eq ?fa\(n) ?fb\(n)) (< ?la\(n) ?lb\(n))))"
            if let withinMinutes { order = "(and \(order) (<= (- ?tb\(n) ?ta\(n)) \(withinMinutes * 60)))" }
            return "(exists \(a) \(b) (test \(order)))"
        case .collected: return "(test TRUE)"
        }
    }

    static func match(_ pattern: FactPattern, _ counter: inout Int, extra: String = "") -> String {
        var text = "(\(pattern.kind)"
        for predicate in pattern.predicates {
            counter += 1
            let variable = "?v\(counter)"
            switch predicate.test {
            case .equals(let value): text += " (\(predicate.name) \(quote(value)))"
            case .oneOf(let values): text += " (\(predicate.name) " + values.map(quote).joined(separator: "|") + ")"
            default: text += " (\(predicate.name) \(variable)&:\(test(predicate, variable: variable)))"
            }
        }
        if !pattern.sources.isEmpty { text += " (src " + pattern.sources.map(\.rawValue).joined(separator: "|") + ")" }
        return text + extra + ")"
    }

    static func test(_ predicate: AttributePredicate, variable: String) -> String {
        switch predicate.test {
        case .equals(let value): return "(eq \(variable) \(quote(value)))"
        case .oneOf(let values):
            return "(or " + values.map { "(eq \(variable) \(quote($0)))" }.joined(separator: " ") + ")"
        case .prefix(let value): return "(eq (str-index \(quote(value)) \(variable)) 1)"
        case .contains(let value): return "(neq (str-index \(quote(value)) \(variable)) FALSE)"
        case .compare(let comparison, let bound):
            let op =
                switch comparison {
                case .lessThan: "<"
                case .atMost: "<="
                case .greaterThan: ">"
                case .atLeast: ">="
                }
            return "(\(op) \(variable) \(bound))"
        case .exists(let present): return present ? "TRUE" : "FALSE"
        }
    }
}
