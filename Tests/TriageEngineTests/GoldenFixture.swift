import TriageCore

@testable import TriageEngine

/// A small hand-made case in the shape of the seed's moment 7: WSUS, 4× 0x80070570, 0x8024001E,
/// 0x80070490, CBS 0x800f0821, an outdated collector, a skipped ETL trace.
struct GoldenFixture {
    var observations: [String: String] = [:]

    var knowledge: KnowledgeBase {
        let h = { (id: String, prior: Double, en: String, zh: String, remedies: [String]) in
            Hypothesis(
                id: id, title: LocalizedText(en: en, zh: zh), description: LocalizedText(en: ""), prior: prior,
                remediation: LocalizedText(en: ""), remedies: remedies, location: Fx.here)
        }
        let hypotheses = [
            h(
                "payload-corrupt", 0.12, "The update package the machine received is corrupt", "计算机收到的更新包已损坏",
                ["clear-download-cache-retry"]),
            h("component-store-corrupt", 0.10, "The component store is damaged", "组件存储已损坏", ["dism-restorehealth"]),
            h("servicing-interrupted", 0.08, "Servicing was interrupted", "维护操作被中断", []),
            h(
                "no-failure-captured", 0.10, "The bundle holds no failed install", "日志包中没有失败的安装",
                ["confirm-failing-update"])
        ]
        let offline = Procedure(
            id: "offline-install-with-hash", kind: .test,
            title: LocalizedText(en: "Install the offline package after checking its hash", zh: "校验哈希后安装离线更新包"),
            purpose: LocalizedText(en: "Tells a bad download from a damaged machine.", zh: "区分下载损坏与系统损坏。"),
            cost: .init(minutes: 30, reboot: true, admin: true, risk: .low),
            steps: [
                .en: [
                    .init(
                        text: "Delete the contents of the download folder.",
                        commands: [#"Remove-Item C:\Windows\SoftwareDistribution\Download\* -Recurse -Force"#]),
                    .init(
                        text: "Download the package from the Microsoft Update Catalog and check its hash.",
                        commands: [#"Get-FileHash -Algorithm SHA256 C:\temp\windows10.0-kb5016623-x64.msu"#]),
                    .init(text: "Install it and reboot.", commands: [#"wusa C:\temp\windows10.0-kb5016623-x64.msu"#])
                ],
                .zhCN: [
                    .init(
                        text: "清空下载文件夹。",
                        commands: [#"Remove-Item C:\Windows\SoftwareDistribution\Download\* -Recurse -Force"#]),
                    .init(
                        text: "从 Microsoft Update Catalog 下载更新包并校验哈希。",
                        commands: [#"Get-FileHash -Algorithm SHA256 C:\temp\windows10.0-kb5016623-x64.msu"#]),
                    .init(text: "安装并重启。", commands: [#"wusa C:\temp\windows10.0-kb5016623-x64.msu"#])
                ]
            ],
            yields: .init(
                logs: [.cbs, .windowsUpdate], factKinds: ["install-attempt"], observations: ["offline-install-result"]),
            outcomes: [
                .init(
                    observation: "offline-install-result", value: "succeeded",
                    meaning: LocalizedText(en: "the package delivered by WSUS was at fault", zh: "WSUS 下发的更新包有问题")),
                .init(
                    observation: "offline-install-result", value: "same-error",
                    meaning: LocalizedText(en: "the machine itself is damaged", zh: "计算机本身已损坏"))
            ],
            tools: [], location: Fx.here)
        let procedures = [
            offline,
            Fx.procedure("dism-scanhealth", kind: .collect, minutes: 20, admin: true, logs: [.dism]),
            Fx.procedure("clear-download-cache-retry", kind: .remediate, minutes: 15, admin: true, risk: .low),
            Fx.procedure(
                "dism-restorehealth", kind: .remediate, minutes: 40, admin: true, risk: .medium, logs: [.dism]),
            Fx.procedure("confirm-failing-update", kind: .collect, minutes: 5)
        ]
        let code = { (value: String, log: LogKind) in Fx.has("error-code", ["code": value], in: [log]) }
        let rules = [
            Fx.rule(
                "wsus/payload-corrupt-from-wsus",
                Fx.all(
                    Fx.c(.count(Fx.pattern("error-code", ["code": "0x80070570"], in: [.windowsUpdate]), atLeast: 2)),
                    Fx.has("update-source", ["type": "wsus"])),
                supports: [("payload-corrupt", .strong)], opposes: [("no-failure-captured", .decisive)],
                recommends: ["offline-install-with-hash"], title: "Files of a WSUS-delivered update are corrupt"),
            Fx.rule(
                "cbs/abort-while-extracting", code("0x800f0821", .cbs),
                supports: [
                    ("payload-corrupt", .moderate), ("component-store-corrupt", .moderate),
                    ("servicing-interrupted", .weak)
                ], title: "CBS aborted while extracting the package"),
            Fx.rule(
                "wu/service-stop", code("0x8024001e", .windowsUpdate), supports: [("servicing-interrupted", .moderate)],
                title: "The update service stopped during the operation"),
            Fx.rule(
                "offline/succeeded", Fx.observed("offline-install-result", "succeeded"),
                supports: [("payload-corrupt", .strong)], opposes: [("component-store-corrupt", .moderate)],
                title: "The offline package installed"),
            Fx.rule(
                "offline/same-error", Fx.observed("offline-install-result", "same-error"),
                supports: [("component-store-corrupt", .strong)], opposes: [("payload-corrupt", .strong)],
                title: "The offline package failed the same way"),
            Fx.rule(
                "dism/store-corrupt", code("0x800f081f", .dism), supports: [("component-store-corrupt", .strong)],
                title: "DISM found component store corruption"),
            Fx.rule(
                "general/failed-install", Fx.has("install-attempt", ["result": "failed"]),
                opposes: [("no-failure-captured", .decisive)], title: "An install attempt failed")
        ]
        let tools = [
            Tool(
                id: "cmge-log-collector", name: "CMGELogCollector",
                versions: [
                    .init(value: "1.0", current: false, files: ["CMGELogCollector.exe"]),
                    .init(value: "1.11", current: false, files: []),
                    .init(value: "2.0", current: true, files: ["CMGELogCollectorV2.exe"])
                ], location: Fx.here)
        ]
        return Fx.kb(hypotheses: hypotheses, rules: rules, procedures: procedures, tools: tools)
    }

    var evidence: EvidenceSet {
        let wu = "WindowsUpdate.log"
        func wuCode(_ code: String, _ line: Int, _ time: String, _ text: String) -> Fact {
            Fx.fact(
                "error-code", ["code": code, "log": "windowsupdate", "kb": "KB5016623"], file: wu, line: line,
                timestamp: time, text: text)
        }
        let facts = [
            Fx.fact("collector", ["name": "CMGELogCollector.exe"], file: wu, line: 1, text: "collector"),
            Fx.fact(
                "update-source", ["type": "wsus", "url": "http://92.0.14.83:8530"], file: wu, line: 12,
                timestamp: "2022-11-07T09:12:01",
                text: "2022/11/07 09:12:01.1234567 1234  5678  Misc            WSUS server: http://92.0.14.83:8530"),
            wuCode(
                "0x80070570", 40, "2022-11-07T09:15:44",
                "2022/11/07 09:15:44.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed"),
            wuCode(
                "0x80070570", 55, "2022-11-07T09:31:02",
                "2022/11/07 09:31:02.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed"),
            wuCode(
                "0x80070570", 71, "2022-11-07T10:02:13",
                "2022/11/07 10:02:13.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed"),
            wuCode(
                "0x80070570", 88, "2022-11-07T10:40:09",
                "2022/11/07 10:40:09.0000000 1234  5678  Handler         *FAILED* [80070570] Install failed"),
            wuCode(
                "0x8024001e", 93, "2022-11-07T10:41:00",
                "2022/11/07 10:41:00.0000000 1234  5678  Agent           *FAILED* [8024001E] Service stop"),
            wuCode(
                "0x80070490", 97, "2022-11-07T10:41:30",
                "2022/11/07 10:41:30.0000000 1234  5678  Handler         *FAILED* [80070490] Element not found"),
            Fx.fact(
                "error-code", ["code": "0x800f0821", "log": "cbs", "kb": "KB5016623"], file: "CBS.log", line: 210,
                timestamp: "2022-10-27T16:03:11",
                text:
                    "2022-10-27 16:03:11, Error                 CBS    Failed to extract package [HRESULT = 0x800f0821 - CBS_E_ABORT]"
            ),
            Fx.fact(
                "install-attempt",
                [
                    "kb": "KB5016623", "result": "failed", "channel": "wsus", "hresult": "0x800f0821",
                    "started": "2022-10-27T15:58:40"
                ], file: "CBS.log", line: 180,
                timestamp: "2022-10-27T15:58:40",
                text: "2022-10-27 15:58:40, Info CBS Session initialized by client WindowsUpdateAgent."),
            Fx.fact(
                "install-attempt",
                [
                    "kb": "KB5012170", "result": "succeeded", "channel": "windows-update",
                    "started": "2022-08-10T03:00:00"
                ], file: "CBS.log", line: 20,
                timestamp: "2022-08-10T03:00:00",
                text: "2022-08-10 03:00:00, Info CBS Session initialized by client WindowsUpdateAgent."),
            Fx.fact(
                "machine", ["name": "BRANCH-PC-017", "os-build": "19041.1889", "arch": "amd64"], file: "CBS.log",
                line: 2)
        ]
        let sources = [
            Fx.source("CBS.log", .cbs, lines: 420),
            Fx.source(wu, .windowsUpdate, lines: 130),
            SourceRecord(
                path: "trace.etl", kind: .etl, status: .skipped, reason: "binary file", encoding: "binary",
                bytes: 4096, lines: 0)
        ]
        return EvidenceSet(sources: sources, facts: facts)
    }

    func analysis(options: AnalysisOptions = AnalysisOptions(), done: Set<String> = []) -> Analysis {
        Analyzer(knowledge: knowledge, options: options).analyze(
            evidence: evidence, observations: observations, done: done)
    }
}
