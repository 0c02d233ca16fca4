import TriageCore

/// A report to paste into a case mail, with the customer instructions of the first next steps rendered
/// from the procedures' localized steps. All fixed strings follow `language`.
public enum MarkdownReport {
    /// How many next steps get full customer instructions.
    public static let instructedSteps = 2

    public static func render(_ analysis: Analysis, language: Language = .en) -> String {
        let w = Words(language: language, text: analysis.text)
        var out: [String] = []
        header(analysis, w, language, into: &out)
        installs(analysis, w, language, into: &out)
        symptoms(analysis, w, language, into: &out)
        causes(analysis, w, language, into: &out)
        nextSteps(analysis, w, language, into: &out)
        instructions(analysis, w, language, into: &out)
        findings(analysis, w, language, into: &out)
        return out.joined(separator: "\n") + "\n"
    }

    /// The title, the machine, the sources (skipped ones listed) and the observations.
    private static func header(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        out.append(
            "# " + w.t("markdown.triage-report") + w.colon + (analysis.machine.name ?? w.t("markdown.unknown-machine")))
        out.append("")
        out.append("- **" + w.t("markdown.machine") + "**" + w.colon + w.machineLine(analysis.machine))
        out.append("- **" + w.t("markdown.sources") + "**" + w.colon + w.sourcesLine(analysis.sources))
        let skipped = analysis.sources.filter { $0.status == .skipped }
        for source in skipped {
            out.append("  - `\(source.path)`" + w.colon + w.t("markdown.skipped") + (source.reason.map(w.paren) ?? ""))
        }
        if !analysis.observations.isEmpty {
            out.append(
                "- **" + w.t("markdown.observations") + "**" + w.colon
                    + analysis.observations.sorted { $0.key < $1.key }
                    .map { "`\($0.key)=\($0.value)`" }.joined(separator: ", "))
        }
    }

    /// `Install attempts`: a table per KB.
    private static func installs(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        out.append("")
        out.append("## " + w.t("markdown.install-attempts"))
        out.append("")
        if analysis.installs.isEmpty {
            out.append(w.t("markdown.no-install-attempt"))
        } else {
            out.append("| KB | " + w.t("markdown.result") + " | " + w.t("markdown.attempts") + " |")
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
    }

    /// `Symptoms`, when any.
    private static func symptoms(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        if !analysis.symptoms.isEmpty {
            out.append("")
            out.append("## " + w.t("markdown.symptoms"))
            out.append("")
            for symptom in analysis.symptoms { out.append("- " + symptom.message[language]) }
        }
    }

    /// `Likely causes`: the ranked hypotheses, then what speaks for and against each.
    private static func causes(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        out.append("")
        out.append("## " + w.t("markdown.likely-causes"))
        out.append("")
        out.append("| # | " + w.t("markdown.hypothesis") + " | " + w.t("markdown.probability") + " |")
        out.append("|---|---|---|")
        let top = Words.top(analysis)
        for (rank, h) in top.enumerated() {
            out.append(
                "| \(rank + 1) | \(h.title[language])\(w.paren("`\(h.id)`"))\(w.treeNote(h)) | \(Words.percent(h.probability)) |"
            )
        }
        out.append("| | " + w.t("markdown.other-not-explained") + " | \(Words.percent(analysis.other.probability)) |")
        for (rank, h) in top.enumerated() where !h.support.isEmpty || !h.against.isEmpty {
            out.append("")
            out.append("**\(rank + 1). `\(h.id)`**")
            for c in h.support + h.against {
                let label = c.direction == .supports ? w.t("markdown.for") : w.t("markdown.against")
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
    }

    /// `Next steps`, ranked.
    private static func nextSteps(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        out.append("")
        out.append("## " + w.t("markdown.next-steps"))
        out.append("")
        if analysis.nextSteps.isEmpty { out.append(w.t("markdown.no-next-step-to-suggest")) }
        for (rank, step) in analysis.nextSteps.prefix(TextReport.stepsShown).enumerated() {
            var line =
                "\(rank + 1). **\(step.procedure.title[language])**"
                + w.paren("`\(step.id)`; \(w.cost(step.procedure.cost))")
            if !step.reason[language].isEmpty { line += w.t("markdown.dash") + step.reason[language] }
            out.append(line)
        }
    }

    /// `Customer instructions` for the first ``instructedSteps`` steps.
    private static func instructions(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        let instructed = analysis.nextSteps.prefix(instructedSteps)
        if !instructed.isEmpty {
            out.append("")
            out.append("## " + w.t("markdown.customer-instructions"))
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
    }

    /// `Findings`, when any.
    private static func findings(_ analysis: Analysis, _ w: Words, _ language: Language, into out: inout [String]) {
        if !analysis.findings.isEmpty {
            out.append("")
            out.append("## " + w.t("markdown.findings"))
            out.append("")
            for finding in analysis.findings {
                out.append("- `\(finding.id)`" + w.colon + finding.message[language])
            }
        }
    }

    /// `10`, `0.1`, `3.1623`.
    static func factor(_ value: Double) -> String {
        let r = (value * 10000).rounded() / 10000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
