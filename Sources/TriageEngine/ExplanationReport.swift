import TriageCore

/// Text and JSON renderings of explanations.
public enum ExplanationReport {
    public static func text(_ how: HowExplanation, language: Language = .en) -> String {
        let w = Words(language: language, text: how.text)
        let h = how.hypothesis
        var out: [String] = []
        out.append("\(h.id) — \(h.title[language])")
        out.append(w.t("explain.rank", how.rank, Words.percent(h.prior), Words.percent(h.probability)))
        let factors = (h.support + h.against).map { "×" + MarkdownReport.factor($0.factor) }.joined(separator: " ")
        out.append(
            w.t("explain.weight-prior", MarkdownReport.factor(h.prior))
                + (factors.isEmpty ? "" : " " + factors) + " = " + MarkdownReport.factor(how.weight)
                + w.t("explain.probability", MarkdownReport.factor(how.total)))
        for c in h.support + h.against {
            let mark = c.direction == .supports ? "+" : "−"
            var line = "  \(mark) ×\(MarkdownReport.factor(c.factor))  \(c.rule) (\(c.strength.rawValue)"
            if c.shared { line += w.t("explain.shares-evidence") }
            line += ") — " + c.title[language]
            out.append(line)
            for fact in c.evidence {
                var cite = "      " + w.location(fact)
                if fact.provenance.file != Analyzer.observationFile, let text = fact.provenance.text {
                    cite += "  " + Words.clip(text)
                }
                out.append(cite)
            }
        }
        if h.support.isEmpty && h.against.isEmpty { out.append("  " + w.t("explain.no-rule-fired-for-it")) }
        for m in h.missing {
            out.append("  ? \(m.rule) (\(m.direction.rawValue) \(m.strength.rawValue)) — " + m.title[language])
            for leaf in m.unknown {
                var line =
                    "      " + ConditionText.describe(leaf.condition, language, how.text) + ": " + leaf.reason[language]
                if !leaf.procedures.isEmpty { line += w.t("explain.arrow") + leaf.procedures.joined(separator: ", ") }
                out.append(line)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func text(_ why: WhyNotExplanation, language: Language = .en) -> String {
        let w = Words(language: language, text: why.text)
        var out = ["\(why.rule) — \(why.title[language])"]
        switch why.truth {
        case .true:
            out.append(w.t("explain.the-rule-fired-citing"))
            for fact in why.citations {
                out.append("  " + w.location(fact) + (fact.provenance.text.map { "  " + Words.clip($0) } ?? ""))
            }
            return out.joined(separator: "\n") + "\n"
        case .false: out.append(w.t("explain.not-fired-false"))
        case .unknown: out.append(w.t("explain.not-fired-unknown"))
        }
        if let blocker = why.blocker {
            out.append(
                w.t("explain.first-condition-that")
                    + (why.truth == .false ? w.t("explain.failed") : w.t("explain.was-unknown"))
                    + w.t("explain.colon") + ConditionText.describe(blocker, language, why.text))
            if why.path.count > 1 {
                out.append(
                    w.t("explain.within")
                        + why.path.dropLast().map { shortLabel($0, why.text) }.joined(separator: " › "))
            }
            out.append(w.t("explain.because") + why.detail[language])
        }
        if !why.procedures.isEmpty {
            out.append(w.t("explain.would-be-decided-by") + why.procedures.joined(separator: ", "))
        }
        if !why.nearest.isEmpty {
            out.append(w.t("explain.nearest-facts"))
            for near in why.nearest {
                var line = "  " + w.location(near.fact)
                if let predicate = near.predicate {
                    line +=
                        w.t("explain.fails") + ConditionText.describe(predicate, language, why.text)
                        + w.t("explain.actual") + (near.actual ?? w.t("explain.missing")) + w.t("explain.close-paren")
                }
                if let text = near.fact.provenance.text, near.fact.provenance.file != Analyzer.observationFile {
                    line += "  " + Words.clip(text, 80)
                }
                out.append(line)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ how: HowExplanation, language: Language = .en) -> String {
        let h = how.hypothesis
        return JSONValue.object([
            "hypothesis": .string(h.id), "title": .string(h.title[language]), "rank": .int(how.rank),
            "prior": .rounded(h.prior), "probability": .rounded(h.probability),
            "weight": .rounded(how.weight, places: 6), "total": .rounded(how.total, places: 6),
            "support": .array(h.support.map { JSONReport.contribution($0, language) }),
            "against": .array(h.against.map { JSONReport.contribution($0, language) }),
            "missing": .array(
                h.missing.map { m in
                    .object([
                        "rule": .string(m.rule), "title": .string(m.title[language]),
                        "direction": .string(m.direction.rawValue), "strength": .string(m.strength.rawValue),
                        "unknown": .array(m.unknown.map { JSONReport.unknownLeaf($0, language, how.text) })
                    ])
                })
        ]).rendered()
    }

    public static func json(_ why: WhyNotExplanation, language: Language = .en) -> String {
        JSONValue.object([
            "rule": .string(why.rule), "title": .string(why.title[language]), "truth": .string(why.truth.rawValue),
            "blocker": why.blocker.map { .string(ConditionText.describe($0, language, why.text)) } ?? .null,
            "path": .array(why.path.map { .string(shortLabel($0, why.text)) }),
            "detail": .string(why.detail[language]),
            "procedures": .array(why.procedures.map(JSONValue.string)),
            "nearest": .array(
                why.nearest.map { near in
                    var object: [String: JSONValue] = [
                        "evidence": JSONReport.evidence(near.fact),
                        "actual": .optional(near.actual)
                    ]
                    object["predicate"] =
                        near.predicate.map { .string(ConditionText.describe($0, language, why.text)) } ?? .null
                    return .object(object)
                }),
            "citations": .array(why.citations.map(JSONReport.evidence))
        ]).rendered()
    }

    /// `all`, `any`, `not`, or the leaf in words (English: structure words are the XML element names).
    static func shortLabel(_ condition: Condition, _ text: UIText) -> String {
        switch condition.node {
        case .all: "all"
        case .any: "any"
        case .not: "not"
        default: ConditionText.describe(condition, .en, text)
        }
    }
}
