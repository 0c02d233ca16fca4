import Foundation
import TriageCore
import TriageEngine

/// The reply to the customer's engineer (`--format mail`): what the logs show (two to four sentences with
/// the decisive codes, the update and the dates), what to do (the first next step's numbered instructions
/// with their exact commands), and what to send back. Plain text; no probabilities, no rule ids.
package enum MailReport {
    package static func render(_ analysis: Analysis, knowledge: KnowledgeBase, language: Language = .en) -> String {
        let zh = language == .zhCN
        func t(_ en: String, _ cn: String) -> String { zh ? cn : en }
        var out: [String] = [t("Hello,", "您好："), ""]
        out += findings(analysis, knowledge: knowledge, zh: zh)

        let known = InstructionPlaceholders.values(analysis)
        if let step = analysis.nextSteps.first {
            let procedure = step.procedure
            out.append("")
            out.append(
                t(
                    "Please ask the user to do the following (\(lowerFirst(procedure.title[language]))):",
                    "请用户按以下步骤操作（\(procedure.title[language])）："))
            for (n, s) in procedure.steps(in: language).enumerated() {
                out.append(
                    zh
                        ? "\(n + 1)）\(InstructionPlaceholders.fill(s.text, known))"
                        : "\(n + 1). \(InstructionPlaceholders.fill(s.text, known))")
                for command in s.commands {
                    for line in InstructionPlaceholders.fill(command, known).split(separator: "\n") {
                        out.append("   " + line)
                    }
                }
            }
            let back = sendBack(procedure, knowledge: knowledge, language: language)
            if !back.isEmpty {
                out.append("")
                out.append(t("Afterwards, please send us:", "完成后请提供以下信息："))
                out += back.map { "- " + $0 }
            }
        }
        out.append("")
        out.append(t("If you have any questions, please let me know.", "如有任何疑问，欢迎随时与我联系。"))
        return out.joined(separator: "\n") + "\n"
    }

    /// Two to four sentences: the update and how it failed, the codes, the likely cause.
    static func findings(_ analysis: Analysis, knowledge: KnowledgeBase, zh: Bool) -> [String] {
        let language: Language = zh ? .zhCN : .en
        if analysis.findings.contains(where: { $0.id == "no-servicing-log" }) {
            return [
                zh
                    ? "您上传的文件中没有可以读取的维护或更新日志（CBS.log、WindowsUpdate.log 或事件日志），因此还无法判断安装失败的原因。"
                    : "The files you uploaded contain no servicing or update log we can read (CBS.log, WindowsUpdate.log or the event logs), so we cannot yet tell why the install fails."
            ]
        }
        var sentences: [String] = []
        let digest = EvidenceDigest(
            facts: analysis.evidence.facts, machine: analysis.machine.name,
            catalog: knowledge.errorCodes)
        let machine = analysis.machine.name.map { zh ? "（计算机 \($0)）" : " (machine \($0))" } ?? ""
        let failing = analysis.installs.filter { $0.failed > 0 }
        if let summary = failing.first {
            let days = summary.attempts.filter { $0.result == "failed" }.compactMap {
                $0.started.map { String($0.prefix(10)) }
            }.sorted()
            let span: String
            if let first = days.first, let last = days.last {
                span =
                    first == last
                    ? (zh ? "在 \(first) " : " on \(first)")
                    : (zh ? "在 \(first) 至 \(last) 期间" : " between \(first) and \(last)")
            } else {
                span = ""
            }
            let channels = Set(summary.attempts.filter { $0.result == "failed" }.map(\.channel))
            let wsus = digest.updateSources.first
            let how: String
            if channels == ["wsus"] || (channels.contains("wsus") && wsus != nil) {
                how =
                    zh
                    ? "通过 WSUS\(wsus.map { "（\($0)）" } ?? "")获取、在线安装，"
                    : ", obtained from WSUS\(wsus.map { " (\($0))" } ?? "") and installed online,"
            } else if channels == ["offline-msu"] || channels == ["dism"] {
                how = zh ? "离线安装，" : ", installed offline,"
            } else if channels == ["windows-update"] {
                how = zh ? "通过 Windows 更新在线安装，" : ", installed online from Windows Update,"
            } else {
                how = zh ? "" : ""
            }
            let times = summary.failed
            sentences.append(
                zh
                    ? "您上传的日志\(machine)显示，更新 \(summary.kb) \(how)\(span)共安装失败 \(times) 次。"
                    : "The logs you uploaded\(machine) show \(summary.kb)\(how) failing to install \(times == 1 ? "once" : "\(times) times")\(span)."
            )
        } else if let done = analysis.installs.first(where: { $0.succeeded > 0 }) {
            let day = done.attempts.first { $0.result == "succeeded" }?.started.map { String($0.prefix(10)) }
            sentences.append(
                zh
                    ? "您上传的日志\(machine)中没有更新安装失败的记录；可以看到 \(done.kb) \(day.map { "于 \($0) " } ?? "")安装成功。"
                    : "The logs you uploaded\(machine) record no failed update install; they show \(done.kb) installed successfully\(day.map { " on \($0)" } ?? "")."
            )
        } else {
            sentences.append(
                zh
                    ? "您上传的日志\(machine)中没有更新安装的记录。"
                    : "The logs you uploaded\(machine) record no update install.")
        }

        // The decisive codes: those of the failed attempts, most frequent first, with their short meanings.
        if !failing.isEmpty {
            let attempts = failing.flatMap { $0.attempts.filter { $0.result == "failed" } }
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
                    if zh { return "\(n) 次 \(code)" + (meaning.isEmpty ? "" : "（\(meaning)）") }
                    return "\(n)× \(code)" + (meaning.isEmpty ? "" : " (\(lowerFirst(meaning)))")
                }
            if !list.isEmpty {
                let names =
                    zh
                    ? logs.joined(separator: "、")
                    : logs.count > 1 ? logs.dropLast().joined(separator: ", ") + " and " + logs.last! : logs.joined()
                sentences.append(
                    zh
                        ? "\(names) 中记录的失败错误代码为：" + list.joined(separator: "、") + "。"
                        : "The failure codes in \(names) are " + list.joined(separator: ", ") + ".")
            }
        }

        if let top = analysis.leader, top.id != "no-failure-captured", !failing.isEmpty {
            let second = analysis.hypotheses.dropFirst().first {
                $0.probability >= 0.15 && $0.parent != top.id && top.parent != $0.id && $0.id != "no-failure-captured"
            }
            var cause =
                zh
                ? "从这些日志判断，最可能的原因是：\(trimPeriod(top.title[language]))"
                : "From these logs, the most likely cause is: \(lowerFirst(trimPeriod(top.title[language])))"
            if let second {
                cause +=
                    zh
                    ? "；也不排除：\(trimPeriod(second.title[language]))"
                    : "; it may also be that \(lowerFirst(trimPeriod(second.title[language])))"
            }
            sentences.append(cause + (zh ? "。" : "."))
        } else if failing.isEmpty {
            sentences.append(
                zh
                    ? "请先确认是哪个更新安装失败，并在故障机上复现。"
                    : "Please first confirm which update fails, and reproduce the failure on the affected machine.")
        }
        return sentences
    }

    /// What the customer sends back: the observations the step yields, and the logs (with the current collector).
    static func sendBack(_ procedure: Procedure, knowledge: KnowledgeBase, language: Language) -> [String] {
        let zh = language == .zhCN
        // A yes/no observation is asked as a question; any other as the value to report.
        var items = procedure.yields.observations.compactMap { name -> String? in
            guard let spec = knowledge.observations.first(where: { $0.name == name }) else { return nil }
            let title = trimPeriod(spec.title[language])
            guard Set(spec.values) == ["true", "false"] else { return title }
            return zh ? title + "（是/否）" : "whether " + lowerFirst(title)
        }
        if !procedure.yields.logs.isEmpty {
            let collector = knowledge.tools.sorted { $0.id < $1.id }.lazy
                .compactMap { tool in tool.versions.first { $0.current }?.files.first }.first
            let tool = collector.map { zh ? "用 \($0) " : " made with \($0)" } ?? (zh ? "" : "")
            items.append(
                zh
                    ? "测试后\(tool)收集的日志压缩包，以及故障发生的时间和计算机名"
                    : "the log bundle\(tool) after the test, with the time of the failure and the machine name")
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
