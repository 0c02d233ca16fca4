import TriageCore

/// The terminal report, laid out to be read in ten seconds: findings that change what to do, the verdict,
/// the first next step with what the customer must do, the hypotheses with their strongest citations, the
/// other steps, the install timeline collapsed (failures first, successes counted), then the rest. Every
/// line fits `width` display columns (CJK characters count two). `verbose` lists everything: every source,
/// every attempt, full reasons. Colour (ANSI) only when the caller asks; the CLI decides (TTY, `NO_COLOR`).
public enum TextReport {
    public static let stepsShown = 3
    /// Failed attempts listed per update before "… N more" (unless verbose).
    public static let failuresShown = 4
    /// Lines a step's reason may take before it is cut (unless verbose).
    public static let reasonLines = 2
    /// Customer steps of the first next step shown (unless verbose).
    public static let customerStepsShown = 3
    /// Findings that change what the engineer does first; they lead the report.
    public static let leadingFindings: Set<String> = [
        "no-servicing-log", "upgrade-logs-only", "several-machines", "machine-mismatch", "request-repeated"
    ]

    public static func render(
        _ analysis: Analysis, language: Language = .en, color: Bool = false,
        width: Int = 80, verbose: Bool = false
    ) -> String {
        var r = Renderer(
            analysis: analysis, language: language, paint: Paint(enabled: color),
            width: max(width, 40), verbose: verbose)
        r.render()
        return r.out.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - DisplayWidth.of(text))
        return right ? String(repeating: " ", count: gap) + text : text + String(repeating: " ", count: gap)
    }
}

private struct Renderer {
    let analysis: Analysis
    let language: Language
    let paint: Paint
    let width: Int
    let verbose: Bool
    var out: [String] = []
    var w: Words { Words(language: language, text: analysis.text) }

    /// The timeline lists UTC (event log) and local (text log) times together: both are labelled. Worked
    /// out once (each attempt's line asks).
    let mixedTimes: Bool

    init(analysis: Analysis, language: Language, paint: Paint, width: Int, verbose: Bool) {
        self.analysis = analysis
        self.language = language
        self.paint = paint
        self.width = width
        self.verbose = verbose
        var utc = false
        var local = false
        for install in analysis.installs.indices {
            for a in analysis.installs[install].attempts.indices
            where analysis.installs[install].attempts[a].started != nil {
                if analysis.installs[install].attempts[a].isUTC { utc = true } else { local = true }
            }
        }
        mixedTimes = utc && local
    }

    var nothingRead: Bool { analysis.findings.contains { $0.id == "no-servicing-log" } }

    mutating func render() {
        let leading = analysis.findings.filter { TextReport.leadingFindings.contains($0.id) }
        for finding in leading { findingLines(finding) }
        if !leading.isEmpty { out.append("") }
        verdict()
        firstStep()
        hypotheses()
        otherSteps()
        installs()
        symptoms()
        let rest = analysis.findings.filter { !TextReport.leadingFindings.contains($0.id) }
        if !rest.isEmpty {
            section(w.t("text.findings"))
            for finding in rest { findingLines(finding) }
        }
        machineAndSources()
    }

    // MARK: helpers

    mutating func section(_ title: String) {
        out.append("")
        out.append(paint.bold(title))
    }

    /// Wrapped text; `limit` lines at most (the last cut with `…`) unless verbose.
    mutating func text(_ text: String, first: String, rest: String, limit: Int? = nil) {
        let escaped = TerminalText.escape(text)
        if DisplayWidth.of(first + escaped) <= width {
            out.append(first + escaped)
            return
        }
        var lines = DisplayWidth.wrap(TerminalText.escape(text), width: width, first: first, rest: rest)
        if let limit, !verbose, lines.count > limit {
            lines = Array(lines.prefix(limit))
            lines[limit - 1] = DisplayWidth.clip(lines[limit - 1] + " …", to: width)
            if !lines[limit - 1].hasSuffix("…") { lines[limit - 1] += "…" }
        }
        out.append(contentsOf: lines)
    }

    /// One line, cut to the width.
    mutating func line(_ text: String) { out.append(DisplayWidth.clip(text, to: width)) }

    mutating func findingLines(_ finding: Finding) {
        var message = finding.id + w.colon + finding.message[language]
        if let fact = finding.evidence.first { message += w.paren(w.location(fact)) }
        text(message, first: "  " + paint.yellow("!") + " ", rest: "    ")
    }

