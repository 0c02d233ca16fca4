import TriageCore
import TriageEngine

/// The closing summary of a case mail: problem definition, summary, recommendations (as the seed's last mail).
package struct CaseSummary: Sendable, Hashable {
    package var problem: String
    package var summary: String
    package var recommendations: [String]
    package var language: Language

    package struct RankedTitle: Sendable, Hashable {
        package var id: String
        package var title: LocalizedText
        package var probability: Double
        package init(id: String, title: LocalizedText, probability: Double) {
            self.id = id
            self.title = title
            self.probability = probability
        }
    }

    /// - Parameters:
    ///   - hypotheses: the leading hypotheses, best first (two or three are quoted).
    ///   - steps: the recommended procedures, best first; the first one's numbered steps are quoted.
    package init(manifest: CaseManifest, state: CaseState, digest: EvidenceDigest, hypotheses: [RankedTitle],
                steps: [Procedure], language: Language) {
        self.language = language
        let zh = language == .zhCN
        problem = manifest.problem.isEmpty
            ? (zh ? "用户反馈系统安装更新补丁\(manifest.kb.map { " \($0) " } ?? "")失败的问题，需要协助排查。"
                : "The customer reports that installing \(manifest.kb ?? "the update") fails and asks for help.")
            : manifest.problem[language]
        summary = Self.summaryText(state: state, steps: steps, zh: zh)
        recommendations = Self.recommendations(manifest: manifest, state: state, digest: digest,
                                               hypotheses: hypotheses, steps: steps, language: language)
    }

    /// Plain text with the seed's three headings.
    package var text: String {
        let zh = language == .zhCN
        var lines = [zh ? "案例总结：" : "Case summary:", "----",
                     zh ? "问题定义：" : "Problem definition:", problem,
                     zh ? "问题总结：" : "Summary:", summary,
                     zh ? "问题排查建议：" : "Recommendations:"]
        lines += recommendations
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryText(state: CaseState, steps: [Procedure], zh: Bool) -> String {
        let outstanding = state.outstanding.filter { !$0.value.isEmpty }
        guard !outstanding.isEmpty else {
            return zh ? "已根据现有日志完成分析，等待用户按以下建议操作。"
                : "The logs in hand have been analysed; waiting for the customer to follow the recommendations below."
        }
        let parts = outstanding.keys.sorted().map { id -> String in
            let asks = outstanding[id]!
            let title = steps.first { $0.id == id }?.title[zh ? .zhCN : .en] ?? id
            return zh ? "\(title)（自 \(asks[0].date.day) 起请求 \(asks.count) 次）"
                : "\(title) (requested \(asks.count) times since \(asks[0].date.day))"
        }
        return zh
            ? "最终用户尚未完成以下操作：" + parts.joined(separator: "；") + "。暂时归档案例，后续提供日志后再重新开启案例。"
            : "The end user has not yet performed: " + parts.joined(separator: "; ")
                + ". The case is archived for now and will be reopened when the logs arrive."
    }

    static func recommendations(manifest: CaseManifest, state: CaseState, digest: EvidenceDigest,
                                hypotheses: [RankedTitle], steps: [Procedure], language: Language) -> [String] {
        let zh = language == .zhCN
        var lines: [String] = []
        if let latest = state.latestSubmission {
            let machine = digest.machine ?? state.machines[latest.id]
            let kb = digest.failedKBs.first ?? manifest.kb ?? (zh ? "更新" : "the update")
            let source = digest.updateSources.first
            if zh {
                lines.append("\(latest.date.day) 提供的日志\(machine.map { "（设备 \($0)）" } ?? "")显示 \(kb) "
                    + (source.map { "通过 WSUS（\($0)）获取、" } ?? "") + "安装失败。")
            } else {
                lines.append("The logs of \(latest.date.day)\(machine.map { " (machine \($0))" } ?? "") show \(kb) "
                    + (source.map { "obtained from WSUS (\($0)) and " } ?? "") + "failing to install.")
            }
        }
        for log in Set(digest.codes.map(\.log)).sorted() {
            let rows = digest.codes.filter { $0.log == log }
            let list = rows.map { "\($0.count)× \($0.code)" }.joined(separator: zh ? "、" : ", ")
            lines.append(zh ? "在 \(log) 中可以看到安装失败的错误代码：\(list)。"
                : "\(log) shows these failure codes: \(list).")
            for r in rows {
                let meaning = r.meaning[language]
                guard !meaning.isEmpty else { continue }
                let sym = r.symbol.isEmpty ? "" : " \(r.symbol)"
                lines.append(zh ? "\(r.code)\(sym)：\(meaning)" : "\(r.code)\(sym): \(meaning)")
            }
        }
        let leading = hypotheses.prefix(2)
        if !leading.isEmpty {
            let list = leading.map { "\($0.title[language])（\(formatProbability($0.probability))）" }
            let listEN = leading.map { "\($0.title[language]) (\(formatProbability($0.probability)))" }
            lines.append(zh ? "从这些日志怀疑：" + list.joined(separator: "，或") + "。"
                : "Most likely: " + listEN.joined(separator: "; or ") + ".")
        }
        if let first = steps.first {
            lines.append(zh ? "建议：\(first.title[language])。具体操作：" : "Recommended: \(first.title[language]). Steps:")
            // The case's update (or the one update the bundle shows failing) and its WSUS server go into the steps.
            var known: [String: String] = [:]
            if let kb = manifest.kb ?? (digest.failedKBs.count == 1 ? digest.failedKBs[0] : nil) { known["<kb>"] = kb }
            if digest.updateSources.count == 1 { known["<wsus>"] = digest.updateSources[0] }
            for (i, step) in first.steps(in: language).enumerated() {
                lines.append("\(i + 1)) \(InstructionPlaceholders.fill(step.text, known))")
                for c in step.commands { lines.append("   \(InstructionPlaceholders.fill(c, known))") }
            }
        }
        return lines
    }
}
