import TriageCore
import TriageEngine

/// `triage fleet` as text (a row per machine as it is analysed, then the groups), JSON and HTML.
package enum FleetReport {
    static let columns = (machine: 14, kb: 9, failures: 5, cause: 24, confidence: 4)

    package static func header(language: Language, width: Int) -> String {
        let zh = language == .zhCN
        return line(
            [
                zh ? "计算机" : "MACHINE", "KB", zh ? "失败" : "FAILS", zh ? "首要原因" : "TOP CAUSE",
                zh ? "置信" : "CONF", zh ? "第一步" : "FIRST STEP"
            ], width: width)
    }

    /// One row, clipped to `width` columns.
    package static func row(_ row: FleetRow, width: Int) -> String {
        if let problem = row.problem {
            return DisplayWidth.clip(pad(row.machine, columns.machine) + " ! " + problem, to: width)
        }
        return line(
            [
                row.machine, row.kb ?? "-", "\(row.failures)", row.cause ?? "-",
                row.confidence.map { "\(Int(($0 * 100).rounded()))%" } ?? "-", row.step ?? "-"
            ], width: width)
    }

    static func line(_ cells: [String], width: Int) -> String {
        let c = columns
        let text =
            fit(cells[0], c.machine) + " " + fit(cells[1], c.kb) + " " + pad(cells[2], c.failures, right: true)
            + "  " + fit(cells[3], c.cause) + " " + pad(cells[4], c.confidence, right: true) + "  " + cells[5]
        return DisplayWidth.clip(text, to: width)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        return right ? gap + text : text + gap
    }

    static func fit(_ text: String, _ width: Int) -> String {
        pad(DisplayWidth.of(text) > width ? DisplayWidth.clip(text, to: width - 1) + "…" : text, width)
    }

    /// The groups after the rows: largest first, each with its machines.
    package static func groupsText(_ rows: [FleetRow], language: Language, width: Int) -> String {
        let zh = language == .zhCN
        var out = ["", zh ? "按诊断分组：" : "Groups by diagnosis:"]
        for group in FleetGroup.groups(rows) {
            out += DisplayWidth.wrap(group.label(language), width: width, first: "  ", rest: "    ")
            out += DisplayWidth.wrap(group.machines.joined(separator: ", "), width: width, first: "    ", rest: "    ")
        }
        let failing = rows.filter { $0.failures > 0 }.count
        out.append("")
        out.append(
            zh
                ? "\(rows.count) 台计算机，\(failing) 台有失败的安装"
                : "\(rows.count) machine\(rows.count == 1 ? "" : "s"), \(failing) with failed installs")
        return out.joined(separator: "\n") + "\n"
    }

    package static func jsonValue(_ rows: [FleetRow], language: Language) -> JSONValue {
        .object([
            "machines": .array(
                rows.map { row in
                    var object: [String: JSONValue] = [
                        "bundle": .string(row.bundle), "machine": .string(row.machine), "kb": .optional(row.kb),
                        "failures": .int(row.failures), "cause": .optional(row.cause),
                        "confidence": row.confidence.map { JSONValue.rounded($0) } ?? .null,
                        "step": .optional(row.step), "wsus": .optional(row.source)
                    ]
                    if let problem = row.problem { object["problem"] = .string(problem) }
                    return .object(object)
                }),
            "groups": .array(
                FleetGroup.groups(rows).map { group in
                    .object([
                        "cause": .string(group.key.cause), "wsus": .optional(group.key.source),
                        "step": .optional(group.key.step), "count": .int(group.machines.count),
                        "machines": .array(group.machines.map(JSONValue.string)),
                        "label": .string(group.label(language))
                    ])
                })
        ])
    }

    package static func html(_ rows: [FleetRow], language: Language, version: String) -> String {
        let zh = language == .zhCN
        func t(_ en: String, _ cn: String) -> String { zh ? cn : en }
        func e(_ text: String) -> String { MarkupText.escape(text) }
        let title = t("Fleet report: \(rows.count) machines", "机群报告：\(rows.count) 台计算机")
        var out = ["<header><h1>\(e(title))</h1><p class=\"meta\" id=\"version\">\(e(version))</p></header>"]
        out.append("<h2>\(t("Groups by diagnosis", "按诊断分组"))</h2><ol id=\"groups\">")
        for group in FleetGroup.groups(rows) {
            out.append(
                "<li><b>\(e(group.label(language)))</b><br><span class=\"cite\">\(e(group.machines.joined(separator: ", ")))</span></li>"
            )
        }
        out.append("</ol>")
        out.append(
            "<h2>\(t("Machines", "计算机"))</h2><table id=\"machines\"><tr><th>\(t("Machine", "计算机"))</th><th>KB</th>"
                + "<th>\(t("Failures", "失败"))</th><th>\(t("Top cause", "首要原因"))</th><th>\(t("Confidence", "置信度"))</th>"
                + "<th>\(t("First step", "第一步"))</th></tr>")
        for row in rows {
            let confidence =
                row.confidence.map { p -> String in
                    let width = Int((max(0, min(1, p)) * 100).rounded())
                    return "<div class=\"bar\"><span style=\"width:\(width)%\"></span></div>\(width)%"
                } ?? ""
            let cause =
                row.problem.map { "! " + e($0) }
                ?? "<b>\(e(row.causeTitle[language]))</b><br><span class=\"cite\">\(e(row.cause ?? ""))</span>"
            out.append(
                "<tr><td>\(e(row.machine))<br><span class=\"cite\">\(e(row.bundle))</span></td><td>\(e(row.kb ?? ""))</td>"
                    + "<td>\(row.failures)</td><td>\(cause)</td><td>\(confidence)</td>"
                    + "<td>\(e(row.stepTitle[language]))<br><span class=\"cite\">\(e(row.step ?? ""))</span></td></tr>")
        }
        out.append("</table>")
        return HTMLReport.document(title: title, language: language, body: out.joined(separator: "\n"))
    }
}
