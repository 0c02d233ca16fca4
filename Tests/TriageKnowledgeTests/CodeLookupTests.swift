import Testing
import TriageCore

@testable import TriageKnowledge

private let goodKB = Fixtures.loadGood().knowledgeBase
/// The shipped interface texts: the code block's labels.
private let shippedText = KnowledgeLoader.load(
    rulesDirectory: Fixtures.repoRoot + "/Rules", knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
).knowledgeBase.uiText

@Test func catalogCodeInEveryFormPrintsTheSameBlock() throws {
    let expected = """
        0x800F0821  CBS_E_ABORT
          decimal:    2148468769 / -2146498527
          component:  CBS
          role:       failure
          meaning:    The servicing operation was aborted.
          hint:       servicing-timeout: look for a shutdown or a watchdog timeout
          severity:   failure
          facility:   15 (0xF) SETUPAPI
          code:       2081 (0x821)
          family:     CBS (component-based servicing) error, 0x800F08xx/0x800F09xx
          decoding:   a CBS/PSFX servicing-stack error (facility 15); CBS prints its symbol after `HRESULT = … -`
          points to:  servicing-interrupted (install, staging)
          hypotheses: servicing-interrupted
          rules:      cbs/abort

        """
    for form in ["0x800f0821", "800F0821", "[800F0821]", "2148468769", "-2146498527"] {
        let description = try #require(CodeLookup.describe(form, in: goodKB))
        #expect(CodeLookup.text(description, words: shippedText) == expected)
    }
    let chinese = try #require(CodeLookup.describe("0x800f0821", in: goodKB, language: .zhCN))
    #expect(chinese.meaning == "维护操作已中止。")
    #expect(chinese.hint == "维护超时：查找关机或看门狗超时")
}

@Test func unknownCodesAreDecodedNotJustUnknown() throws {
    let wu = try #require(CodeLookup.describe("0x80246009", in: goodKB))
    #expect(
        CodeLookup.text(wu, words: shippedText) == """
            0x80246009  (not in the catalog)
              decimal:    2149867529 / -2145099767
              severity:   failure
              facility:   36 (0x24) WINDOWSUPDATE
              code:       24585 (0x6009)
              family:     Windows Update Agent error
              decoding:   a Windows Update Agent error (facility 36); the agent logs it as `*FAILED* [80246009]`
              hypotheses: no rule supports a hypothesis with this code
              rules:      none

            """)
    let win32 = try #require(CodeLookup.describe("0x80070005", in: goodKB))
    #expect(win32.anatomy.win32Error == 5 && win32.anatomy.facilityName == "WIN32")
    #expect(win32.anatomy.family == "Win32 error 5 as HRESULT_FROM_WIN32")
    let plain = try #require(CodeLookup.describe("2", in: goodKB))
    #expect(plain.asHRESULT == "0x80070002" && plain.symbol == "ERROR_FILE_NOT_FOUND")
    #expect(plain.anatomy.severity == "failure" && plain.anatomy.win32Error == 2)
    #expect(
        CodeLookup.describe("0xC1900101", in: goodKB)?.anatomy.family
            == "Windows Setup (feature update) error, 0xC190xxxx")
    #expect(CodeLookup.describe("0x00240001", in: goodKB)?.anatomy.severity == "success")
    #expect(CodeLookup.describe("0xC0000005", in: goodKB)?.anatomy.family == "NTSTATUS error")
    #expect(CodeLookup.describe("not-a-code", in: goodKB) == nil)
}

@Test func jsonHasSortedKeys() throws {
    let description = try #require(CodeLookup.describe("0x80070002", in: goodKB))
    #expect(
        JSONOutput.encode([description]) == """
            [
              {
                "anatomy" : {
                  "code" : 2,
                  "facility" : 7,
                  "facilityName" : "WIN32",
                  "family" : "Win32 error 2 as HRESULT_FROM_WIN32",
                  "severity" : "failure",
                  "win32Error" : 2
                },
                "component" : "Win32",
                "decoding" : [
                  "HRESULT_FROM_WIN32 of Win32 error 2 (0x2): CBS, CSI and the update agent wrap Win32 errors this way and often print the Win32 name after it"
                ],
                "harmless" : true,
                "hex" : "0x80070002",
                "hypotheses" : [

                ],
                "input" : "0x80070002",
                "meaning" : "The system cannot find the file specified.",
                "pointers" : [

                ],
                "role" : "informational",
                "rules" : [

                ],
                "signed" : -2147024894,
                "symbol" : "ERROR_FILE_NOT_FOUND",
                "unsigned" : 2147942402
              }
            ]

            """)
}

