import TriageCore

/// Procedure results the logs themselves show (`<establishes observation=… value=…/>` in a rule): a DISM.log
/// in which /RestoreHealth failed answers `restorehealth-result`, so the customer is not asked to run it again.
/// Establishing rules read logs only (the linter checks it). A value the engineer or the case states wins; when
/// several rules establish the same observation, the first rule by id that fired decides. The values serve the
/// planner (procedures done, outcomes closed); they are not added to the observations the rules read, since the
/// rules over the same log lines already count them.
struct EstablishedOutcomes: Sendable {
    /// The stated observations plus those the logs establish.
    var observations: [String: String]
    /// Observation name → the rule that established it (stated ones are absent).
    var establishedBy: [String: String]

    init(stated: [String: String], store: FactStore, rules: [Rule]) {
        var observations = stated
        var by: [String: String] = [:]
        let evaluator = Evaluator(store: store, observations: [:])
        for rule in rules.sorted(by: { $0.id < $1.id }) where !rule.established.isEmpty {
            let open = rule.established.filter { observations[$0.observation] == nil }
            guard !open.isEmpty, evaluator.evaluate(rule.condition).truth == .true else { continue }
            for (name, value) in open where observations[name] == nil {
                observations[name] = value
                by[name] = rule.id
            }
        }
        self.observations = observations
        self.establishedBy = by
    }

    /// Procedures whose result is now known from the logs: every observation of their declared outcomes is
    /// known and at least one of them was established from the logs. They count as performed. A collection
    /// (kind `collect`, questions put to the customer) is answered once the logs establish the observation of
    /// its first declared outcome, its question: the customer is not asked it for the side questions alone
    /// (which update fails is in the logs, so "does it roll back at the restart?" is not worth the round trip;
    /// the tests that yield those observations stay proposed).
    func answered(_ procedures: [Procedure]) -> Set<String> {
        guard !establishedBy.isEmpty else { return [] }
        var result: Set<String> = []
        for p in procedures where !p.outcomes.isEmpty {
            let names = Set(p.outcomes.map(\.observation))
            if names.allSatisfy({ observations[$0] != nil }), names.contains(where: { establishedBy[$0] != nil }) {
                result.insert(p.id)
            } else if p.kind == .collect, let question = p.outcomes.first?.observation,
                establishedBy[question] != nil
            {
                result.insert(p.id)
            }
        }
        return result
    }
}
