import Testing
import TriageCore

@testable import TriageCases

@Suite struct CaseSummaryTests {
    @Test func closingSummaryInChineseFollowsTheSeedMail() {
        let seed = SeedModel.manifest
        let state = CaseState(seed, .all, text: CaseStateTests.text)
        let digest = EvidenceDigest(
            machine: "BR0101-PC023", updateSources: ["http://92.0.14.83:8530"], failedKBs: ["KB5016623"],
            codes: [
                .init(
                    code: "0x80070570", symbol: "ERROR_FILE_CORRUPT",
                    meaning: LocalizedText(en: "The file is corrupt.", zh: "文件损坏。"),
                    log: "WindowsUpdate.log", count: 4),
                .init(
                    code: "0x8024001e", symbol: "WU_E_SERVICE_STOP", meaning: LocalizedText(),
                    log: "WindowsUpdate.log", count: 1)
            ])
        let offline = Procedure(
            id: "offline-install-with-hash", kind: .test,
            title: LocalizedText(en: "Install the offline package after checking its hash", zh: "校验哈希后离线安装更新"),
            purpose: LocalizedText(), cost: .init(minutes: 30, reboot: true, admin: true, risk: .low),
            steps: [.zhCN: [.init(text: "下载离线安装包并校验哈希值。", commands: ["certutil -hashfile C:\\temp\\kb.msu SHA256"])]],
            yields: .init(), outcomes: [], tools: [],
            location: SourceLocation(file: "p.xml", line: 1, column: 1))
        let summary = CaseSummary(
            manifest: seed, state: state, digest: digest,
            hypotheses: [
                .init(
                    id: "payload-corrupt", title: LocalizedText(en: "Corrupt package", zh: "更新包损坏"), probability: 0.62),
                .init(id: "component-store-corrupt", title: LocalizedText(en: "Store", zh: "系统组件损坏"), probability: 0.21)
            ],
            steps: [offline], language: .zhCN)
        #expect(
            summary.text == """
                案例总结：
                ----
                问题定义：
                用户反馈系统安装更新补丁失败的问题，需要协助排查。
                问题总结：
                最终用户尚未完成以下操作：confirm-failing-update（自 2022-10-24 起请求 1 次）；校验哈希后离线安装更新（自 2022-10-28 起请求 9 次）；procmon-boot-logging（自 2022-10-26 起请求 1 次）。暂时归档案例，后续提供日志后再重新开启案例。
                问题排查建议：
                2022-11-08 提供的日志（设备 BR0101-PC023）显示 KB5016623 通过 WSUS（http://92.0.14.83:8530）获取、安装失败。
                在 WindowsUpdate.log 中可以看到安装失败的错误代码：4× 0x80070570、1× 0x8024001e。
                0x80070570 ERROR_FILE_CORRUPT：文件损坏。
                从这些日志怀疑：更新包损坏（0.62），或系统组件损坏（0.21）。
                建议：校验哈希后离线安装更新。具体操作：
                1) 下载离线安装包并校验哈希值。
                   certutil -hashfile C:\\temp\\kb.msu SHA256

                """)
    }
}

/// A machine whose log says `WSUS server: (null)` talks to Windows Update: the summary must not say its
/// update was "obtained from WSUS (https://fe2cr.update.microsoft.com)".
@Test func windowsUpdateEndpointsAreNotWSUSServers() {
    let source = { (type: String, url: String) in
        Fact(
            kind: FactKind.updateSource, attributes: ["type": type, "url": url],
            provenance: Provenance(file: "WindowsUpdate.log", line: 1))
    }
    let digest = EvidenceDigest(
        facts: [
            source("windows-update", "https://fe2cr.update.microsoft.com"),
            source("wsus", "http://92.0.14.83:8530")
        ], machine: nil, catalog: [])
    #expect(digest.updateSources == ["http://92.0.14.83:8530"])
    #expect(
        EvidenceDigest(
            facts: [source("windows-update", "https://fe2cr.update.microsoft.com")], machine: nil, catalog: []
        )
        .updateSources.isEmpty)
}