    // MARK: sections

    mutating func verdict() {
        let label = w.t("text.verdict")
        guard let top = analysis.leader, !nothingRead else {
            text(
                w.t("text.nothing-to-diagnose"),
                first: paint.bold(label), rest: "  ")
            return
        }
        text(
            top.id + " " + Words.percent(top.probability) + w.t("text.dash") + top.title[language] + w.treeNote(top),
            first: paint.bold(label), rest: "  ")
        if let reason = top.support.first {
            var because = reason.title[language]
            if let fact = reason.evidence.first { because += w.paren(w.location(fact)) }
            text(because, first: "  " + w.t("text.because"), rest: "    ", limit: 2)
        } else {
            text(
                w.t("text.no-rule-speaks-for-it"),
                first: "  ", rest: "    ")
        }
    }

    mutating func stepHeading(_ rank: Int, _ step: NextStep) {
        text(
            step.id + w.t("text.dash") + step.procedure.title[language] + w.paren(w.cost(step.procedure.cost)),
            first: TextReport.pad("\(rank).", 3, right: true) + " ", rest: "      ")
    }

    mutating func firstStep() {
        section(w.t("text.next-step"))
        guard let step = analysis.nextSteps.first else {
            out.append("  " + w.t("text.no-next-step-to-suggest"))
            return
        }
        stepHeading(1, step)
        let known = InstructionPlaceholders.values(analysis)
        let steps = step.procedure.steps(in: language)
        if !steps.isEmpty {
            out.append("    " + w.t("text.customer"))
            let shown = verbose ? steps.count : TextReport.customerStepsShown
            for (n, s) in steps.prefix(shown).enumerated() {
                let prefix = "    \(n + 1). "
                text(
                    InstructionPlaceholders.fill(s.text, known), first: prefix,
                    rest: String(repeating: " ", count: prefix.count), limit: 2)
                if verbose {
                    for command in s.commands {
                        for commandLine in InstructionPlaceholders.fill(command, known).split(separator: "\n") {
                            text(String(commandLine), first: "         $ ", rest: "           ")
                        }
                    }
                }
            }
            if !verbose && (steps.count > shown || steps.contains(where: { !$0.commands.isEmpty })) {
                let more =
                    steps.count > shown
                    ? w.t("text.more-steps", steps.count - shown)
                    : ""
                text(w.t("text.more-hint", more), first: "    ", rest: "     ")
            }
        }
        if !step.reason[language].isEmpty {
            text(step.reason[language], first: "    " + w.t("text.why"), rest: "    ", limit: TextReport.reasonLines)
        }
    }

    mutating func hypotheses() {
        let top = Words.top(analysis)
        if nothingRead && !verbose {
            section(w.t("text.hypotheses-priors-only"))
            return
        }
        section(w.t("text.hypotheses"))
        let idWidth = min(max(top.map { DisplayWidth.of($0.id) }.max() ?? 0, 10), width - 24)
        let barWidth = width >= 100 ? 20 : 10
        for (rank, h) in top.enumerated() {
            let filled = Int((h.probability * Double(barWidth)).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            line(
                TextReport.pad("\(rank + 1).", 3, right: true) + " " + paint.bold(TextReport.pad(h.id, idWidth)) + " "
                    + TextReport.pad(Words.percent(h.probability), 6, right: true) + " " + bar)
            text(h.title[language] + w.treeNote(h), first: "    ", rest: "    ", limit: 2)
            let refinements = h.children.compactMap { analysis.hypothesis($0) }.filter { child in
                child.probability >= 0.01 && !top.contains { $0.id == child.id }
            }.sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.id < $1.id }
            if !refinements.isEmpty {
                text(
                    refinements.map { "\($0.id) \(Words.percent($0.probability))" }.joined(separator: ", "),
                    first: "    " + w.t("text.more-specific"), rest: "      ")
            }
            for (direction, fact) in Words.citedLines(h) {
                let mark = direction == .supports ? paint.green("+") : paint.red("−")
                var cited = ""
                if fact.provenance.file != Analyzer.observationFile, let text = fact.provenance.text {
                    cited = Words.clip(Words.compactLogLine(text), 400)
                }
                text(cited, first: "    \(mark) " + w.location(fact) + "  ", rest: "        ", limit: 2)
            }
        }
        line(
            "    " + TextReport.pad(w.t("text.other-not-explained"), idWidth) + " "
                + TextReport.pad(Words.percent(analysis.other.probability), 6, right: true))
    }