/// Every entry of the shipped catalog (and of the fixture catalog) round-trips through all five forms.
@Test func everyCatalogEntryRoundTripsThroughAllForms() {
    let shipped = KnowledgeLoader.load(
        rulesDirectory: Fixtures.repoRoot + "/Rules",
        knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
    ).knowledgeBase
    let entries = shipped.errorCodes + goodKB.errorCodes
    #expect(entries.count >= 2)
    for kb in [shipped, goodKB] {
        for entry in kb.errorCodes {
            let code = entry.code
            let forms = [
                code.hex, code.upperHex, String(code.upperHex.dropFirst(2)), "[\(code.upperHex.dropFirst(2))]",
                String(code.value), String(code.signed)
            ]
            for form in forms {
                let description = CodeLookup.describe(form, in: kb)
                #expect(description?.hex == code.upperHex, "\(form)")
                #expect(description?.symbol == entry.symbol, "\(form)")
                #expect(description?.meaning == entry.meaning[.en], "\(form)")
            }
        }
    }
}

@Test func rulesListTable() {
    let rows = RulesTable.summaries(goodKB)
    #expect(
        RulesTable.text(rows) == """
            ID         AREA  SUPPORTS                      OPPOSES  RECOMMENDS    EXAMPLES  CODES
            cbs/abort  cbs   servicing-interrupted:strong  -        collect-logs  2         0x800F0821
            1 rule

            """)
    #expect(RulesTable.json(rows).contains("\"supports\" : [\n      \"servicing-interrupted:strong\"\n    ]"))
}

@Test func symbolsAndSetupExtendCodesAreInputsToo() throws {
    let bySymbol = try #require(CodeLookup.describe("cbs_e_abort", in: goodKB))
    #expect(bySymbol.hex == "0x800F0821")
    #expect(bySymbol.decoding.first == "CBS_E_ABORT is 0x800F0821")
    let extended = try #require(CodeLookup.describe("0x8007000D - 0x2000C", in: goodKB))
    #expect(extended.hex == "0x8007000D")
    #expect(
        extended.decoding.first
            == "Windows Setup result 0x8007000D with extend code 0x2000C: phase 2, SP_EXECUTION_SAFE_OS: Safe OS: WinPE, applying the new image; operation 0xC, SP_EXECUTION_OP_APPLY_IMAGE"
    )
    let driver = try #require(CodeLookup.describe("0xC1900101-0x20017", in: goodKB))
    #expect(
        driver.decoding.first
            == "Windows Setup result 0xC1900101 with extend code 0x20017: phase 2, SP_EXECUTION_SAFE_OS: Safe OS: WinPE, applying the new image; operation 0x17, SP_EXECUTION_OP_BOOT"
    )
    #expect(
        driver.decoding[1]
            == "a driver or device failed while the new system started: update or remove the driver named in setupapi.dev.log or the rollback log (a bugcheck there names its code)"
    )
    #expect(CodeLookup.describe("NOT_A_SYMBOL", in: goodKB) == nil)
    #expect(CodeLookup.describe("0x8007000D-0xZZ", in: goodKB) == nil)
}

@Test func chineseBlockHasChineseLabelsAlignedByDisplayWidth() throws {
    let chinese = try #require(CodeLookup.describe("0x800f0821", in: goodKB, language: .zhCN))
    #expect(
        CodeLookup.text(chinese, language: .zhCN, words: shippedText) == """
            0x800F0821  CBS_E_ABORT
              十进制：      2148468769 / -2146498527
              组件：        CBS
              角色：        failure：失败
              含义：        维护操作已中止。
              建议：        维护超时：查找关机或看门狗超时
              严重性：      failure（失败）
              设施：        15 (0xF) SETUPAPI
              代码：        2081 (0x821)
              类别：        CBS (component-based servicing) error, 0x800F08xx/0x800F09xx
              解码：        a CBS/PSFX servicing-stack error (facility 15); CBS prints its symbol after `HRESULT = … -`
              指向：        servicing-interrupted (install, staging)
              假设：        servicing-interrupted
              规则：        cbs/abort

            """)
    let unknown = try #require(CodeLookup.describe("0x12345678", in: goodKB, language: .zhCN))
    let text = CodeLookup.text(unknown, language: .zhCN, words: shippedText)
    #expect(text.hasPrefix("0x12345678  （不在代码目录中）\n"))
    #expect(text.hasSuffix("  假设：        没有规则因此代码支持任何假设\n  规则：        无\n"))
}
