import TriageCore

/// What a case history says at one cut: the evidence in hand, what the engineer observed, what was asked
/// for and what came of it, and the case findings (`machine-mismatch`, `request-repeated`).
package struct CaseState: Sendable, Hashable {
    package let submissions: [Submission]
    package let observations: [Observation]
    package let requests: [Request]
    package let outcomes: [Outcome]
    /// Machine per submission id: resolved from the bundle when known, else the manifest's hint.
    package let machines: [String: String]
    /// Date of the last event in the cut (nil for an empty history).
    package let lastDate: CaseDate?

    /// - Parameters:
    ///   - events: the history, in timeline order (see ``CaseManifest/events(_:)``).
    ///   - resolvedMachines: machine names read from the bundles, by submission id; they override hints.
    ///   - text: the interface texts the findings' messages come from (`case.*` in `ui-text.xml`).
    package init(events: [CaseEvent], resolvedMachines: [String: String] = [:], text: UIText = UIText()) {
        var subs: [Submission] = []
        var obs: [Observation] = []
        var reqs: [Request] = []
        var outs: [Outcome] = []
        for event in events {
            switch event {
            case .submission(let s): subs.append(s)
            case .observation(let o): obs.append(o)
            case .request(let r): reqs.append(r)
            case .outcome(let o): outs.append(o)
            case .expectation: break
            }
        }
        submissions = subs
        observations = obs
        requests = reqs
        outcomes = outs
        var m: [String: String] = [:]
        for s in subs { if let name = resolvedMachines[s.id] ?? s.machine { m[s.id] = name } }
        machines = m
        lastDate = events.map(\.date).max()
        self.text = text
    }

    package init(
        _ manifest: CaseManifest, _ cut: CaseCut, resolvedMachines: [String: String] = [:],
        text: UIText = UIText()
    ) {
        self.init(events: manifest.events(cut), resolvedMachines: resolvedMachines, text: text)
    }

    /// The interface texts of the findings' messages.
    package let text: UIText

    /// `key` in every language, each filled with the arguments `arguments` gives for that language.
    private func localized(_ key: String, _ arguments: (Language) -> [String]) -> LocalizedText {
        LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map {
                    ($0, text.string(key, $0, arguments($0)))
                }))
    }

    // MARK: evidence

    package var latestSubmission: Submission? { submissions.last }

    /// The machine the case is currently about: that of the latest submission.
    package var currentMachine: String? { latestSubmission.flatMap { machines[$0.id] } }

    /// The latest submission of each machine, sorted by machine name. Submissions with no known machine
    /// are listed under the empty name.
    package var latestPerMachine: [(machine: String, submission: Submission)] {
        var latest: [String: Submission] = [:]
        for s in submissions { latest[machines[s.id] ?? ""] = s }
        return latest.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Engineer observations and outcome results, latest value per name.
    package var observedValues: [String: String] {
        var values: [String: String] = [:]
        var dated: [(CaseDate, Int, String, String)] = []
        for (i, o) in observations.enumerated() { dated.append((o.date, i, o.name, o.value)) }
        for (i, o) in outcomes.enumerated() {
            for r in o.results { dated.append((o.date, observations.count + i, r.name, r.value)) }
        }
        for (_, _, name, value) in dated.sorted(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }) {
            values[name] = value
        }
        return values
    }

    // MARK: requests

    /// Procedures performed whose result arrived: never recommend these again.
    package var done: Set<String> {
        var set: Set<String> = []
        for procedure in Set(requests.map(\.procedure)).union(outcomes.map(\.procedure)) {
            if let last = outcomes.last(where: { $0.procedure == procedure }), last.resultArrived {
                set.insert(procedure)
            }
        }
        return set
    }

    /// Requests still waiting for a result, per procedure: those made after the last outcome whose result
    /// arrived (a "performed" outcome without a result does not close them).
    package var outstanding: [String: [Request]] {
        var result: [String: [Request]] = [:]
        for r in requests {
            let closedAfter = outcomes.contains { o in
                o.procedure == r.procedure && o.resultArrived && r.date <= o.date
            }
            if !closedAfter { result[r.procedure, default: []].append(r) }
        }
        return result
    }

    // MARK: findings

    /// `machine-mismatch` and `request-repeated`, in stable order. (`collector-outdated` needs the bundle's
    /// evidence and the tool catalog: see ``CollectorCheck``.)
    package var findings: [CaseFinding] {
        (machineMismatch.map { [$0] } ?? []) + requestRepeated
    }

    /// The latest submission comes from a machine none of the earlier submissions came from.
    package var machineMismatch: CaseFinding? {
        guard let latest = latestSubmission, let machine = machines[latest.id] else { return nil }
        let earlier = Set(submissions.dropLast().compactMap { machines[$0.id] })
        guard !earlier.isEmpty, !earlier.contains(machine) else { return nil }
        let previous = earlier.sorted().joined(separator: ", ")
        return CaseFinding(
            id: CaseFinding.machineMismatch,
            attributes: [
                "machine": machine, "previous": previous, "date": latest.date.description,
                "bundle": latest.bundle
            ],
            message: text.localized("case.machine-mismatch", [latest.date.description, machine, previous]))
    }

    /// The same procedure asked for at least twice with no result: how often, since when, what to do instead.
    package var requestRepeated: [CaseFinding] {
        outstanding.keys.sorted().compactMap { procedure in
            let asks = outstanding[procedure]!
            guard asks.count >= 2, let first = asks.first, let last = asks.last else { return nil }
            let end = lastDate ?? last.date
            let days = first.date.days(until: end)
            let afterEvidence: Int
            if let evidence = latestSubmission, first.date <= evidence.date {
                afterEvidence = asks.filter { evidence.date < $0.date || evidence.date == $0.date }.count
            } else {
                afterEvidence = asks.count
            }
            let suggestion = Self.suggestion(times: asks.count, days: days)
            var attributes = [
                "procedure": procedure, "times": "\(asks.count)", "since": first.date.description,
                "last": last.date.description, "days": "\(days)", "suggest": suggestion.id
            ]
            attributes["since-evidence"] = "\(afterEvidence)"
            let evidenceNote: LocalizedText
            if let evidence = latestSubmission, first.date <= evidence.date {
                evidenceNote = text.localized("case.note-bundle-without-result", [evidence.date.description])
            } else {
                evidenceNote = text.localized("case.note-no-new-evidence")
            }
            let advice = text.localized(suggestion.key)
            return CaseFinding(
                id: CaseFinding.requestRepeated, attributes: attributes,
                message: localized("case.request-repeated") { language in
                    [
                        procedure, "\(asks.count)", first.date.description, last.date.description, "\(days)",
                        evidenceNote[language], advice[language]
                    ]
                })
        }
    }

    struct Suggestion {
        /// The suggestion's id and its text's key in `ui-text.xml`.
        let id: String, key: String
    }

    /// 2–3 asks: a call; 4–5 asks: escalation; 6 or more, or three weeks: close with a summary.
    static func suggestion(times: Int, days: Int) -> Suggestion {
        if times >= 6 || days >= 21 {
            return Suggestion(id: "close", key: "case.suggest-close")
        }
        if times >= 4 {
            return Suggestion(id: "escalate", key: "case.suggest-escalate")
        }
        return Suggestion(id: "call", key: "case.suggest-call")
    }
}
