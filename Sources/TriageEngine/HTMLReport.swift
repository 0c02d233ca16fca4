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
    func t(_ en: String, _ zh: String) -> String { language == .zhCN ? zh : en }
    func e(_ text: String) -> String { MarkupText.escape(text) }
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }
    /// `12.35`: two decimals, for CSS lengths.
    static func fixed(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let rest = hundredths % 100
        return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest)"
    }

    mutating func render() -> String {
        let machine = analysis.machine.name ?? t("unknown machine", "未知计算机")
        let title = options.title ?? t("Update failure report: ", "更新失败报告：") + machine
        out.append("<header><h1>\(e(title))</h1>")
        var meta = [t("Machine ", "计算机 ") + machine]
        if let build = analysis.machine.osBuild { meta.append(t("build ", "版本 ") + build) }
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
            return e(t("observed ", "观察：") + (fact.provenance.text ?? ""))
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
        out.append("<h2>\(t("Verdict", "结论"))</h2>")
        guard let top = analysis.leader, !analysis.findings.contains(where: { $0.id == "no-servicing-log" }) else {
            out.append(
                "<div class=\"verdict\" id=\"verdict\">"
                    + t("Nothing to diagnose: no servicing or update log was read.", "无法诊断：未读取到任何维护或更新日志。")
                    + "</div>")
            return
        }
        var html =
            "<div class=\"verdict\" id=\"verdict\"><strong>\(e(top.title[language]))</strong> "
            + "(\(e(top.id)), \(Self.percent(top.probability)))"
        if let reason = top.support.first {
            html += "<br>" + t("Because: ", "依据：") + e(reason.title[language])
            if let fact = reason.evidence.first { html += " <span class=\"cite\">(\(cite(fact)))</span>" }
        }
        out.append(html + "</div>")
    }

    mutating func hypotheses() {
        out.append("<h2>\(t("Hypotheses", "假设"))</h2>")
        out.append(
            "<table id=\"hypotheses\"><tr><th>\(t("Cause", "原因"))</th><th>\(t("Probability", "概率"))</th>"
                + "<th>\(t("Strongest evidence", "最有力的证据"))</th></tr>")
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
        out.append("<h2>\(t("Next steps", "后续步骤"))</h2>")
        guard !analysis.nextSteps.isEmpty else {
            out.append("<p>\(t("No next step to suggest.", "无建议的后续步骤。"))</p>")
            return
        }
        let known = InstructionPlaceholders.values(analysis)
        out.append("<ol id=\"steps\">")
        for step in analysis.nextSteps.prefix(5) {
            let p = step.procedure
            var html =
                "<li><b>\(e(p.title[language]))</b> <span class=\"cite\">(\(e(p.id)), "
                + t("about \(p.cost.minutes) min", "约 \(p.cost.minutes) 分钟")
                + (p.cost.reboot ? t(", reboot", "，需重启") : "") + (p.cost.admin ? t(", admin", "，需管理员") : "")
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
        out.append("<h2>\(t("Install timeline (UTC)", "安装时间线（UTC）"))</h2>")
        guard !timeline.entries.isEmpty else {
            out.append("<p id=\"timeline\">\(t("No install attempt found.", "未发现安装尝试。"))</p>")
            return
        }
        if let offset = timeline.offset {
            let sign = offset < 0 ? "−" : "+"
            let hours = abs(offset) / 3600
            let minutes = abs(offset) / 60 % 60
            out.append(
                "<p class=\"meta\">"
                    + t(
                        "Local logs converted to UTC with the machine's offset UTC\(sign)\(hours)"
                            + (minutes > 0 ? ":\(minutes)" : "")
                            + " (the same attempt in an event log and a local log).",
                        "本地时间日志已按计算机时区 UTC\(sign)\(hours)" + (minutes > 0 ? ":\(minutes)" : "")
                            + " 换算为 UTC（依据同一次安装在事件日志和本地日志中的时间）。") + "</p>")
        }
        let times = timeline.entries.compactMap(\.utc)
        if let first = times.min(), let last = times.max() {
            var marks = ""
            for entry in timeline.entries {
                guard let utc = entry.utc else { continue }
                let x = last == first ? 50 : Double(utc - first) / Double(last - first) * 100
                let css =
                    entry.attempt.result == "failed" ? "failed" : entry.attempt.result == "succeeded" ? "" : "other"
                marks +=
                    "<i class=\"\(css)\" style=\"left:\(Self.fixed(x))%\" title=\"\(e(entry.kb + " " + (entry.utcText ?? "")))\"></i>"
            }
            out.append("<div class=\"axis\" aria-hidden=\"true\">\(marks)</div>")
            out.append("<p class=\"meta\">\(e(HTMLTimeline.text(first))) UTC — \(e(HTMLTimeline.text(last))) UTC</p>")
        }
        out.append(
            "<table id=\"timeline\"><tr><th>UTC</th><th>\(t("Local", "本地时间"))</th><th>KB</th>"
                + "<th>\(t("Result", "结果"))</th><th>\(t("Code", "代码"))</th><th>\(t("Channel", "渠道"))</th><th>\(t("Logs", "日志"))</th></tr>"
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
        out.append("<h2>\(t("Log views", "日志视图"))</h2>")
        out.append(
            "<p class=\"meta\">"
                + t(
                    "Open a citation to see ±\(HTMLLogViews.context) lines around the cited line.",
                    "点击引用可查看所引行前后各 \(HTMLLogViews.context) 行。") + "</p>")
        for view in views.views {
            var html = "<div class=\"log\" id=\"\(view.anchor)\"><b>\(e(view.file)):\(view.line)</b>"
            if view.fromFacts {
                html +=
                    " <span class=\"cite\">"
                    + t(
                        "(only the lines the readers kept: the log is inside an archive or binary)",
                        "（仅显示读取器保留的行：日志位于压缩包内或为二进制格式）") + "</span>"
            }
            html += "<pre>"
            for line in view.lines {
                let body = "<span class=\"ln\">\(line.number)</span>  \(e(line.text))"
                html += line.number == view.line ? "<span class=\"hit\">\(body)</span>" : body + "\n"
            }
            out.append(html + "</pre></div>")
        }
    }
}
