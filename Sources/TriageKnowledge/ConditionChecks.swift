import TriageCore

/// Conditions that can never be true: `all` holding X and `not X` (or `absent X`), and patterns whose
/// tests on one attribute exclude each other.
enum ConditionChecks {
    typealias ID = KnowledgeDiagnosticID

    static func check(_ condition: Condition, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        switch condition.node {
        case .all(let children):
            contradictions(conjuncts(children), into: &sink)
            for child in children { check(child, index, into: &sink) }
        case .any(let children):
            for child in children { check(child, index, into: &sink) }
        case .not(let inner):
            check(inner, index, into: &sink)
        case .fact(let p), .count(let p, _, _), .absent(let p):
            pattern(p, into: &sink)
        case .before(let first, let then, _, _):
            pattern(first, into: &sink)
            pattern(then, into: &sink)
        case .observation, .collected:
            break
        }
    }

    /// Children of an `all`, with nested `all`s flattened.
    private static func conjuncts(_ children: [Condition]) -> [Condition] {
        children.flatMap { child -> [Condition] in
            if case .all(let nested) = child.node { return conjuncts(nested) }
            return [child]
        }
    }

    /// `X` together with `not X`, or a fact/count together with `absent` of the same pattern.
    private static func contradictions(_ conditions: [Condition], into sink: inout DiagnosticSink) {
        // Only an <all> with a negated child can contradict itself.
        guard
            conditions.contains(where: {
                if case .not = $0.node { true } else if case .absent = $0.node { true } else { false }
            })
        else { return }
        let positives = conditions.map { stripped($0) }
        for condition in conditions {
            var negated: Condition?
            switch condition.node {
            case .not(let inner): negated = stripped(inner)
            case .absent(let p): negated = stripped(Condition(.fact(p), at: condition.location))
            default: break
            }
            guard let negated else { continue }
            let clash = conditions.indices.first { i in
                if positives[i] == negated { return true }
                if case .absent = condition.node, case .count(let p, _, _) = positives[i].node {
                    return stripped(Condition(.fact(p), at: condition.location)) == negated
                }
                return false
            }
            if let clash {
                sink.error(
                    ID.unsatisfiable,
                    "condition can never be true: <all> requires both this and its opposite at line "
                        + "\(conditions[clash].location.line)", at: condition.location)
            }
        }
    }

    /// The condition without source locations (and predicates in a fixed order), for comparing.
    static func stripped(_ condition: Condition) -> Condition {
        let nowhere = SourceLocation(file: "", line: 0, column: 0)
        func p(_ pattern: FactPattern) -> FactPattern {
            // Sorted by their descriptions, each made once.
            let predicates = pattern.predicates
                .map { AttributePredicate(name: $0.name, test: $0.test, location: nowhere) }
                .map { (key: String(describing: $0), predicate: $0) }
                .sorted { $0.key < $1.key }.map(\.predicate)
            return FactPattern(
                kind: pattern.kind, sources: pattern.sources.sorted(), predicates: predicates,
                location: nowhere)
        }
        let node: Condition.Node
        switch condition.node {
        case .all(let c): node = .all(c.map(stripped))
        case .any(let c): node = .any(c.map(stripped))
        case .not(let c): node = .not(stripped(c))
        case .fact(let x): node = .fact(p(x))
        case .count(let x, let n, let apart): node = .count(p(x), atLeast: n, apartMinutes: apart)
        case .absent(let x): node = .absent(p(x))
        case .observation(let name, let values): node = .observation(name: name, values: values.sorted())
        case .before(let a, let b, let same, let within):
            node = .before(first: p(a), then: p(b), same: same, withinMinutes: within)
        case .collected(let k): node = .collected(k)
        }
        return Condition(node, at: nowhere)
    }

    /// Tests on the same attribute of one pattern that no value can pass together.
    private static func pattern(_ pattern: FactPattern, into sink: inout DiagnosticSink) {
        let byName = Dictionary(grouping: pattern.predicates, by: \.name)
        for name in byName.keys.sorted() {
            let tests = byName[name]!
            guard tests.count > 1 else { continue }
            var reported = false
            for i in tests.indices where !reported {
                for j in tests.indices where j > i && !reported {
                    if let why = exclusive(tests[i].test, tests[j].test) {
                        sink.error(
                            ID.unsatisfiable,
                            "pattern can never match: attribute '\(name)' \(why)", at: tests[j].location)
                        reported = true
                    }
                }
            }
            if !reported, !interval(tests.map(\.test)) {
                sink.error(
                    ID.unsatisfiable,
                    "pattern can never match: no number passes every comparison on attribute '\(name)'",
                    at: tests.last!.location)
            }
        }
    }

    /// Why two tests exclude each other, or nil when some value may pass both.
    private static func exclusive(_ a: AttributePredicate.Test, _ b: AttributePredicate.Test) -> String? {
        switch (a, b) {
        case (.equals(let x), .equals(let y)) where x != y:
            return "must equal both '\(x)' and '\(y)'"
        case (.equals(let x), .oneOf(let ys)) where !ys.contains(x),
            (.oneOf(let ys), .equals(let x)) where !ys.contains(x):
            return "must equal '\(x)' and be one of '\(ys.joined(separator: " "))'"
        case (.oneOf(let xs), .oneOf(let ys)) where Set(xs).isDisjoint(with: ys):
            return "must be one of '\(xs.joined(separator: " "))' and one of '\(ys.joined(separator: " "))'"
        case (.equals(let x), .prefix(let p)) where !x.hasPrefix(p),
            (.prefix(let p), .equals(let x)) where !x.hasPrefix(p):
            return "must equal '\(x)' and start with '\(p)'"
        case (.equals(let x), .contains(let c)) where !x.contains(c),
            (.contains(let c), .equals(let x)) where !x.contains(c):
            return "must equal '\(x)' and contain '\(c)'"
        case (.exists(let x), .exists(let y)) where x != y:
            return "must both exist and not exist"
        case (.exists(false), _), (_, .exists(false)):
            return "must not exist but is tested for a value"
        default:
            return nil
        }
    }

    /// False when the numeric comparisons leave no number.
    private static func interval(_ tests: [AttributePredicate.Test]) -> Bool {
        var low = -Double.infinity
        var lowOpen = false
        var high = Double.infinity
        var highOpen = false
        for test in tests {
            guard case .compare(let comparison, let n) = test else { continue }
            switch comparison {
            case .greaterThan:
                if n >= low {
                    low = n
                    lowOpen = true
                }
            case .atLeast:
                if n > low {
                    low = n
                    lowOpen = false
                }
            case .lessThan:
                if n <= high {
                    high = n
                    highOpen = true
                }
            case .atMost:
                if n < high {
                    high = n
                    highOpen = false
                }
            }
        }
        return low < high || (low == high && !lowOpen && !highOpen)
    }
}
