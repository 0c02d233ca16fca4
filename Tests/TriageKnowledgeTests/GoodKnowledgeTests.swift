import Testing
import TriageCore
import TriageEvidence

@testable import TriageKnowledge

@Test func goodFixtureLoadsCleanly() {
    let result = Fixtures.loadGood()
    #expect(result.diagnostics.map(\.description) == [])
    #expect(Fixtures.lint([]).text == "0 errors, 0 warnings in 8 files\n")
    #expect(Fixtures.lint([]).exitCode == 0)
}

@Test func ruleDecodesIntoTheModel() throws {
    let kb = Fixtures.loadGood().knowledgeBase
    let rule = try #require(kb.rule("cbs/abort"))
    let file = Fixtures.goodRules + "/cbs/abort.xml"
    #expect(rule.area == "cbs")
    #expect(rule.title[.zhCN] == "CBS 中止了操作")
    #expect(rule.location == SourceLocation(file: file, line: 2, column: 1))
    guard case .all(let parts) = rule.condition.node else {
        Issue.record("expected all")
        return
    }
    #expect(parts.count == 3)
    #expect(
        parts[0].node
            == .fact(
                FactPattern(
                    kind: "error-code", sources: [.cbs],
                    predicates: [
                        AttributePredicate(
                            name: "code", test: .equals("0x800f0821"),
                            location: SourceLocation(file: file, line: 9, column: 58))
                    ],
                    location: SourceLocation(file: file, line: 9, column: 7))))
    guard case .fact(let signature) = parts[1].node else {
        Issue.record("expected signature pattern")
        return
    }
    #expect(signature.kind == "signature")
    #expect(signature.predicates.map(\.test) == [.equals("cbs.ti-shutdown"), .prefix("Windows")])
    guard case .not(let inner) = parts[2].node else {
        Issue.record("expected not")
        return
    }
    #expect(inner.node == .observation(name: "rollback-at-reboot", values: ["true"]))
    #expect(rule.supported.map { "\($0.hypothesis):\($0.strength)" } == ["servicing-interrupted:strong"])
    #expect(rule.recommended == ["collect-logs"])

    #expect(rule.examples.map(\.expectation) == [.fires, .silent])
    let log = try #require(rule.examples.first?.logs.first)
    #expect(log.name == "CBS.log")
    #expect(log.citedLines == [2])
    #expect(
        log.content == """
            2022-11-07 09:15:44, Info                  CBS    Trusted Installer is shutting down because: Windows shutdown
            2022-11-07 09:15:45, Error                 CBS    Failed to process. [HRESULT = 0x800f0821 - CBS_E_ABORT]
            """)
    #expect(log.location == SourceLocation(file: file, line: 21, column: 1))
    #expect(rule.examples.first?.observations == ["rollback-at-reboot": "false"])
}

@Test func knowledgeFilesDecodeIntoTheModel() throws {
    let kb = Fixtures.loadGood().knowledgeBase
    let hypothesis = try #require(kb.hypothesis("servicing-interrupted"))
    #expect(hypothesis.prior == 0.1)
    #expect(hypothesis.description[.en] == "A shutdown, a service stop or the servicing watchdog ended the operation.")
    #expect(hypothesis.remedies == ["collect-logs"])
    let procedure = try #require(kb.procedure("collect-logs"))
    #expect(procedure.kind == .collect)
    #expect(procedure.cost == Procedure.Cost(minutes: 10, reboot: false, admin: true, risk: .none))
    #expect(procedure.steps(in: .zhCN).map(\.text) == ["以管理员身份运行收集工具。", "压缩日志。"])
    #expect(procedure.steps(in: .en)[1].commands == [#"Compress-Archive C:\Windows\Logs\CBS C:\temp\cbs.zip"#])
    #expect(
        procedure.yields
            == Procedure.Yields(
                logs: [.cbs], factKinds: ["install-attempt"],
                observations: ["rollback-at-reboot"]))
    #expect(procedure.tools == [Procedure.ToolRequirement(tool: "log-collector", minVersion: "2.0")])
    #expect(
        procedure.outcomes.map { "\($0.observation)=\($0.value): \($0.meaning[.zhCN])" }
            == ["rollback-at-reboot=true: 启动阶段失败"])
    #expect(
        kb.errorCodes.map { "\($0.code.upperHex) \($0.symbol) \($0.component)" }
            == ["0x800F0821 CBS_E_ABORT CBS", "0x80070002 ERROR_FILE_NOT_FOUND Win32"])
    let signature = try #require(kb.signatures.first)
    #expect(signature.literals == ["Trusted Installer is shutting down because: "])
    #expect(signature.captures == [LineSignature.Capture(name: "reason", after: "because: ", shape: .word, until: nil)])
    #expect(signature.log == .cbs && signature.level == "Info" && signature.component == "CBS")
    #expect(kb.factKinds.map(\.id) == ["error-code", "install-attempt", "signature", "observation"])
    #expect(kb.factKind("observation")?.producedBy == [])
    #expect(kb.observations.map(\.values) == [["true", "false"]])
    #expect(kb.tools.first?.currentVersion?.files == ["LogCollectorV2.exe"])
}

@Test func exampleLogMarkersAndBlankEdges() {
    let snippet = DecodeContext.exampleLog("\n  \n>>a\nb\n>> c\n>>  d\n\n")
    #expect(snippet.content == "a\nb\nc\n d")
    #expect(snippet.citedLines == [1, 3, 4])
    #expect(snippet.skippedLines == 2)
}

@Test func exampleLogKeepsSetupAPISectionsAndText() {
    let snippet = DecodeContext.exampleLog(">>> [Device Install]\r\n>>>>> 安装 失败 0x80070005\r\n  x ")
    #expect(snippet.content == ">>> [Device Install]\n>>> 安装 失败 0x80070005\n  x ")
    #expect(snippet.citedLines == [2])
    #expect(snippet.skippedLines == 0)
}

@Test func proseFoldsSpacesOnly() {
    #expect(DecodeContext.prose("\n  Ask the\tcustomer\r\n  for CBS.log — 请 \n") == "Ask the customer for CBS.log — 请")
    #expect(DecodeContext.prose(" \n\t") == "")
}

@Test func ruleIDsComeFromPaths() {
    #expect(KnowledgeLoader.expectedRuleID("/x/Rules/cbs/abort.xml", rulesRoot: "/y") == "cbs/abort")
    #expect(KnowledgeLoader.expectedRuleID("/y/wsus/deep/a.xml", rulesRoot: "/y") == "wsus/deep/a")
    #expect(KnowledgeLoader.expectedRuleID("/z/area/name.xml", rulesRoot: "/y") == "area/name")
}
