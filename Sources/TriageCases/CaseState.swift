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
    package init(events: [CaseEvent], resolvedMachines: [String: String] = [:]) {
        var subs: [Submission] = [], obs: [Observation] = [], reqs: [Request] = [], outs: [Outcome] = []
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
    }

    package init(_ manifest: CaseManifest, _ cut: CaseCut, resolvedMachines: [String: String] = [:]) {
        self.init(events: manifest.events(cut), resolvedMachines: resolvedMachines)
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
            attributes: ["machine": machine, "previous": previous, "date": latest.date.description,
                         "bundle": latest.bundle],
            message: LocalizedText(
                en: "The bundle of \(latest.date) comes from \(machine), but earlier bundles came from "
                    + "\(previous): confirm which machine fails before comparing them.",
                zh: "\(latest.date) 上传的日志来自设备 \(machine)，而之前的日志来自 \(previous)："
                    + "请先确认是哪台设备安装失败，再进行对比。"))
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
            var attributes = ["procedure": procedure, "times": "\(asks.count)", "since": first.date.description,
                              "last": last.date.description, "days": "\(days)", "suggest": suggestion.id]
            attributes["since-evidence"] = "\(afterEvidence)"
            let evidenceNoteEN: String, evidenceNoteZH: String
            if let evidence = latestSubmission, first.date <= evidence.date {
                evidenceNoteEN = " The bundle of \(evidence.date) did not bring its result."
                evidenceNoteZH = "\(evidence.date) 上传的日志中也没有该操作的结果。"
            } else {
                evidenceNoteEN = " No new evidence has arrived since."
                evidenceNoteZH = "此后没有收到新的日志。"
            }
            return CaseFinding(
                id: CaseFinding.requestRepeated, attributes: attributes,
                message: LocalizedText(
                    en: "\(procedure) was requested \(asks.count) times since \(first.date) (last \(last.date), "
                        + "\(days) days) and no result has arrived.\(evidenceNoteEN) Instead of asking again: "
                        + suggestion.en,
                    zh: "自 \(first.date) 起已 \(asks.count) 次请求 \(procedure)（最近一次 \(last.date)，共 \(days) 天），"
                        + "仍未收到结果。\(evidenceNoteZH)建议不要再次重复请求，而是：" + suggestion.zh))
        }
    }

    struct Suggestion {
        let id: String, en: String, zh: String
    }

    /// 2–3 asks: a call; 4–5 asks: escalation; 6 or more, or three weeks: close with a summary.
    static func suggestion(times: Int, days: Int) -> Suggestion {
        if times >= 6 || days >= 21 {
            return Suggestion(
                id: "close",
                en: "archive the case with a summary (triage next --summary) and reopen it when the result arrives.",
                zh: "附上案例总结暂时归档（triage next --summary），收到结果后再重新开启案例。")
        }
        if times >= 4 {
            return Suggestion(
                id: "escalate",
                en: "escalate to the customer's IT lead, or offer a remote session to perform it together.",
                zh: "升级至客户的 IT 负责人，或提供远程协助一起完成操作。")
        }
        return Suggestion(
            id: "call",
            en: "call the contact and walk the end user through it on the phone.",
            zh: "致电联系人，在电话中指导最终用户完成操作。")
    }
}