    mutating func otherSteps() {
        let rest = analysis.nextSteps.prefix(verbose ? analysis.nextSteps.count : TextReport.stepsShown).dropFirst()
        guard !rest.isEmpty else { return }
        section(w.t("text.then"))
        for (offset, step) in rest.enumerated() {
            stepHeading(offset + 2, step)
            if !step.reason[language].isEmpty {
                text(
                    step.reason[language], first: "    " + w.t("text.why"), rest: "    ",
                    limit: TextReport.reasonLines)
            }
        }
    }

    mutating func installs() {
        section(w.t("text.installs"))
        if analysis.installs.isEmpty { out.append("  " + w.t("text.no-install-attempts-found")) }
        // Updates with failures first (most failures first), then the rest, each in the order of the analysis.
        let ordered = analysis.installs.enumerated().sorted { a, b in
            a.element.failed != b.element.failed ? a.element.failed > b.element.failed : a.offset < b.offset
        }.map(\.element)
        for summary in ordered {
            line("  " + TextReport.pad(summary.kb, 10) + " " + w.installCounts(summary))
            let failed = summary.attempts.filter { $0.outcome == .failed }
            let shown = verbose ? summary.attempts : Array(failed.prefix(TextReport.failuresShown))
            for attempt in shown { attemptLine(attempt) }
            let more = failed.count - shown.filter { $0.outcome == .failed }.count
            if more > 0 {
                line("    … " + w.t("text.more-failed", more))
            }
        }
    }

    mutating func attemptLine(_ attempt: InstallAttempt) {
        var fields = [
            attempt.shownStart(labelLocal: mixedTimes) ?? "-", TextReport.pad(w.result(attempt.result), 9),
            attempt.channel
        ]
        if let hresult = attempt.hresult { fields.append(hresult) }
        if let setup = attempt.setupSummary { fields.append(setup) }
        fields.append(w.location(attempt.fact))
        var lines = ["    " + fields.joined(separator: "  ")]
        if !attempt.alsoIn.isEmpty {
            let also = w.t("text.also") + attempt.alsoIn.map { w.location($0) }.joined(separator: ", ")
            if DisplayWidth.of(lines[0] + "  " + also) <= width {
                lines[0] += "  " + also
            } else {
                lines += DisplayWidth.wrap(also, width: width, first: "        ", rest: "          ")
            }
        }
        if DisplayWidth.of(lines[0]) > width {
            // Too wide with its columns aligned: single spaces, then wrapped.
            var plain = fields
            plain[1] = w.result(attempt.result)
            lines =
                DisplayWidth.wrap(plain.joined(separator: " "), width: width, first: "    ", rest: "        ")
                + lines.dropFirst()
        }
        for l in lines {
            out.append(attempt.outcome == .failed ? paint.red(l) : attempt.outcome == .succeeded ? paint.green(l) : l)
        }
    }

    mutating func symptoms() {
        guard !analysis.symptoms.isEmpty else { return }
        section(w.t("text.symptoms"))
        for symptom in analysis.symptoms { text(symptom.message[language], first: "  • ", rest: "    ") }
    }

    mutating func machineAndSources() {
        out.append("")
        text(w.machineLine(analysis.machine), first: paint.bold(w.t("text.machine")), rest: "  ")
        text(w.sourcesLine(analysis.sources), first: paint.bold(w.t("text.sources")), rest: "  ")
        for source in analysis.sources where verbose || source.status == .skipped {
            var entry =
                TextReport.pad(source.status == .parsed ? w.t("text.parsed") : w.t("text.skipped"), 8)
                + " " + TextReport.pad(source.kind.rawValue, 15) + " " + TerminalText.escape(source.path)
            if source.status == .parsed {
                entry += w.t("text.lines", source.lines, source.encoding)
            } else if let reason = source.reason {
                entry += " — " + reason
            }
            text(entry, first: "  ", rest: "      ")
        }
        if !verbose && analysis.sources.contains(where: { $0.status == .parsed }) {
            out.append("  " + w.t("text.parsed-files-verbose"))
        }
        if !analysis.observations.isEmpty {
            text(
                analysis.observations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ", "), first: paint.bold(w.t("text.observations")), rest: "  ")
        }
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
