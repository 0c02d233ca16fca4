import TriageCore

/// Builds the "why" of a next step in every language, from the `reason.*` texts of `ui-text.xml`.
enum ReasonWriter {
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    static func remedy(leader: String, probability: Double, threshold: Double, text: UIText) -> LocalizedText {
        text.localized("reason.remedy", [leader, percent(probability), percent(threshold)])
    }

    /// A remedy's reason, followed by what its result would also tell when it is a test as well.
    static func remedy(
        leader: String, probability: Double, threshold: Double, alsoTells: LocalizedText?,
        text: UIText
    ) -> LocalizedText {
        let head = remedy(leader: leader, probability: probability, threshold: threshold, text: text)
        guard let alsoTells else { return head }
        var values: [Language: String] = [:]
        for language in Language.allCases {
            let tail = alsoTells[language]
            values[language] =
                tail.isEmpty
                ? head[language]
                : text.string("reason.sentences", language, [head[language], tail])
        }
        return LocalizedText(values)
    }

    static func observe(
        procedure: Procedure, outcomes: [OutcomeForecast], separates: [String], simulated: [Rule],
        recommendedBy: [String], text: UIText
    ) -> LocalizedText {
        var values: [Language: String] = [:]
        for language in Language.allCases {
            func t(_ key: String, _ arguments: String...) -> String { text.string(key, language, arguments) }
            let list = t("reason.list-separator")
            var parts: [String] = []
            var head = ""
            if separates.count >= 2 {
                head = t("reason.separates", separates[0], separates.dropFirst().joined(separator: list))
            } else if separates.count == 1 {
                head = t("reason.tests", separates[0])
            }
            if !simulated.isEmpty {
                let logs = procedure.yields.logs.map(\.rawValue)
                let settles = outcomes.prefix(3).map { outcome -> String in
                    let title = "“" + outcome.meaning[language] + "”"
                    guard let favours = outcome.favours else { return title }
                    return t("reason.outcome-favours", title, favours)
                }.joined(separator: list)
                let collects = logs.isEmpty ? "" : t("reason.collects", logs.joined(separator: list))
                let body = t("reason.to-settle", collects, settles)
                parts.append(head.isEmpty ? body.capitalizedFirst : t("reason.head-body", head, body))
            } else if !outcomes.isEmpty {
                // Outcomes over one observation read by value; over several (result and hash) by name=value.
                let names = Set(
                    outcomes.map { $0.label.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0.label })
                let body = outcomes.map { outcome -> String in
                    let value =
                        names.count > 1
                        ? outcome.label
                        : outcome.label.split(separator: "=", maxSplits: 1).last.map(String.init) ?? outcome.label
                    var meaning = outcome.meaning[language]
                    if meaning.isEmpty {
                        meaning = outcome.favours.map { t("reason.favours", $0) } ?? t("reason.changes-nothing")
                    }
                    return "\(value) ⇒ \(meaning)"
                }.joined(separator: t("reason.outcome-separator"))
                parts.append(head.isEmpty ? body : t("reason.head-body", head, body))
            } else if !head.isEmpty {
                parts.append(head)
            }
            var sentence = parts.joined()
            if !sentence.isEmpty { sentence += t("reason.full-stop") }
            if !recommendedBy.isEmpty {
                let rules = recommendedBy.joined(separator: list)
                let nudge =
                    recommendedBy.count == 1
                    ? t("reason.recommended-by-rule", rules)
                    : t("reason.recommended-by-rules", rules)
                sentence = sentence.isEmpty ? nudge : t("reason.sentences", sentence, nudge)
            }
            values[language] = sentence
        }
        return LocalizedText(values)
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
