import Foundation
import TriageCore
import TriageEngine

/// The reply to the customer's engineer (`--format mail`): what the logs show (two to four sentences with
/// the decisive codes, the update and the dates), what to do (the first next step's numbered instructions
/// with their exact commands), and what to send back. Plain text; no probabilities, no rule ids.
package enum MailReport {
    package static func render(_ analysis: Analysis, knowledge: KnowledgeBase, language: Language = .en) -> String {
        let zh = language == .zhCN
        func t(_ key: String, _ arguments: String...) -> String { knowledge.uiText.string(key, language, arguments) }
        var out: [String] = [t("mail.hello"), ""]
        out += findings(analysis, knowledge: knowledge, zh: zh)

        let known = InstructionPlaceholders.values(analysis)
        if let step = analysis.nextSteps.first {
            let procedure = step.procedure
            out.append("")
            out.append(
                t("mail.do-following", zh ? procedure.title[language] : lowerFirst(procedure.title[language])))
            for (n, s) in procedure.steps(in: language).enumerated() {
                out.append(t("mail.step", "\(n + 1)", InstructionPlaceholders.fill(s.text, known)))
                for command in s.commands {
                    for line in InstructionPlaceholders.fill(command, known).split(separator: "\n") {
                        out.append("   " + line)
                    }
                }
            }
            let back = sendBack(procedure, knowledge: knowledge, language: language)
            if !back.isEmpty {
                out.append("")
                out.append(t("mail.send-us"))
                out += back.map { "- " + $0 }
            }
        }
        out.append("")
        out.append(t("mail.questions"))
        return out.joined(separator: "\n") + "\n"
    }

    /// Two to four sentences: the update and how it failed, the codes, the likely cause.
    static func findings(_ analysis: Analysis, knowledge: KnowledgeBase, zh: Bool) -> [String] {
        let language: Language = zh ? .zhCN : .en
        func t(_ key: String, _ arguments: String...) -> String { knowledge.uiText.string(key, language, arguments) }
        if analysis.findings.contains(where: { $0.id == "no-servicing-log" }) {
            return [t("mail.no-servicing-log")]
        }
        var sentences: [String] = []
        let machine = analysis.machine.name.map { t("mail.machine", $0) } ?? ""
        let failing = analysis.installs.filter { $0.failed > 0 }
        if let summary = failing.first {
            let digest = EvidenceDigest(
                facts: analysis.evidence.facts, machine: analysis.machine.name,
                catalog: knowledge.errorCodes)
            sentences.append(failedSentence(summary, machine: machine, digest: digest, knowledge: knowledge, language))
        } else if let done = analysis.installs.first(where: { $0.succeeded > 0 }) {
            let day = done.attempts.first { $0.outcome == .succeeded }?.started.map { String($0.prefix(10)) }
            sentences.append(t("mail.succeeded", machine, done.kb, day.map { t("mail.on-day", $0) } ?? ""))
        } else {
            sentences.append(t("mail.no-install", machine))
        }
        if let codes = codesSentence(failing, knowledge: knowledge, zh: zh) { sentences.append(codes) }

        if let top = analysis.leader, top.id != "no-failure-captured", !failing.isEmpty {
            let second = analysis.hypotheses.dropFirst().first {
                $0.probability >= 0.15 && $0.parent != top.id && top.parent != $0.id && $0.id != "no-failure-captured"
            }
            func clause(_ title: String) -> String { zh ? trimPeriod(title) : lowerFirst(trimPeriod(title)) }
            var cause = t("mail.likely-cause", clause(top.title[language]))
            if let second {
                cause += t("mail.also-possible", clause(second.title[language]))
            }
            sentences.append(cause + t("mail.period"))
        } else if failing.isEmpty {
            sentences.append(t("mail.confirm-update"))
        }
        return sentences
    }

    /// The first failing update: how it was installed, on which day(s), how many times.
    private static func failedSentence(
        _ summary: InstallSummary, machine: String, digest: EvidenceDigest, knowledge: KnowledgeBase,
        _ language: Language
    ) -> String {
        func t(_ key: String, _ arguments: String...) -> String { knowledge.uiText.string(key, language, arguments) }
        let days = summary.attempts.filter { $0.outcome == .failed }.compactMap {
            $0.started.map { String($0.prefix(10)) }
        }.sorted()
        let span: String
        if let first = days.first, let last = days.last {
            span =
                first == last
                ? t("mail.span-day", first)
                : t("mail.span-days", first, last)
        } else {
            span = ""
        }
        let channels = Set(summary.attempts.filter { $0.outcome == .failed }.map(\.channel))
        let wsus = digest.updateSources.first
        let how: String
        if channels == ["wsus"] || (channels.contains("wsus") && wsus != nil) {
            how = t("mail.how-wsus", wsus.map { t("report.paren", $0) } ?? "")
        } else if channels == ["offline-msu"] || channels == ["dism"] {
            how = t("mail.how-offline")
        } else if channels == ["windows-update"] {
            how = t("mail.how-windows-update")
        } else {
            how = ""
        }
        let times = summary.failed
        let count = times == 1 ? t("mail.once") : t("mail.times", "\(times)")
        return t("mail.failed", machine, summary.kb, how, span, count)
    }

    /// The decisive codes: those of the failed attempts, most frequent first, with their short meanings; nil
    /// when nothing failed or no failed attempt has a code.
    private static func codesSentence(_ failing: [InstallSummary], knowledge: KnowledgeBase, zh: Bool) -> String? {
        let language: Language = zh ? .zhCN : .en
        func t(_ key: String, _ arguments: String...) -> String { knowledge.uiText.string(key, language, arguments) }
        guard !failing.isEmpty else { return nil }
        let attempts = failing.flatMap { $0.attempts.filter { $0.outcome == .failed } }
        var counts: [String: Int] = [:]
        for a in attempts { if let h = a.hresult { counts[displayCode(h), default: 0] += 1 } }
        let logs = Set(
            attempts.flatMap { [$0.fact] + $0.alsoIn }.map { fact in
                fact.provenance.file.split(separator: "/").last.map(String.init) ?? fact.provenance.file
            }
        ).sorted()
        let list = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4)
            .map { code, n -> String in
                let meaning =
                    HRESULT(parsing: code).flatMap { h in knowledge.errorCodes.first { $0.code == h } }
                    .map { shortMeaning($0.meaning[language]) } ?? ""
                return t("mail.code-count", "\(n)", code)
                    + (meaning.isEmpty ? "" : t("report.paren", zh ? meaning : lowerFirst(meaning)))
            }
        guard !list.isEmpty else { return nil }
        let separator = t("mail.list-separator")
        let names =
            logs.count > 1
            ? logs.dropLast().joined(separator: separator) + t("mail.list-and") + logs.last! : logs.joined()
        return t("mail.codes", names, list.joined(separator: separator))
    }

    /// What the customer sends back: the observations the step yields, and the logs (with the current collector).
    static func sendBack(_ procedure: Procedure, knowledge: KnowledgeBase, language: Language) -> [String] {
        let zh = language == .zhCN
        func t(_ key: String, _ arguments: String...) -> String { knowledge.uiText.string(key, language, arguments) }
        // A yes/no observation is asked as a question; any other as the value to report.
        var items = procedure.yields.observations.compactMap { name -> String? in
            guard let spec = knowledge.observations.first(where: { $0.name == name }) else { return nil }
            let title = trimPeriod(spec.title[language])
            guard Set(spec.values) == ["true", "false"] else { return title }
            return t("mail.yes-no", zh ? title : lowerFirst(title))
        }
        if !procedure.yields.logs.isEmpty {
            let collector = knowledge.tools.sorted { $0.id < $1.id }.lazy
                .compactMap { tool in tool.versions.first { $0.current }?.files.first }.first
            let tool = collector.map { t("mail.made-with", $0) } ?? ""
            items.append(t("mail.log-bundle", tool))
        }
        return items.map { zh ? $0 : upperFirst($0) }
    }

    /// A catalog meaning cut to its first clause, without parenthetical asides.
    static func shortMeaning(_ text: String) -> String {
        var cut = String(text.prefix { $0 != ";" && $0 != "；" })
        var out = ""
        var depth = 0
        for c in cut {
            if c == "(" || c == "（" {
                depth += 1
                continue
            }
            if c == ")" || c == "）" {
                depth = max(0, depth - 1)
                continue
            }
            if depth == 0 { out.append(c) }
        }
        cut = trimPeriod(out.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces))
        return cut.trimmingCharacters(in: .whitespaces)
    }

    static func displayCode(_ code: String) -> String {
        guard code.hasPrefix("0x") else { return code }
        return "0x" + code.dropFirst(2).uppercased()
    }

    static func trimPeriod(_ text: String) -> String {
        var t = text
        while let last = t.last, last == "." || last == "。" { t.removeLast() }
        return t
    }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase else { return text }
        // Keep acronyms and product names (WSUS, Windows) as they are.
        let word = text.prefix { $0 != " " }
        if word.count > 1, word.dropFirst().contains(where: { $0.isUppercase }) { return text }
        if ["Windows", "Microsoft", "DISM", "CBS", "Procmon"].contains(String(word)) { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func upperFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
