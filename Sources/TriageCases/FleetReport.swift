import TriageCore
import TriageEngine

/// `triage fleet` as text (a row per machine as it is analysed, then the groups), JSON and HTML.
package enum FleetReport {
    static let columns = (machine: 14, kb: 9, failures: 5, cause: 24, confidence: 4)

    package static func header(language: Language, words: UIText, width: Int) -> String {
        func t(_ key: String) -> String { words.string(key, language) }
        return line(
            [
                t("fleet.col-machine"), "KB", t("fleet.col-fails"), t("fleet.col-cause"), t("fleet.col-confidence"),
                t("fleet.col-step")
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
    package static func groupsText(_ rows: [FleetRow], language: Language, words: UIText, width: Int) -> String {
        var out = ["", words.string("fleet.groups-heading", language)]
        for group in FleetGroup.groups(rows) {
            out += DisplayWidth.wrap(group.label(language, words), width: width, first: "  ", rest: "    ")
            out += DisplayWidth.wrap(group.machines.joined(separator: ", "), width: width, first: "    ", rest: "    ")
        }
        let failing = rows.filter { $0.failures > 0 }.count
        out.append("")
        out.append(
            words.string(
                "fleet.summary", language, [FleetGroup.machines(rows.count, language, words), "\(failing)"]))
        return out.joined(separator: "\n") + "\n"
    }

    package static func jsonValue(_ rows: [FleetRow], language: Language, words: UIText) -> JSONValue {
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
                        "label": .string(group.label(language, words))
                    ])
                })
        ])
    }

    package static func html(_ rows: [FleetRow], language: Language, words: UIText, version: String) -> String {
        func t(_ key: String, _ arguments: String...) -> String { words.string(key, language, arguments) }
        func e(_ text: String) -> String { MarkupText.escape(text) }
        let title = t("fleet.html-title", "\(rows.count)")
        var out = ["<header><h1>\(e(title))</h1><p class=\"meta\" id=\"version\">\(e(version))</p></header>"]
        out.append("<h2>\(t("fleet.html-groups"))</h2><ol id=\"groups\">")
        for group in FleetGroup.groups(rows) {
            out.append(
                "<li><b>\(e(group.label(language, words)))</b><br><span class=\"cite\">\(e(group.machines.joined(separator: ", ")))</span></li>"
            )
        }
        out.append("</ol>")
        out.append(
            "<h2>\(t("fleet.html-machines"))</h2><table id=\"machines\"><tr><th>\(t("fleet.html-machine"))</th><th>KB</th>"
                + "<th>\(t("fleet.html-failures"))</th><th>\(t("fleet.html-cause"))</th><th>\(t("fleet.html-confidence"))</th>"
                + "<th>\(t("fleet.html-step"))</th></tr>")
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
