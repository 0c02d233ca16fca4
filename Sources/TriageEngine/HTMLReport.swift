import TriageCore

/// `--format html`: the report as one self-contained HTML file (inline style and script, no link to
/// anything outside the file), to open offline or send as a mail attachment: the verdict, the hypotheses
/// with bars and their strongest citations, the next steps with their instructions, one install timeline
/// of every log on one UTC axis, and the log views (±20 lines around every cited line, escaped).
public enum HTMLReport {
    public struct Options: Sendable {
        public var language: Language = .en
        /// `triage 0.14.0, knowledge kb-…`.
        public var version: String = ""
        /// Heading; the machine name when nil.
        public var title: String?
        /// Lines shown before the report (the case history of `triage next`).
        public var preface: [String] = []
        public var lines: HTMLLogViews.LineSource?
        public var hypothesesShown = 8
        public init() {}
    }

    public static func render(_ analysis: Analysis, options: Options) -> String {
        var page = HTMLPage(analysis: analysis, options: options)
        return page.render()
    }

    /// A complete page around `body` (the fleet report uses it too).
    public static func document(title: String, language: Language, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language == .zhCN ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(MarkupText.escape(title))</title>
        <style>
        \(HTMLAssets.style)
        </style>
        </head>
        <body>
        \(body)
        <p id="selfcheck">selfcheck: not run</p>
        <script>
        \(HTMLAssets.script)
        </script>
        </body>
        </html>

        """
    }
}

private struct HTMLPage {
    let analysis: Analysis
    let options: HTMLReport.Options
    var views = HTMLLogViews()
    var out: [String] = []

    init(analysis: Analysis, options: HTMLReport.Options) {
        self.analysis = analysis
        self.options = options
    }

    var language: Language { options.language }
    func t(_ key: String, _ arguments: Any...) -> String {
        analysis.text.string(key, language, arguments.map { String(describing: $0) })
    }
    func e(_ text: String) -> String { MarkupText.escape(text) }
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }
    /// `12.35`: two decimals, for CSS lengths.
    static func fixed(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let rest = hundredths % 100
        return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest)"
    }

    mutating func render() -> String {
        let machine = analysis.machine.name ?? t("report.unknown-machine")
        let title = options.title ?? t("html.title") + machine
        out.append("<header><h1>\(e(title))</h1>")
        var meta = [t("html.machine") + machine]
        if let build = analysis.machine.osBuild { meta.append(t("report.build") + build) }
        meta.append(options.version)
        out.append("<p class=\"meta\" id=\"version\">\(e(meta.joined(separator: " · ")))</p></header>")
        for line in options.preface { out.append("<p class=\"meta\">\(e(line))</p>") }
        findings()
        verdict()
        hypotheses()
        steps()
        timeline()
        logViews()
        return HTMLReport.document(title: title, language: language, body: out.joined(separator: "\n"))
    }

    /// `<a href="#log-3">CBS.log:120</a>`, or the location as text when there is no view.
    mutating func cite(_ fact: Fact) -> String {
        if fact.provenance.file == Analyzer.observationFile {
            return e(t("report.observed") + (fact.provenance.text ?? ""))
        }
        let label = e("\(fact.provenance.file):\(fact.provenance.line)")
        guard let anchor = views.anchor(for: fact, evidence: analysis.evidence, source: options.lines) else {
            return label
        }
        return "<a href=\"#\(anchor)\">\(label)</a>"
    }

    mutating func findings() {
        for finding in analysis.findings {
            var line = "<div class=\"finding\"><b>\(e(finding.id))</b>: \(e(finding.message[language]))"
            if let fact = finding.evidence.first { line += " <span class=\"cite\">(\(cite(fact)))</span>" }
            out.append(line + "</div>")
        }
    }

    mutating func verdict() {
        out.append("<h2>\(t("html.verdict"))</h2>")
        guard let top = analysis.leader, !analysis.findings.contains(where: { $0.id == "no-servicing-log" }) else {
            out.append(
                "<div class=\"verdict\" id=\"verdict\">"
                    + t("html.nothing-to-diagnose")
                    + "</div>")
            return
        }
        var html =
            "<div class=\"verdict\" id=\"verdict\"><strong>\(e(top.title[language]))</strong> "
            + "(\(e(top.id)), \(Self.percent(top.probability)))"
        if let reason = top.support.first {
            html += "<br>" + t("html.because") + e(reason.title[language])
            if let fact = reason.evidence.first { html += " <span class=\"cite\">(\(cite(fact)))</span>" }
        }
        out.append(html + "</div>")
    }

    mutating func hypotheses() {
        out.append("<h2>\(t("html.hypotheses"))</h2>")
        out.append(
            "<table id=\"hypotheses\"><tr><th>\(t("html.cause"))</th><th>\(t("html.probability"))</th>"
                + "<th>\(t("html.strongest-evidence"))</th></tr>")
        for h in analysis.hypotheses.prefix(options.hypothesesShown) {
            let width = Self.fixed(max(0, min(1, h.probability)) * 100)
            var cites: [String] = []
            for (direction, fact) in Words.citedLines(h) {
                cites.append((direction == .supports ? "+ " : "− ") + cite(fact))
            }
            out.append(
                "<tr><td><b>\(e(h.title[language]))</b><br><span class=\"cite\">\(e(h.id))</span></td>"
                    + "<td><div class=\"bar\"><span style=\"width:\(width)%\"></span></div>"
                    + "\(Self.percent(h.probability))</td><td class=\"cite\">\(cites.joined(separator: "<br>"))</td></tr>"
            )
        }
        out.append("</table>")
    }

    mutating func steps() {
        out.append("<h2>\(t("html.next-steps"))</h2>")
        guard !analysis.nextSteps.isEmpty else {
            out.append("<p>\(t("html.no-next-step"))</p>")
            return
        }
        let known = InstructionPlaceholders.values(analysis)
        out.append("<ol id=\"steps\">")
        for step in analysis.nextSteps.prefix(5) {
            let p = step.procedure
            var html =
                "<li><b>\(e(p.title[language]))</b> <span class=\"cite\">(\(e(p.id)), "
                + t("html.about-min", p.cost.minutes)
                + (p.cost.reboot ? t("html.cost-reboot") : "") + (p.cost.admin ? t("html.cost-admin") : "")
                + ")</span><br>\(e(step.reason[language]))<ol class=\"steps\">"
            for s in p.steps(in: language) {
                html += "<li>\(e(InstructionPlaceholders.fill(s.text, known)))"
                for command in s.commands { html += "<pre>\(e(InstructionPlaceholders.fill(command, known)))</pre>" }
                html += "</li>"
            }
            out.append(html + "</ol></li>")
        }
        out.append("</ol>")
    }

    mutating func timeline() {
        let timeline = HTMLTimeline(analysis.installs)
        out.append("<h2>\(t("html.timeline"))</h2>")
        guard !timeline.entries.isEmpty else {
            out.append("<p id=\"timeline\">\(t("html.no-install"))</p>")
            return
        }
        if let offset = timeline.offset {
            let sign = offset < 0 ? "−" : "+"
            let hours = abs(offset) / 3600
            let minutes = abs(offset) / 60 % 60
            out.append(
                "<p class=\"meta\">"
                    + t("html.offset", "\(sign)\(hours)" + (minutes > 0 ? ":\(minutes)" : "")) + "</p>")
        }
        let times = timeline.entries.compactMap(\.utc)
        if let first = times.min(), let last = times.max() {
            var marks = ""
            for entry in timeline.entries {
                guard let utc = entry.utc else { continue }
                let x = last == first ? 50 : Double(utc - first) / Double(last - first) * 100
                let css =
                    entry.attempt.outcome == .failed ? "failed" : entry.attempt.outcome == .succeeded ? "" : "other"
                marks +=
                    "<i class=\"\(css)\" style=\"left:\(Self.fixed(x))%\" title=\"\(e(entry.kb + " " + (entry.utcText ?? "")))\"></i>"
            }
            out.append("<div class=\"axis\" aria-hidden=\"true\">\(marks)</div>")
            out.append("<p class=\"meta\">\(e(HTMLTimeline.text(first))) UTC — \(e(HTMLTimeline.text(last))) UTC</p>")
        }
        out.append(
            "<table id=\"timeline\"><tr><th>UTC</th><th>\(t("html.local"))</th><th>KB</th>"
                + "<th>\(t("html.result"))</th><th>\(t("html.code"))</th><th>\(t("html.channel"))</th><th>\(t("html.logs"))</th></tr>"
        )
        for entry in timeline.entries {
            let a = entry.attempt
            var logs = [cite(a.fact)]
            for other in a.alsoIn { logs.append(cite(other)) }
            let utcAttribute = entry.utc.map { " data-utc=\"\($0)\"" } ?? ""
            out.append(
                "<tr\(utcAttribute) data-kb=\"\(e(entry.kb))\"><td class=\"time\">\(e(entry.utcText ?? "?"))</td>"
                    + "<td class=\"time\">\(e(entry.localText ?? ""))</td><td>\(e(entry.kb))</td>"
                    + "<td class=\"\(e(a.result))\">\(e(a.result))</td><td>\(e(a.hresult ?? ""))</td>"
                    + "<td>\(e(a.channel + (a.setupSummary.map { " " + $0 } ?? "")))</td>"
                    + "<td class=\"cite\">\(logs.joined(separator: "<br>"))</td></tr>")
        }
        out.append("</table>")
    }

    mutating func logViews() {
        guard !views.views.isEmpty else { return }
        out.append("<h2>\(t("html.log-views"))</h2>")
        out.append(
            "<p class=\"meta\">"
                + t("html.open-citation", HTMLLogViews.context) + "</p>")
        for view in views.views {
            var html = "<div class=\"log\" id=\"\(view.anchor)\"><b>\(e(view.file)):\(view.line)</b>"
            if view.fromFacts {
                html +=
                    " <span class=\"cite\">"
                    + t("html.only-kept-lines") + "</span>"
            }
            html += "<pre>"
            for line in view.lines {
                let body = "<span class=\"ln\">\(line.number)</span>  \(e(line.text))"
                html += line.number == view.line ? "<span class=\"hit\">\(body)</span>" : body + "\n"
            }
            out.append(html + "</pre></div>")
        }
        if views.linesWithoutView > 0 {
            out.append(
                "<p class=\"meta\">" + t("html.views-capped", views.linesWithoutView, HTMLLogViews.maxViews) + "</p>")
        }
    }
}
