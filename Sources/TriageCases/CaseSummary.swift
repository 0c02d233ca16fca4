import TriageCore
import TriageEngine

/// The closing summary of a case mail: problem definition, summary, recommendations (as the seed's last mail).
package struct CaseSummary: Sendable, Hashable {
    package var problem: String
    package var summary: String
    package var recommendations: [String]
    package var language: Language
    /// The interface texts (`summary.*` in `ui-text.xml`).
    package var uiText: UIText

    package struct RankedTitle: Sendable, Hashable {
        package var id: String
        package var title: LocalizedText
        package var probability: Double
        package init(id: String, title: LocalizedText, probability: Double) {
            self.id = id
            self.title = title
            self.probability = probability
        }
    }

    /// - Parameters:
    ///   - hypotheses: the leading hypotheses, best first (two or three are quoted).
    ///   - steps: the recommended procedures, best first; the first one's numbered steps are quoted.
    package init(
        manifest: CaseManifest, state: CaseState, digest: EvidenceDigest, hypotheses: [RankedTitle],
        steps: [Procedure], language: Language
    ) {
        self.language = language
        uiText = state.text
        let w = CaseWords(text: state.text, language: language)
        problem =
            manifest.problem.isEmpty
            ? manifest.kb.map { w.t("summary.problem-kb", $0) } ?? w.t("summary.problem")
            : manifest.problem[language]
        summary = Self.summaryText(state: state, steps: steps, w: w)
        recommendations = Self.recommendations(
            manifest: manifest, state: state, digest: digest,
            hypotheses: hypotheses, steps: steps, language: language)
    }

    /// Plain text with the seed's three headings.
    package var text: String {
        let w = CaseWords(text: uiText, language: language)
        var lines = [
            w.t("summary.heading"), "----",
            w.t("summary.problem-definition"), problem,
            w.t("summary.summary"), summary,
            w.t("summary.recommendations")
        ]
        lines += recommendations
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryText(state: CaseState, steps: [Procedure], w: CaseWords) -> String {
        let outstanding = state.outstanding.filter { !$0.value.isEmpty }
        guard !outstanding.isEmpty else { return w.t("summary.waiting") }
        let parts = outstanding.keys.sorted().map { id -> String in
            let asks = outstanding[id]!
            let title = steps.first { $0.id == id }?.title[w.language] ?? id
            return w.t("summary.requested", title, asks.count, asks[0].date.day)
        }
        return w.t("summary.not-yet-performed", parts.joined(separator: w.t("summary.item-separator")))
    }

    static func recommendations(
        manifest: CaseManifest, state: CaseState, digest: EvidenceDigest,
        hypotheses: [RankedTitle], steps: [Procedure], language: Language
    ) -> [String] {
        let w = CaseWords(text: state.text, language: language)
        var lines: [String] = []
        if let latest = state.latestSubmission {
            let machine = digest.machine ?? state.machines[latest.id]
            let kb = digest.failedKBs.first ?? manifest.kb ?? w.t("summary.the-update")
            let source = digest.updateSources.first
            lines.append(
                w.t(
                    "summary.logs-show", latest.date.day, machine.map { w.t("summary.machine-part", $0) } ?? "", kb,
                    source.map { w.t("summary.wsus-part", $0) } ?? ""))
        }
        for log in Set(digest.codes.map(\.log)).sorted() {
            let rows = digest.codes.filter { $0.log == log }
            let list = rows.map { "\($0.count)× \($0.code)" }.joined(separator: w.t("summary.code-separator"))
            lines.append(w.t("summary.codes", log, list))
            for r in rows {
                let meaning = r.meaning[language]
                guard !meaning.isEmpty else { continue }
                let sym = r.symbol.isEmpty ? "" : " \(r.symbol)"
                lines.append(w.t("summary.code-meaning", r.code, sym, meaning))
            }
        }
        let leading = hypotheses.prefix(2)
        if !leading.isEmpty {
            let list = leading.map {
                w.t("summary.hypothesis-item", $0.title[language], formatProbability($0.probability))
            }
            lines.append(w.t("summary.most-likely", list.joined(separator: w.t("summary.or"))))
        }
        if let first = steps.first {
            lines.append(w.t("summary.recommended", first.title[language]))
            // The case's update (or the one update the bundle shows failing) and its WSUS server go into the steps.
            var known: [String: String] = [:]
            if let kb = manifest.kb ?? (digest.failedKBs.count == 1 ? digest.failedKBs[0] : nil) { known["<kb>"] = kb }
            if digest.updateSources.count == 1 { known["<wsus>"] = digest.updateSources[0] }
            for (i, step) in first.steps(in: language).enumerated() {
                lines.append("\(i + 1)) \(InstructionPlaceholders.fill(step.text, known))")
                for c in step.commands { lines.append("   \(InstructionPlaceholders.fill(c, known))") }
            }
        }
        return lines
    }
}
