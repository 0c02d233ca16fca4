import Foundation
import TriageCore

/// Fixed strings and formatting shared by the reports.
struct Words {
    let language: Language
    var zh: Bool { language == .zhCN }
    func callAsFunction(_ en: String, _ zh: String) -> String { self.zh ? zh : en }
    /// ` (x)` in English, `（x）` in Chinese.
    func paren(_ text: String) -> String { zh ? "（\(text)）" : " (\(text))" }
    /// `: ` in English, `：` in Chinese.
    var colon: String { zh ? "：" : ": " }

    /// `72.3%`
    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    func result(_ value: String) -> String {
        guard zh else { return value }
        return ["succeeded": "成功", "failed": "失败", "pending": "挂起", "cancelled": "已取消",
                "unknown": "未知"][value] ?? value
    }

    func risk(_ risk: Procedure.Risk) -> String {
        guard zh else { return risk.rawValue }
        return [.none: "无", .low: "低", .medium: "中", .high: "高"][risk]!
    }

    func cost(_ cost: Procedure.Cost) -> String {
        var parts = [self("\(cost.minutes) min", "\(cost.minutes) 分钟")]
        if cost.reboot { parts.append(self("reboot", "需重启")) }
        if cost.admin { parts.append(self("admin", "需管理员权限")) }
        parts.append(self("risk ", "风险") + risk(cost.risk))
        return parts.joined(separator: self(", ", "，"))
    }

    func installCounts(_ summary: InstallSummary) -> String {
        let other = summary.attempts.count - summary.failed - summary.succeeded
        var parts: [String] = []
        if summary.failed > 0 { parts.append(self("\(summary.failed) failed", "\(summary.failed) 次失败")) }
        if summary.succeeded > 0 { parts.append(self("\(summary.succeeded) succeeded", "\(summary.succeeded) 次成功")) }
        if other > 0 { parts.append(self("\(other) other", "\(other) 次其他")) }
        return parts.joined(separator: self(", ", "，"))
    }

    /// `CBS.log:120` or `observed rollback-at-reboot=true`.
    func location(_ fact: Fact) -> String {
        if fact.provenance.file == Analyzer.observationFile {
            return self("observed ", "观察：") + (fact.provenance.text ?? "")
        }
        return "\(TerminalText.escape(fact.provenance.file)):\(fact.provenance.line)"
    }

    func machineLine(_ machine: MachineSummary) -> String {
        var parts = [machine.name ?? self("unknown machine", "未知计算机")]
        if let build = machine.osBuild { parts.append(self("build ", "版本 ") + build) }
        if let edition = machine.edition { parts.append(edition) }
        if let arch = machine.arch { parts.append(arch) }
        if machine.names.count > 1 { parts.append(self("names: ", "名称：") + machine.names.joined(separator: ", ")) }
        if !machine.collectors.isEmpty {
            parts.append(self("collector ", "收集工具 ") + machine.collectors.joined(separator: ", "))
        }
        return parts.joined(separator: " · ")
    }

    func sourcesLine(_ sources: [SourceRecord]) -> String {
        let parsed = sources.filter { $0.status == .parsed }.count
        return self("\(sources.count) files, \(parsed) parsed, \(sources.count - parsed) skipped",
                    "\(sources.count) 个文件，已解析 \(parsed) 个，跳过 \(sources.count - parsed) 个")
    }

    /// Up to `limit` cited log lines of a hypothesis: supporting first (strongest rule first), then opposing;
    /// a line that yielded several facts (an error code and a signature) is shown once.
    static func citedLines(_ hypothesis: RankedHypothesis, limit: Int = 3) -> [(Direction, Fact)] {
        var seen = Set<String>()
        var lines: [(Direction, Fact)] = []
        for contribution in hypothesis.support + hypothesis.against {
            for fact in contribution.evidence where lines.count < limit
                && seen.insert(Self.lineKey(fact)).inserted {
                lines.append((contribution.direction, fact))
            }
        }
        return lines
    }

    /// One key per cited log line; observations (no file line) stay distinct by their text.
    static func lineKey(_ fact: Fact) -> String {
        fact.provenance.file == Analyzer.observationFile
            ? "obs\u{0}" + (fact.provenance.text ?? fact.attributes.description)
            : fact.provenance.file + "\u{0}\(fact.provenance.line)"
    }

    /// `text` with runs of spaces and tabs made one space (log columns padded for alignment).
    static func squeeze(_ text: String) -> String {
        var out = ""
        var space = false
        for c in text {
            if c == " " || c == "\t" {
                if !space { out.append(" ") }
                space = true
            } else {
                out.append(c)
                space = false
            }
        }
        return out
    }

    /// A cited log line made short for a narrow terminal: spaces squeezed, a leading `date time` keeps its
    /// seconds but not their fraction, and the process and thread ids after it are dropped
    /// (`2022/11/01 09:05:11.1955408 3620 4012 Agent x` → `2022/11/01 09:05:11 Agent x`).
    static func compactLogLine(_ text: String) -> String {
        var tokens = squeeze(text).trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        func isDate(_ t: String) -> Bool {
            t.count == 10 && t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "/" || $0 == "-") }
        }
        guard tokens.count > 2, isDate(tokens[0]), tokens[1].first?.isNumber == true, tokens[1].contains(":")
        else { return tokens.joined(separator: " ") }
        if let dot = tokens[1].firstIndex(of: ".") { tokens[1] = String(tokens[1][..<dot]) }
        var i = 2
        while i < tokens.count - 1, tokens[i].allSatisfy({ $0.isASCII && $0.isNumber }) { i += 1 }
        return (tokens[0...1] + tokens[i...]).joined(separator: " ")
    }

    static func clip(_ text: String, _ limit: Int = 110) -> String {
        // Tab-separated logs (ReportingEvents, legacy WindowsUpdate.log) would break the report's columns.
        let trimmed = text.replacingOccurrences(of: "\t", with: " ").trimmingSpaces
        return trimmed.count > limit ? String(trimmed.prefix(limit - 1)) + "…" : trimmed
    }

    /// The hypotheses a report lists: probability ≥ 1 %, at most 5, at least 1.
    /// " (in boot-phase-failure)" for a child; " (cause not known yet: 40%)" for a class.
    func treeNote(_ h: RankedHypothesis) -> String {
        var parts: [String] = []
        if let parent = h.parent { parts.append(self("in \(parent)", "属于 \(parent)")) }
        if let residual = h.residual {
            parts.append(self("cause not known yet: ", "具体原因未知：") + Words.percent(residual))
        }
        return parts.isEmpty ? "" : paren(parts.joined(separator: "; "))
    }

    static func top(_ analysis: Analysis) -> [RankedHypothesis] {
        let shown = analysis.hypotheses.prefix(5).filter { $0.probability >= 0.01 }
        return shown.isEmpty ? Array(analysis.hypotheses.prefix(1)) : shown
    }
}
