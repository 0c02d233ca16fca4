import Testing
import TriageCore
import TriageEvidence

@testable import TriageKnowledge

/// The catalog's roles: lint diagnostics for broken roles, the shipped catalog's coverage by rules, and what
/// `triage code` prints for a failure, a success, an informational, an unknown and a decoded code.
private let shipped = KnowledgeLoader.load(
    rulesDirectory: Fixtures.repoRoot + "/Rules",
    knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
).knowledgeBase

@Test func lintReportsBrokenRoles() {
    let report = Fixtures.lint([Fixtures.root + "/catalog"])
    #expect(report.exitCode == 65)
    #expect(
        report.text == #"""
            catalog/KnowledgeBase/error-codes/roles.xml:3:3: error: failure code 0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT) is tested by no rule: add it to a rule (a oneOf list) with a <fires> example citing a line where it appears [uncovered-code]
              <code value="0x80073712" symbol="ERROR_SXS_COMPONENT_STORE_CORRUPT" component="Win32" role="failure">
              ^
            catalog/KnowledgeBase/error-codes/roles.xml:3:3: error: failure code 0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT) points to no hypothesis: add <points hypothesis="…" context="…"/> (or <against …/> for a failure that only shows one was captured) [code-role]
              <code value="0x80073712" symbol="ERROR_SXS_COMPONENT_STORE_CORRUPT" component="Win32" role="failure">
              ^
            catalog/KnowledgeBase/error-codes/roles.xml:10:5: error: success code 0x00240006 (WU_S_ALREADY_INSTALLED) never counts as a failure and cannot point to 'servicing-interrupted' [code-role]
                <points hypothesis="servicing-interrupted" context="install"/>
                ^
            catalog/KnowledgeBase/error-codes/roles.xml:12:3: error: failure code 0x80070570 (ERROR_FILE_CORRUPT) is tested by no rule: add it to a rule (a oneOf list) with a <fires> example citing a line where it appears [uncovered-code]
              <code value="0x80070570" symbol="ERROR_FILE_CORRUPT" component="Win32" role="failure">
              ^
            catalog/KnowledgeBase/error-codes/roles.xml:15:5: error: failure code 0x80070570 (ERROR_FILE_CORRUPT) points to unknown hypothesis 'payload-corrupt' [unknown-hypothesis]
                <points hypothesis="payload-corrupt" context="download"/>
                ^
            catalog/KnowledgeBase/error-codes/roles.xml:17:68: error: Element 'code', attribute 'role': [facet 'enumeration'] The value 'sometimes' is not an element of the set {'failure', 'transient', 'informational', 'success'}. [schema]
              <code value="0x8024000C" symbol="WU_E_NOOP" component="WU agent" role="sometimes">
                                                                               ^
            catalog/KnowledgeBase/error-codes/roles.xml:17:68: error: code 0x8024000C has an unknown role 'sometimes' (role="failure|transient|informational|success") [code-role]
              <code value="0x8024000C" symbol="WU_E_NOOP" component="WU agent" role="sometimes">
                                                                               ^
            catalog/KnowledgeBase/error-codes/roles.xml:21:3: error: Element 'code': The attribute 'role' is required but missing. [schema]
              <code value="0x80240024" symbol="WU_E_NO_UPDATE" component="WU agent">
              ^
            catalog/KnowledgeBase/error-codes/roles.xml:21:3: error: code 0x80240024 has no role (role="failure|transient|informational|success") [code-role]
              <code value="0x80240024" symbol="WU_E_NO_UPDATE" component="WU agent">
              ^
            catalog/Rules/catalog/already-installed-as-failure.xml:8:47: error: rule 'catalog/already-installed-as-failure' reads success code 0x00240006 (WU_S_ALREADY_INSTALLED) as a failure: it supports servicing-interrupted [harmless-code-as-failure]
                <fact kind="error-code"><attr name="code" oneOf="0x00240006 0x800f0821"/></fact>
                                                          ^
            10 errors, 0 warnings in 2 files

            """#)
}

@Test func everyShippedCodeHasARoleAndEveryFailureIsReasonedAbout() {
    #expect(shipped.errorCodes.count >= 174)
    var roles: [CodeRole: Int] = [:]
    for entry in shipped.errorCodes {
        guard let role = entry.role else {
            Issue.record("\(entry.code.upperHex) has no role")
            continue
        }
        roles[role, default: 0] += 1
        let rules = shipped.rules.filter { CodeLookup.mentions($0.condition, entry.code) }
        if role == .failure {
            #expect(!entry.pointers.isEmpty, "\(entry.code.upperHex) points nowhere")
            #expect(
                rules.contains { CatalogChecks.citesCode($0, entry.code) },
                "\(entry.code.upperHex): no rule with a firing example citing it")
        } else {
            #expect(entry.pointers.isEmpty, "\(entry.code.upperHex) is \(role.rawValue) but points to a hypothesis")
            if role.isHarmless {
                #expect(rules.allSatisfy { $0.supported.isEmpty }, "\(entry.code.upperHex) read as a failure")
            }
        }
    }
    #expect(roles[.success] == 3)
    #expect((roles[.failure] ?? 0) > 120)
}

/// `triage code` on every catalog code names a hypothesis or says the code is harmless.
@Test func everyCatalogCodeNamesAHypothesisOrIsHarmless() throws {
    for entry in shipped.errorCodes {
        let description = try #require(CodeLookup.describe(entry.code.hex, in: shipped))
        let text = CodeLookup.text(description, words: shipped.uiText)
        if description.harmless {
            #expect(text.contains("harmless"), "\(entry.code.upperHex)")
        } else {
            #expect(!description.pointers.isEmpty && !description.rules.isEmpty, "\(entry.code.upperHex)")
            #expect(text.contains("points to:") || text.contains("against:"), "\(entry.code.upperHex)")
        }
    }
}

@Test func shippedKnowledgeLintsClean() {
    let report = KnowledgeLint.run(
        paths: [], rulesDirectory: Fixtures.repoRoot + "/Rules",
        knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase", schemas: Fixtures.schemas,
        logKinds: LogFormats.kinds)
    #expect(report.diagnostics.map(\.description) == [])
    #expect(
        report.catalog.text == "catalog: 187 codes, every one with a role: 142 failure (142 reasoned about by rules "
            + "with a firing example), 21 transient, 21 informational, 3 success\n")
    let fixture = CatalogSummary(
        KnowledgeLoader.load(
            paths: [Fixtures.root + "/catalog"], rulesDirectory: Fixtures.goodRules,
            schemas: Fixtures.schemas
        ).knowledgeBase)
    #expect(fixture.codes == 5 && fixture.withoutRole == 2 && fixture.coveredFailures == 0)
}

@Test func failureCodeText() throws {
    let d = try #require(CodeLookup.describe("0x80073712", in: shipped))
    #expect(
        CodeLookup.text(d, words: shipped.uiText) == """
            0x80073712  ERROR_SXS_COMPONENT_STORE_CORRUPT
              decimal:    2147956498 / -2147010798
              component:  Win32
              role:       failure
              meaning:    The component store is corrupt/inconsistent.
              hint:       component-store-repair; IPU
              severity:   failure
              facility:   7 (0x7) WIN32
              code:       14098 (0x3712)
              family:     Win32 error 14098 as HRESULT_FROM_WIN32
              decoding:   HRESULT_FROM_WIN32 of Win32 error 14098 (0x3712): CBS, CSI and the update agent wrap Win32 errors this way and often print the Win32 name after it
              points to:  component-store-corrupt (install, staging, repair)
              hypotheses: component-store-corrupt
              rules:      cbs/store-corruption

            """)
    let chinese = try #require(CodeLookup.describe("0x80073712", in: shipped, language: .zhCN))
    #expect(chinese.hint == "修复组件存储；无法修复时就地升级")
}

@Test func successCodeText() throws {
    let d = try #require(CodeLookup.describe("2359302", in: shipped))
    #expect(
        CodeLookup.text(d, words: shipped.uiText) == """
            0x00240006  WU_S_ALREADY_INSTALLED
              decimal:    2359302 / 2359302
              component:  WU agent
              role:       success: harmless, never counts as a failure
              meaning:    Success code: the update is already installed (wusa reports it as decimal 2359302; also seen with Install Pending states).
              hint:       check-pending: dism /get-packages; if Install Pending, finish or revert pending actions
              severity:   success
              facility:   36 (0x24) WINDOWSUPDATE
              code:       6 (0x6)
              family:     Windows Update Agent success code
              decoding:   a Windows Update Agent success code (facility 36); wusa reports it in decimal (2359302)
              hypotheses: no rule supports a hypothesis with this code
              rules:      none

            """)
}

@Test func informationalCodeText() throws {
    let d = try #require(CodeLookup.describe("800F0816", in: shipped))
    #expect(d.harmless && d.role == "informational" && d.pointers.isEmpty)
    #expect(
        CodeLookup.text(d, words: shipped.uiText) == """
            0x800F0816  CBS_E_DPX_JOB_STATE_SAVED
              decimal:    2148468758 / -2146498538
              component:  CBS
              role:       informational: harmless, never counts as a failure
              meaning:    The delta/expansion (DPX) job state was saved; operation did not complete in one pass [3p].
              hint:       retry; check disk space and DPX lines in CBS.log
              severity:   failure
              facility:   15 (0xF) SETUPAPI
              code:       2070 (0x816)
              family:     CBS (component-based servicing) error, 0x800F08xx/0x800F09xx
              decoding:   a CBS/PSFX servicing-stack error (facility 15); CBS prints its symbol after `HRESULT = … -`
              hypotheses: no rule supports a hypothesis with this code
              rules:      none

            """)
}

@Test func unknownCodeText() throws {
    let d = try #require(CodeLookup.describe("[80247167]", in: shipped))
    #expect(d.role == nil && !d.harmless)
    #expect(
        CodeLookup.text(d, words: shipped.uiText) == """
            0x80247167  (not in the catalog)
              decimal:    2149871975 / -2145095321
              severity:   failure
              facility:   36 (0x24) WINDOWSUPDATE
              code:       29031 (0x7167)
              family:     Windows Update Agent error
              decoding:   a Windows Update Agent error (facility 36); the agent logs it as `*FAILED* [80247167]`
              hypotheses: no rule supports a hypothesis with this code
              rules:      none

            """)
}

/// An NTSTATUS wrapped by HRESULT_FROM_NT (as CBS writes it) is read through its Win32 error.
@Test func ntStatusCodeIsDecodedToItsWin32Meaning() throws {
    let d = try #require(CodeLookup.describe("0xd0000043", in: shipped))
    #expect(d.via == "0x80070020" && d.symbol == "ERROR_SHARING_VIOLATION" && d.role == "failure")
    #expect(
        d.decoding == [
            "HRESULT_FROM_NT: the N bit wraps NTSTATUS 0xC0000043",
            "NTSTATUS 0xC0000043 STATUS_SHARING_VIOLATION maps to Win32 error 32; HRESULT_FROM_WIN32(32) = 0x80070020"
        ])
    #expect(d.pointers.map(\.hypothesis) == ["third-party-interference", "boot-phase-failure"])
    #expect(d.rules.contains("third-party/sharing-violation-in-servicing"))
    let status = try #require(CodeLookup.describe("0xC0000102", in: shipped))
    #expect(status.via == "0x80070570" && status.symbol == "ERROR_FILE_CORRUPT")
    let remapped = try #require(CodeLookup.describe("0xC19001DF", in: shipped))
    #expect(remapped.via == "0x80070070" && remapped.pointers.map(\.hypothesis) == ["insufficient-disk-space"])
    #expect(remapped.decoding.last == "setup remaps 0x80070070 to this code")
    let unmapped = CodeDecoding(HRESULT(0xD000_0099))
    #expect(unmapped.via == nil && unmapped.steps.last == "NTSTATUS 0xC0000099 has no Win32 mapping here")
}
