import TriageCore

/// The terminal report. Colour (ANSI) only when the caller asks; the CLI decides (TTY, `NO_COLOR`).
public enum TextReport {
    public static let barWidth = 20
    public static let stepsShown = 3

    public static func render(_ analysis: Analysis, language: Language = .en, color: Bool = false) -> String {
        let w = Words(language: language)
        let paint = Paint(enabled: color)
        var out: [String] = []
        out.append(paint.bold(w("Machine: ", "计算机：")) + w.machineLine(analysis.machine))
        out.append(paint.bold(w("Sources: ", "来源：")) + w.sourcesLine(analysis.sources))
        for source in analysis.sources {
            var line = "  " + pad(source.status == .parsed ? w("parsed", "已解析") : w("skipped", "已跳过"), 8)
                + " " + pad(source.kind.rawValue, 15) + " " + TerminalText.escape(source.path)
            if source.status == .parsed {
                line += w(" (\(source.lines) lines, \(source.encoding))", "（\(source.lines) 行，\(source.encoding)）")
            } else if let reason = source.reason {
                line += " — " + reason
            }
            out.append(line)
        }
        if !analysis.observations.isEmpty {
            out.append(paint.bold(w("Observations: ", "观察：")) + analysis.observations.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }

        out.append("")
        out.append(paint.bold(w("Installs:", "安装记录：")))
        if analysis.installs.isEmpty { out.append("  " + w("no install attempts found", "未发现安装记录")) }
        for summary in analysis.installs {
            out.append("  " + pad(summary.kb, 10) + " " + w.installCounts(summary))
            for attempt in summary.attempts {
                var fields = [attempt.shownStart ?? "-", pad(w.result(attempt.result), 9), attempt.channel]
                if let hresult = attempt.hresult { fields.append(hresult) }
                fields.append(w.location(attempt.fact))
                if !attempt.alsoIn.isEmpty {
                    fields.append(w("also ", "另见 ") + attempt.alsoIn.map { w.location($0) }.joined(separator: ", "))
                }
                let line = "    " + fields.joined(separator: "  ")
                out.append(attempt.result == "failed" ? paint.red(line) : attempt.result == "succeeded" ? paint.green(line) : line)
            }
        }

        if !analysis.symptoms.isEmpty {
            out.append("")
            out.append(paint.bold(w("Symptoms:", "症状：")))
            for symptom in analysis.symptoms { out.append("  • " + symptom.message[language]) }
        }

        out.append("")
        out.append(paint.bold(w("Hypotheses:", "假设：")))
        let top = Words.top(analysis)
        let idWidth = max(top.map(\.id.count).max() ?? 0, 10)
        for (rank, h) in top.enumerated() {
            let filled = Int((h.probability * Double(barWidth)).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            out.append(pad("\(rank + 1).", 4, right: true) + " " + paint.bold(pad(h.id, idWidth)) + " "
                       + pad(Words.percent(h.probability), 6, right: true) + " " + bar + "  " + h.title[language]
                       + w.treeNote(h))
            let refinements = h.children.compactMap { analysis.hypothesis($0) }.filter { child in
                child.probability >= 0.01 && !top.contains { $0.id == child.id }
            }.sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.id < $1.id }
            if !refinements.isEmpty {
                out.append("       " + w("more specific: ", "更具体的原因：")
                           + refinements.map { "\($0.id) \(Words.percent($0.probability))" }.joined(separator: ", "))
            }
            for (direction, fact) in Words.citedLines(h) {
                let mark = direction == .supports ? paint.green("+") : paint.red("−")
                var line = "       \(mark) " + w.location(fact)
                if fact.provenance.file != Analyzer.observationFile, let text = fact.provenance.text {
                    line += "  " + paint.dim(Words.clip(TerminalText.escape(text)))
                }
                out.append(line)
            }
        }
        out.append("     " + pad(w("other / not explained", "其他 / 无法解释"), idWidth) + " "
                   + pad(Words.percent(analysis.other.probability), 6, right: true))

        out.append("")
        out.append(paint.bold(w("Next steps:", "后续步骤：")))
        if analysis.nextSteps.isEmpty { out.append("  " + w("no next step to suggest", "无建议的后续步骤")) }
        for (rank, step) in analysis.nextSteps.prefix(stepsShown).enumerated() {
            out.append(pad("\(rank + 1).", 4, right: true) + " " + paint.bold(step.id) + " — "
                       + step.procedure.title[language] + w.paren(w.cost(step.procedure.cost)))
            if !step.reason[language].isEmpty { out.append("     " + w("Why: ", "原因：") + step.reason[language]) }
        }

        if !analysis.findings.isEmpty {
            out.append("")
            out.append(paint.bold(w("Findings:", "发现：")))
            for finding in analysis.findings {
                var line = "  " + paint.yellow("!") + " " + finding.id + w.colon + finding.message[language]
                if let fact = finding.evidence.first { line += w.paren(w.location(fact)) }
                out.append(line)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - text.count)
        return right ? String(repeating: " ", count: gap) + text : text + String(repeating: " ", count: gap)
    }
}

/// ANSI styling that is a no-op when disabled.
struct Paint {
    let enabled: Bool
    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ t: String) -> String { wrap("1", t) }
    func dim(_ t: String) -> String { wrap("2", t) }
    func red(_ t: String) -> String { wrap("31", t) }
    func green(_ t: String) -> String { wrap("32", t) }
    func yellow(_ t: String) -> String { wrap("33", t) }
}
