import TriageCore

/// Builds the "why" of a next step in both languages.
enum ReasonWriter {
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    static func remedy(leader: String, probability: Double, threshold: Double) -> LocalizedText {
        LocalizedText(
            en: "Remedy for \(leader), which leads with \(percent(probability)) (threshold \(percent(threshold))).",
            zh: "\(leader) 以 \(percent(probability)) 领先（阈值 \(percent(threshold))），采取其修复措施。")
    }

    /// A remedy's reason, followed by what its result would also tell when it is a test as well.
    static func remedy(leader: String, probability: Double, threshold: Double, alsoTells: LocalizedText?) -> LocalizedText {
        let head = remedy(leader: leader, probability: probability, threshold: threshold)
        guard let alsoTells else { return head }
        var values: [Language: String] = [:]
        for language in Language.allCases {
            let tail = alsoTells[language]
            values[language] = tail.isEmpty ? head[language] : head[language] + (language == .zhCN ? "" : " ") + tail
        }
        return LocalizedText(values)
    }

    static func observe(procedure: Procedure, outcomes: [OutcomeForecast], separates: [String], simulated: [Rule],
                        recommendedBy: [String]) -> LocalizedText {
        var values: [Language: String] = [:]
        for language in Language.allCases {
            let zh = language == .zhCN
            var parts: [String] = []
            var head = ""
            if separates.count >= 2 {
                let others = separates.dropFirst().joined(separator: zh ? "、" : ", ")
                head = zh ? "区分 \(separates[0]) 与 \(others)" : "Separates \(separates[0]) from \(others)"
            } else if separates.count == 1 {
                head = zh ? "检验 \(separates[0])" : "Tests \(separates[0])"
            }
            if !simulated.isEmpty {
                let logs = procedure.yields.logs.map(\.rawValue)
                let settles = outcomes.prefix(3).map { outcome -> String in
                    let title = "“" + outcome.meaning[language] + "”"
                    guard let favours = outcome.favours else { return title }
                    return zh ? "\(title)（⇒ \(favours)）" : "\(title) (⇒ \(favours))"
                }.joined(separator: zh ? "、" : ", ")
                let collects = logs.isEmpty ? "" : (zh ? "收集 " + logs.joined(separator: "、") + " " : "collects " + logs.joined(separator: ", ") + " ")
                let body = zh ? "\(collects)以判定\(settles)" : "\(collects)to settle \(settles)"
                parts.append(head.isEmpty ? body.capitalizedFirst : head + (zh ? "：" : ": ") + body)
            } else if !outcomes.isEmpty {
                // Outcomes over one observation read by value; over several (result and hash) by name=value.
                let names = Set(outcomes.map { $0.label.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0.label })
                let body = outcomes.map { outcome -> String in
                    let value = names.count > 1 ? outcome.label
                        : outcome.label.split(separator: "=", maxSplits: 1).last.map(String.init) ?? outcome.label
                    var meaning = outcome.meaning[language]
                    if meaning.isEmpty {
                        meaning = outcome.favours.map { zh ? "有利于 \($0)" : "favours \($0)" } ?? (zh ? "排序不变" : "changes nothing")
                    }
                    return "\(value) ⇒ \(meaning)"
                }.joined(separator: zh ? "；" : "; ")
                parts.append(head.isEmpty ? body : head + (zh ? "：" : ": ") + body)
            } else if !head.isEmpty {
                parts.append(head)
            }
            var text = parts.joined()
            if !text.isEmpty { text += zh ? "。" : "." }
            if !recommendedBy.isEmpty {
                let rules = recommendedBy.joined(separator: zh ? "、" : ", ")
                let nudge = zh ? "规则 \(rules) 建议此步骤。" : "Recommended by \(recommendedBy.count == 1 ? "rule" : "rules") \(rules)."
                text += text.isEmpty ? nudge : (zh ? nudge : " " + nudge)
            }
            values[language] = text
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
