import TriageCore

/// A report to paste into a case mail, with the customer instructions of the first next steps rendered
/// from the procedures' localized steps. All fixed strings follow `language`.
public enum MarkdownReport {
    /// How many next steps get full customer instructions.
    public static let instructedSteps = 2

    public static func render(_ analysis: Analysis, language: Language = .en) -> String {
        let w = Words(language: language)
        var out: [String] = []
        out.append("# " + w("Triage report", "诊断报告") + w.colon + (analysis.machine.name ?? w("unknown machine", "未知计算机")))
        out.append("")
        out.append("- **" + w("Machine", "计算机") + "**" + w.colon + w.machineLine(analysis.machine))
        out.append("- **" + w("Sources", "来源") + "**" + w.colon + w.sourcesLine(analysis.sources))
        let skipped = analysis.sources.filter { $0.status == .skipped }
        for source in skipped {
            out.append("  - `\(source.path)`" + w.colon + w("skipped", "已跳过") + (source.reason.map(w.paren) ?? ""))
        }
        if !analysis.observations.isEmpty {
            out.append("- **" + w("Observations", "观察") + "**" + w.colon + analysis.observations.sorted { $0.key < $1.key }
                .map { "`\($0.key)=\($0.value)`" }.joined(separator: ", "))
        }

        out.append("")
        out.append("## " + w("Install attempts", "安装记录"))
        out.append("")
        if analysis.installs.isEmpty {
            out.append(w("No install attempt was found in the logs.", "日志中未发现任何安装记录。"))
        } else {
            out.append("| KB | " + w("Result", "结果") + " | " + w("Attempts", "安装尝试") + " |")
            out.append("|---|---|---|")
            for summary in analysis.installs {
                let attempts = summary.attempts.map { a in
                    var detail = [a.channel]
                    if let hresult = a.hresult { detail.append(hresult) }
                    return (a.shownStart ?? "-") + " " + w.result(a.result) + w.paren(detail.joined(separator: ", "))
                }.joined(separator: "<br>")
                out.append("| \(summary.kb) | \(w.installCounts(summary)) | \(attempts) |")
            }
        }

        if !analysis.symptoms.isEmpty {
            out.append("")
            out.append("## " + w("Symptoms", "症状"))
            out.append("")
            for symptom in analysis.symptoms { out.append("- " + symptom.message[language]) }
        }

        out.append("")
        out.append("## " + w("Likely causes", "可能原因"))
        out.append("")
        out.append("| # | " + w("Hypothesis", "假设") + " | " + w("Probability", "概率") + " |")
        out.append("|---|---|---|")
        let top = Words.top(analysis)
        for (rank, h) in top.enumerated() {
            out.append("| \(rank + 1) | \(h.title[language])\(w.paren("`\(h.id)`"))\(w.treeNote(h)) | \(Words.percent(h.probability)) |")
        }
        out.append("| | " + w("Other / not explained", "其他 / 无法解释") + " | \(Words.percent(analysis.other.probability)) |")
        for (rank, h) in top.enumerated() where !h.support.isEmpty || !h.against.isEmpty {
            out.append("")
            out.append("**\(rank + 1). `\(h.id)`**")
            for c in h.support + h.against {
                let label = c.direction == .supports ? w("For", "支持") : w("Against", "反对")
                var line = "- \(label)\(w.colon)\(c.title[language])\(w.paren("`\(c.rule)`, ×\(factor(c.factor))"))"
                if let fact = c.evidence.first {
                    line += " — `\(w.location(fact))`"
                    if fact.provenance.file != Analyzer.observationFile, let text = fact.provenance.text {
                        line += " `\(Words.clip(text, 90).replacingOccurrences(of: "`", with: "'"))`"
                    }
                }
                out.append(line)
            }
        }

        out.append("")
        out.append("## " + w("Next steps", "后续步骤"))
        out.append("")
        if analysis.nextSteps.isEmpty { out.append(w("No next step to suggest.", "无建议的后续步骤。")) }
        for (rank, step) in analysis.nextSteps.prefix(TextReport.stepsShown).enumerated() {
            var line = "\(rank + 1). **\(step.procedure.title[language])**" + w.paren("`\(step.id)`; \(w.cost(step.procedure.cost))")
            if !step.reason[language].isEmpty { line += w(" — ", "——") + step.reason[language] }
            out.append(line)
        }

        let instructed = analysis.nextSteps.prefix(instructedSteps)
        if !instructed.isEmpty {
            out.append("")
            out.append("## " + w("Instructions for the customer", "客户操作说明"))
            let known = InstructionPlaceholders.values(analysis)
            for (rank, step) in instructed.enumerated() {
                out.append("")
                out.append("### \(rank + 1). \(step.procedure.title[language])")
                let purpose = step.procedure.purpose[language]
                if !purpose.isEmpty {
                    out.append("")
                    out.append(purpose)
                }
                out.append("")
                for (n, s) in step.procedure.steps(in: language).enumerated() {
                    out.append("\(n + 1). \(InstructionPlaceholders.fill(s.text, known))")
                    for command in s.commands {
                        out.append("   ```")
                        let filled = InstructionPlaceholders.fill(command, known)
                        for commandLine in filled.split(separator: "\n", omittingEmptySubsequences: false) {
                            out.append("   " + commandLine)
                        }
                        out.append("   ```")
                    }
                }
            }
        }

        if !analysis.findings.isEmpty {
            out.append("")
            out.append("## " + w("Findings", "发现"))
            out.append("")
            for finding in analysis.findings {
                out.append("- `\(finding.id)`" + w.colon + finding.message[language])
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `10`, `0.1`, `3.1623`.
    static func factor(_ value: Double) -> String {
        let r = (value * 10000).rounded() / 10000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
