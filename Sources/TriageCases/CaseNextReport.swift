import TriageCore
import TriageEngine

/// `triage next`: the case history in brief, the engine's report on the latest bundle (steps filtered and
/// annotated by the history), and the case findings — as text, JSON or Markdown.
package enum CaseNextReport {
    /// The case findings (machine changed, request repeated: what changes the next mail) come right after
    /// the case header, before the bundle's report; every line fits `width` columns.
    package static func text(
        _ m: CaseManifest, _ e: CaseEvaluation, language: Language, color: Bool = false,
        width: Int = 80, verbose: Bool = false
    ) -> String {
        let w = CaseWords(text: e.analysis.text, language: language)
        var out: [String] = []
        for line in header(m, e, w: w) {
            let indent = String(line.prefix { $0 == " " }) + "  "
            out += DisplayWidth.wrap(line, width: width, first: String(line.prefix { $0 == " " }), rest: indent)
        }
        out.append("")
        out.append(w.t("case.findings-label"))
        if e.findings.isEmpty { out.append(w.t("case.none-item")) }
        for f in e.findings {
            out += DisplayWidth.wrap(
                f.id + w.t("case.colon") + f.message[language], width: width, first: "  ! ",
                rest: "    ")
        }
        out.append("")
        out.append(TextReport.render(e.analysis, language: language, color: color, width: width, verbose: verbose))
        return out.joined(separator: "\n")
    }

    package static func markdown(_ m: CaseManifest, _ e: CaseEvaluation, language: Language) -> String {
        let w = CaseWords(text: e.analysis.text, language: language)
        var out = ["# " + w.t("case.case") + m.id, ""]
        out += header(m, e, w: w).dropFirst().map { line in
            line.hasPrefix("  ") ? "  - " + line.dropFirst(2) : "- " + line
        }
        out.append("")
        out.append(MarkdownReport.render(e.analysis, language: language))
        out.append("## " + w.t("case.findings-heading"))
        out.append("")
        if e.findings.isEmpty { out.append(w.t("case.none-sentence")) }
        for f in e.findings { out.append("- **\(f.id)**" + w.t("case.colon") + f.message[language]) }
        return out.joined(separator: "\n") + "\n"
    }

    package static func json(_ m: CaseManifest, _ e: CaseEvaluation, language: Language) -> String {
        jsonValue(m, e, language: language).rendered()
    }

    /// `{"case": …, "report": …}`: the case history and the engine's report on the analysed bundle.
    package static func jsonValue(_ m: CaseManifest, _ e: CaseEvaluation, language: Language) -> JSONValue {
        let s = e.state
        let open = s.outstanding
        let caseValue: JSONValue = .object([
            "id": .string(m.id),
            "kb": .optional(m.kb),
            "symptom": .optional(m.symptom),
            "asOf": .optional(s.lastDate?.description),
            "analysed": e.submission.map { sub in
                .object([
                    "id": .string(sub.id), "bundle": .string(sub.bundle), "date": .string(sub.date.description),
                    "machine": .optional(s.machines[sub.id])
                ])
            } ?? .null,
            "submissions": .array(
                s.submissions.map { sub in
                    .object([
                        "id": .string(sub.id), "bundle": .string(sub.bundle), "date": .string(sub.date.description),
                        "machine": .optional(s.machines[sub.id])
                    ])
                }),
            "observations": .array(
                s.observedValues.sorted { $0.key < $1.key }.map {
                    .object(["name": .string($0.key), "value": .string($0.value)])
                }),
            "done": .array(s.done.sorted().map(JSONValue.string)),
            "outstanding": .array(
                open.keys.sorted().map { p in
                    .object([
                        "procedure": .string(p), "times": .int(open[p]!.count),
                        "first": .string(open[p]!.first!.date.description),
                        "last": .string(open[p]!.last!.date.description)
                    ])
                }),
            "findings": .array(
                e.findings.map { f in
                    .object([
                        "id": .string(f.id), "attributes": .object(f.attributes.mapValues(JSONValue.string)),
                        "message": .string(f.message[language])
                    ])
                })
        ])
        return JSONValue.object(["case": caseValue, "report": JSONReport.value(e.analysis, language: language)])
    }

    /// The closing summary (problem definition, summary, recommendations) of the case at this cut.
    package static func summary(
        _ m: CaseManifest, _ e: CaseEvaluation, knowledge: KnowledgeBase,
        language: Language
    ) -> CaseSummary {
        let digest = EvidenceDigest(
            facts: e.analysis.evidence.facts, machine: e.state.currentMachine,
            catalog: knowledge.errorCodes)
        let titles = e.analysis.hypotheses.filter { $0.id != "no-failure-captured" || e.analysis.leader?.id == $0.id }
            .prefix(3).map { CaseSummary.RankedTitle(id: $0.id, title: $0.title, probability: $0.probability) }
        return CaseSummary(
            manifest: m, state: e.state, digest: digest, hypotheses: Array(titles),
            steps: e.analysis.nextSteps.map(\.procedure), language: language)
    }

    /// Case line, bundles, observations, done and outstanding requests.
    static func header(_ m: CaseManifest, _ e: CaseEvaluation, w: CaseWords) -> [String] {
        let s = e.state
        var about = [m.kb, m.symptom].compactMap { $0 }.joined(separator: ", ")
        if !about.isEmpty { about = " (\(about))" }
        var out = [w.t("case.case") + m.id + about + (s.lastDate.map { w.t("case.as-of", $0) } ?? "")]
        let machines = Set(s.submissions.compactMap { s.machines[$0.id] })
        out.append(w.t("case.bundles", s.submissions.count, machines.count))
        for sub in s.submissions {
            let mark = sub.id == e.submission?.id ? w.t("case.analysed") : ""
            out.append("  \(sub.date)  \(sub.id)  \(sub.bundle)  \(s.machines[sub.id] ?? "?")\(mark)")
        }
        let observed = s.observedValues
        if !observed.isEmpty {
            out.append(
                w.t("case.observations")
                    + observed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        let done = s.done.sorted()
        out.append(w.t("case.done") + (done.isEmpty ? w.t("case.none-word") : done.joined(separator: ", ")))
        let open = s.outstanding
        out.append(
            w.t("case.outstanding")
                + (open.isEmpty
                    ? w.t("case.none-word")
                    : open.keys.sorted().map { p in
                        let asks = open[p]!
                        return w.t("case.asked-since", p, asks.count, asks[0].date)
                    }.joined(separator: ", ")))
        if case .skipped(let reason)? = e.problem { out.append(w.t("case.skipped") + reason) }
        if case .error(let reason)? = e.problem { out.append(w.t("case.error") + reason) }
        return out
    }
}
