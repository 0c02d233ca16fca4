import Foundation
import Testing
import TriageCore
import TriageEngine

@testable import TriageCases

/// `--format mail` on the seed's moment 7 (2022-11-08): the reply to the customer's engineer, byte for byte
/// in both languages (golden files reviewed by reading them as the support engineer would), and free of
/// probabilities and rule ids.
@Suite struct MailReportTests {
    static let bundle = Pipeline.seedBundle("2022-11-08-BR0101-PC023")

    func golden(_ name: String) throws -> String {
        try String(contentsOfFile: Pipeline.repoRoot + "/Tests/Fixtures/mail/" + name, encoding: .utf8)
    }

    func check(_ language: Language, _ file: String) throws {
        let analysis = try Pipeline.analyze([Self.bundle])
        let mail = MailReport.render(analysis, knowledge: Pipeline.knowledge, language: language)
        if mail != (try golden(file)) {
            try? mail.write(toFile: "/tmp/triage-mail-\(file)", atomically: true, encoding: .utf8)
        }
        #expect(
            mail == (try golden(file)),
            "mail differs from Tests/Fixtures/mail/\(file); actual in /tmp/triage-mail-\(file)")
    }

    @Test func english() throws { try check(.en, "CAS-07397-2022-11-08.en.txt") }
    @Test func chinese() throws { try check(.zhCN, "CAS-07397-2022-11-08.zh-CN.txt") }

    @Test func noProbabilitiesNoRuleIDsNoHypothesisIDs() throws {
        let analysis = try Pipeline.analyze([Self.bundle])
        for language in [Language.en, .zhCN] {
            let mail = MailReport.render(analysis, knowledge: Pipeline.knowledge, language: language)
            #expect(!mail.contains("%"))
            for rule in Pipeline.knowledge.rules { #expect(!mail.contains(rule.id)) }
            for h in Pipeline.knowledge.hypotheses { #expect(!mail.contains(" \(h.id)")) }
            #expect(
                mail.contains("KB5016623") && mail.contains("0x80070570") && mail.contains("http://92.0.14.83:8530"))
            #expect(mail.contains("Get-FileHash -Algorithm SHA256 C:\\temp\\KB5016623.msu"))
        }
    }

    @Test func momentOneSaysNoFailureWasRecorded() throws {
        let analysis = try Pipeline.analyze([Pipeline.seedBundle("2022-10-24-BR0101-PC017")])
        let mail = MailReport.render(analysis, knowledge: Pipeline.knowledge, language: .zhCN)
        #expect(mail.contains("您上传的日志（计算机 BR0101-PC017）中没有更新安装失败的记录；可以看到 KB5016623 于 2022-10-21 安装成功。\n"))
    }

    @Test func shortMeaningDropsAsidesAndSecondClauses() {
        #expect(
            MailReport.shortMeaning("File or directory corrupt/unreadable (CBS log prints X).")
                == "File or directory corrupt/unreadable")
        #expect(MailReport.shortMeaning("找不到元素；在维护中通常是驱动程序操作项缺失。") == "找不到元素")
    }
}
