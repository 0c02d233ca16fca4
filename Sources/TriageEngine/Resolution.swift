import TriageCore

/// Which procedures would decide an unknown condition: by the log kinds, fact kinds and observations
/// they declare in `yields` (and the observations their outcomes name).
struct Resolution {
    let evaluator: Evaluator

    func observationNames(_ procedure: Procedure) -> Set<String> {
        Set(procedure.yields.observations + procedure.outcomes.map(\.observation))
    }

    func resolves(_ procedure: Procedure, _ leaf: Condition) -> Bool {
        switch leaf.node {
        case .fact(let pattern), .count(let pattern, _, _), .absent(let pattern):
            return resolves(procedure, pattern)
        case .observation(let name, _):
            return observationNames(procedure).contains(name)
        case .before(let first, let then, _, _):
            return (evaluator.isCollected(first) || resolves(procedure, first))
                && (evaluator.isCollected(then) || resolves(procedure, then))
        case .all, .any, .not, .collected:
            return false
        }
    }

    func resolves(_ procedure: Procedure, _ pattern: FactPattern) -> Bool {
        if pattern.kind == FactKind.observation {
            let names = observationNames(procedure)
            for predicate in pattern.predicates where predicate.name == "name" {
                if case .equals(let wanted) = predicate.test { return names.contains(wanted) }
                if case .oneOf(let wanted) = predicate.test { return wanted.contains(where: names.contains) }
            }
            return !names.isEmpty
        }
        if procedure.yields.factKinds.contains(pattern.kind) { return true }
        guard let sources = evaluator.store.sources(of: pattern) else { return !procedure.yields.logs.isEmpty }
        return procedure.yields.logs.contains(where: sources.contains)
    }
}
