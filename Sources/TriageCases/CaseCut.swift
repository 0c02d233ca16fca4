/// Which part of a history to reason over.
package enum CaseCut: Sendable, Hashable {
    /// The whole history.
    case all
    /// Every event dated on or before this date (a date without a time includes that whole day).
    case asOf(CaseDate)
    /// Everything before this expectation's place in the timeline (what the engineer had at that moment).
    case before(Expectation)
}

extension CaseManifest {
    /// The timeline cut at `cut`, expectations removed.
    package func events(_ cut: CaseCut) -> [CaseEvent] {
        var result: [CaseEvent] = []
        for event in timeline {
            switch cut {
            case .all: break
            case .asOf(let date): if !event.date.isOnOrBefore(date) { continue }
            case .before(let e): if case .expectation(let x) = event, x == e { return result }
            }
            if case .expectation = event { continue }
            result.append(event)
        }
        return result
    }
}
