import TriageCore
import TriageEngine

/// `triage next`: the case history in brief, the engine's report on the latest bundle (steps filtered and
/// annotated by the history), and the case findings — as text, JSON or Markdown.
package enum CaseNextReport {
    /// The case findings (machine changed, request repeated: what changes the next mail) come right after
    /// the case header, before the bundle's report; every line fits `width` columns.
    package static func text(_ m: CaseManifest, _ e: CaseEvaluation, language: Language, color: Bool = false,
                            width: Int = 80, verbose: Bool = false) -> String {
        let zh = language == .zhCN
        var out: [String] = []
        for line in header(m, e, zh: zh) {
            let indent = String(line.prefix { $0 == " " }) + "  "
            out += DisplayWidth.wrap(line, width: width, first: String(line.prefix { $0 == " " }), rest: indent)
        }
        out.append("")
        out.append(zh ? "案例发现：" : "Case findings:")
        if e.findings.isEmpty { out.append(zh ? "  无" : "  none") }
        for f in e.findings {
            out += DisplayWidth.wrap(f.id + (zh ? "：" : ": ") + f.message[language], width: width, first: "  ! ",
                                     rest: "    ")
        }
        out.append("")
        out.append(TextReport.render(e.analysis, language: language, color: color, width: width, verbose: verbose))
        return out.joined(separator: "\n")
    }

    package static func markdown(_ m: CaseManifest, _ e: CaseEvaluation, language: Language) -> String {
        let zh = language == .zhCN
        var out = ["# " + (zh ? "案例 " : "Case ") + m.id, ""]
        out += header(m, e, zh: zh).dropFirst().map { line in
            line.hasPrefix("  ") ? "  - " + line.dropFirst(2) : "- " + line
        }
        out.append("")
        out.append(MarkdownReport.render(e.analysis, language: language))
        out.append("## " + (zh ? "案例发现" : "Case findings"))
        out.append("")
        if e.findings.isEmpty { out.append(zh ? "无。" : "None.") }
        for f in e.findings { out.append("- **\(f.id)**" + (zh ? "：" : ": ") + f.message[language]) }
        return out.joined(separator: "\n") + "\n"
    }

    package static func json(_ m: CaseManifest, _ e: CaseEvaluation, language: Language) -> String {
        let s = e.state
        let open = s.outstanding
        let caseValue: JSONValue = .object([
            "id": .string(m.id),
            "kb": .optional(m.kb),
            "symptom": .optional(m.symptom),
            "asOf": .optional(s.lastDate?.description),
            "analysed": e.submission.map { sub in
                .object(["id": .string(sub.id), "bundle": .string(sub.bundle), "date": .string(sub.date.description),
                         "machine": .optional(s.machines[sub.id])])
            } ?? .null,
            "submissions": .array(s.submissions.map { sub in
                .object(["id": .string(sub.id), "bundle": .string(sub.bundle), "date": .string(sub.date.description),
                         "machine": .optional(s.machines[sub.id])])
            }),
            "observations": .array(s.observedValues.sorted { $0.key < $1.key }.map {
                .object(["name": .string($0.key), "value": .string($0.value)])
            }),
            "done": .array(s.done.sorted().map(JSONValue.string)),
            "outstanding": .array(open.keys.sorted().map { p in
                .object(["procedure": .string(p), "times": .int(open[p]!.count),
                         "first": .string(open[p]!.first!.date.description),
                         "last": .string(open[p]!.last!.date.description)])
            }),
            "findings": .array(e.findings.map { f in
                .object(["id": .string(f.id), "attributes": .object(f.attributes.mapValues(JSONValue.string)),
                         "message": .string(f.message[language])])
            }),
        ])
        return JSONValue.object(["case": caseValue, "report": JSONReport.value(e.analysis, language: language)]).rendered()
    }

    /// The closing summary (problem definition, summary, recommendations) of the case at this cut.
    package static func summary(_ m: CaseManifest, _ e: CaseEvaluation, knowledge: KnowledgeBase,
                               language: Language) -> CaseSummary {
        let digest = EvidenceDigest(facts: e.analysis.evidence.facts, machine: e.state.currentMachine,
                                    catalog: knowledge.errorCodes)
        let titles = e.analysis.hypotheses.filter { $0.id != "no-failure-captured" || e.analysis.leader?.id == $0.id }
            .prefix(3).map { CaseSummary.RankedTitle(id: $0.id, title: $0.title, probability: $0.probability) }
        return CaseSummary(manifest: m, state: e.state, digest: digest, hypotheses: Array(titles),
                           steps: e.analysis.nextSteps.map(\.procedure), language: language)
    }

    /// Case line, bundles, observations, done and outstanding requests.
    static func header(_ m: CaseManifest, _ e: CaseEvaluation, zh: Bool) -> [String] {
        let s = e.state
        var about = [m.kb, m.symptom].compactMap { $0 }.joined(separator: ", ")
        if !about.isEmpty { about = " (\(about))" }
        var out = [(zh ? "案例 " : "Case ") + m.id + about + (s.lastDate.map { zh ? "，截至 \($0)" : " — as of \($0)" } ?? "")]
        let machines = Set(s.submissions.compactMap { s.machines[$0.id] })
        out.append(zh ? "日志：\(s.submissions.count) 份，来自 \(machines.count) 台设备"
                   : "Bundles: \(s.submissions.count) from \(machines.count) machine(s)")
        for sub in s.submissions {
            let mark = sub.id == e.submission?.id ? (zh ? "  ← 本次分析" : "  ← analysed") : ""
            out.append("  \(sub.date)  \(sub.id)  \(sub.bundle)  \(s.machines[sub.id] ?? "?")\(mark)")
        }
        let observed = s.observedValues
        if !observed.isEmpty {
            out.append((zh ? "观察：" : "Observations: ")
                       + observed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        let done = s.done.sorted()
        out.append((zh ? "已完成：" : "Done: ") + (done.isEmpty ? (zh ? "无" : "none") : done.joined(separator: ", ")))
        let open = s.outstanding
        out.append((zh ? "待完成：" : "Outstanding: ") + (open.isEmpty ? (zh ? "无" : "none") : open.keys.sorted().map { p in
            let asks = open[p]!
            return zh ? "\(p)（自 \(asks[0].date) 起 \(asks.count) 次）" : "\(p) (asked \(asks.count)× since \(asks[0].date))"
        }.joined(separator: ", ")))
        if case .skipped(let reason)? = e.problem { out.append((zh ? "已跳过：" : "Skipped: ") + reason) }
        if case .error(let reason)? = e.problem { out.append((zh ? "错误：" : "Error: ") + reason) }
        return out
    }
}
