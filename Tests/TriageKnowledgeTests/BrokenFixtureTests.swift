import Foundation
import Testing
import TriageCore

@testable import TriageKnowledge

/// Each broken fixture, linted against the good fixture knowledge base: the exact report `triage rules lint` prints.
/// (Paths are shown relative to Tests/Fixtures/knowledge.)
struct BrokenFixtureTests {
    @Test func knowledgebaseHypothesesBillionLaughs() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/billion-laughs.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/billion-laughs.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]
                <!DOCTYPE lolz [
                ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesExternalEntity() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/external-entity.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/external-entity.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]
                <!DOCTYPE hypothesis [
                ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesLatin1() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/latin1.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/latin1.xml:3:23: error: file is not valid UTF-8 (byte 0xE9); knowledge files must be UTF-8 [encoding]
                  <title lang="en">Caf� cache</title>
                                      ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesMalformed() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/malformed.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/malformed.xml:2:34: error: AttValue: " or ' expected [xml-syntax]
                <hypothesis id="malformed" prior=0.1>
                                                 ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesMismatchedTag() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/mismatched-tag.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/mismatched-tag.xml:3:38: error: Opening and ending tag mismatch: title line 3 and titel [xml-syntax]
                  <title lang="en">Mismatched</titel>
                                                     ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesQuadraticBlowup() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/quadratic-blowup.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/quadratic-blowup.xml:2:1: error: DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded) [doctype]
                <!DOCTYPE hypothesis [<!ENTITY a "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…
                ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesServicingInterrupted() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/servicing-interrupted.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/servicing-interrupted.xml:2:1: error: duplicate hypothesis id 'servicing-interrupted' (also defined at good/KnowledgeBase/hypotheses/servicing-interrupted.xml:2:1) [duplicate-id]
                <hypothesis id="servicing-interrupted" prior="0.2">
                ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseHypothesesUnknownElement() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/hypotheses/unknown-element.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/hypotheses/unknown-element.xml:2:1: warning: no rule supports hypothesis 'unknown-element' [unused-hypothesis]
                <hypothesis id="unknown-element" prior="0.1">
                ^
                broken/KnowledgeBase/hypotheses/unknown-element.xml:5:3: error: Element 'descripton': This element is not expected. Expected is one of ( title, description, remediation, remedy ). [schema]
                  <descripton lang="en">Misspelt.</descripton>
                  ^
                1 error, 1 warning in 1 file

                """#)
    }

    /// `<establishes>` reads logs only (a result derived from another observation would be circular) and
    /// takes a value its observation declares.
    @Test func rulesEstablishesFromObservation() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/establishes-from-observation.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/Rules/broken/establishes-from-observation.xml:9:18: error: a rule that establishes an observation must read logs only, not observations [establishes-from-observation]
                    <establishes observation="rollback-at-reboot" value="sometimes"/>
                                 ^
                broken/Rules/broken/establishes-from-observation.xml:9:18: error: rule 'broken/establishes-from-observation': observation 'rollback-at-reboot' has no value 'sometimes' (values: true false) [unknown-observation-value]
                    <establishes observation="rollback-at-reboot" value="sometimes"/>
                                 ^
                2 errors, 0 warnings in 1 file

                """#)
    }

    /// Process Monitor failure results: a code twice, a code without 0x (schema and decoder both say so).
    @Test func knowledgebaseProcmonResults() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/procmon-results.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/procmon-results.xml:4:12: error: procmon result 0xc0000022 is listed twice [duplicate-id]
                  <failure code="0xc0000022" name="ACCESS DENIED"/>
                           ^
                broken/KnowledgeBase/procmon-results.xml:5:12: error: Element 'failure', attribute 'code': [facet 'pattern'] The value 'C0000043' is not accepted by the pattern '0x[0-9A-Fa-f]{8}'. [schema]
                  <failure code="C0000043" name="SHARING VIOLATION"/>
                           ^
                broken/KnowledgeBase/procmon-results.xml:5:12: error: procmon result code 'C0000043' is not 0x and 8 hex digits [invalid-code]
                  <failure code="C0000043" name="SHARING VIOLATION"/>
                           ^
                3 errors, 0 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseProceduresBadAttributeValue() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/procedures/bad-attribute-value.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/procedures/bad-attribute-value.xml:2:1: warning: no rule recommends procedure 'bad-attribute-value' and no hypothesis names it as a remedy [unused-procedure]
                <procedure id="bad-attribute-value" kind="collect">
                ^
                broken/KnowledgeBase/procedures/bad-attribute-value.xml:6:9: error: Element 'cost', attribute 'risk': [facet 'enumeration'] The value 'extreme' is not an element of the set {'none', 'low', 'medium', 'high'}. [schema]
                        risk="extreme"/>
                        ^
                1 error, 1 warning in 1 file

                """#)
    }

    @Test func knowledgebaseProceduresDanglingProcedure() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/procedures/dangling-procedure.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/procedures/dangling-procedure.xml:2:1: error: procedure 'dangling-procedure' requires unknown tool 'no-such-tool' [unknown-tool]
                <procedure id="dangling-procedure" kind="test">
                ^
                broken/KnowledgeBase/procedures/dangling-procedure.xml:2:1: error: procedure 'dangling-procedure' yields unknown fact kind 'no-such-fact' [unknown-fact-kind]
                <procedure id="dangling-procedure" kind="test">
                ^
                broken/KnowledgeBase/procedures/dangling-procedure.xml:2:1: error: procedure 'dangling-procedure' yields unknown observation 'no-such-observation' [unknown-observation]
                <procedure id="dangling-procedure" kind="test">
                ^
                broken/KnowledgeBase/procedures/dangling-procedure.xml:2:1: error: procedure 'dangling-procedure': observation 'rollback-at-reboot' has no value 'maybe' (values: true false) [unknown-observation-value]
                <procedure id="dangling-procedure" kind="test">
                ^
                broken/KnowledgeBase/procedures/dangling-procedure.xml:2:1: warning: no rule recommends procedure 'dangling-procedure' and no hypothesis names it as a remedy [unused-procedure]
                <procedure id="dangling-procedure" kind="test">
                ^
                broken/KnowledgeBase/procedures/dangling-procedure.xml:3:3: warning: procedure 'dangling-procedure' has no zh-CN title [missing-translation]
                  <title lang="en">References that do not resolve</title>
                  ^
                4 errors, 2 warnings in 1 file

                """#)
    }

    @Test func knowledgebaseUnknownRoot() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/unknown-root.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/KnowledgeBase/unknown-root.xml:2:1: error: unknown root element <hypotheses>; expected one of <rule>, <hypothesis>, <procedure>, <errorCodes>, <signatures>, <factKinds>, <observations>, <tools>, <uiText>, <procmonResults> [unknown-format]
                <hypotheses>
                ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func rulesBrokenDanglingReferences() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/dangling-references.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/Rules/broken/dangling-references.xml:7:7: error: unknown fact kind 'no-such-kind' (known: error-code install-attempt observation signature) [unknown-fact-kind]
                      <fact kind="no-such-kind"/>
                      ^
                broken/Rules/broken/dangling-references.xml:8:31: error: unknown log kind 'msi' (known: cbs cmtrace collector-info compatdata dism etl events-csv events-text evtx pml poqexec reportingevents setupact setupapi setupdiag setuperr windowsupdate) [unknown-log-kind]
                      <fact kind="error-code" in="cbs msi"><attr name="no-such-attribute" exists="true"/></fact>
                                              ^
                broken/Rules/broken/dangling-references.xml:8:75: error: fact kind 'error-code' has no attribute 'no-such-attribute' (attributes: code log symbol) [unknown-attribute]
                      <fact kind="error-code" in="cbs msi"><attr name="no-such-attribute" exists="true"/></fact>
                                                                                          ^
                broken/Rules/broken/dangling-references.xml:9:18: error: unknown signature 'cbs.no-such-signature' [unknown-signature]
                      <signature id="cbs.no-such-signature"/>
                                 ^
                broken/Rules/broken/dangling-references.xml:10:57: error: fact kind 'signature' has no attribute 'code' (attributes: id log reason) [unknown-attribute]
                      <signature id="cbs.ti-shutdown"><attr name="code" equals="0x800f0821"/></signature>
                                                                        ^
                broken/Rules/broken/dangling-references.xml:11:7: error: condition: unknown observation 'no-such-observation' [unknown-observation]
                      <observation name="no-such-observation" equals="true"/>
                      ^
                broken/Rules/broken/dangling-references.xml:12:7: error: condition: observation 'rollback-at-reboot' has no value 'sometimes' (values: true false) [unknown-observation-value]
                      <observation name="rollback-at-reboot" equals="sometimes"/>
                      ^
                broken/Rules/broken/dangling-references.xml:16:15: error: unknown hypothesis 'no-such-hypothesis' [unknown-hypothesis]
                    <supports hypothesis="no-such-hypothesis" strength="weak"/>
                              ^
                broken/Rules/broken/dangling-references.xml:17:17: error: unknown procedure 'no-such-procedure' [unknown-procedure]
                    <recommends procedure="no-such-procedure"/>
                                ^
                broken/Rules/broken/dangling-references.xml:21:5: error: example 's': observation 'rollback-at-reboot' has no value 'never' (values: true false) [unknown-observation-value]
                    <silent name="s"><observe name="rollback-at-reboot" value="never"/></silent>
                    ^
                10 errors, 0 warnings in 1 file

                """#)
    }

    @Test func rulesBrokenMissingExamples() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/missing-examples.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/Rules/broken/missing-examples.xml:7:3: error: rule 'broken/missing-examples' needs at least one <silent> example [missing-example]
                  <examples>
                  ^
                1 error, 0 warnings in 1 file

                """#)
    }

    @Test func rulesBrokenUnsatisfiable() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/unsatisfiable.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/Rules/broken/unsatisfiable.xml:9:9: error: condition can never be true: <all> requires both this and its opposite at line 8 [unsatisfiable]
                        <not><fact kind="error-code"><attr name="code" equals="0x800f0821"/></fact></not>
                        ^
                broken/Rules/broken/unsatisfiable.xml:13:27: error: pattern can never match: attribute 'code' must equal both '0x800f0821' and '0x800f0922' [unsatisfiable]
                        <attr name="code" equals="0x800f0922"/>
                                          ^
                broken/Rules/broken/unsatisfiable.xml:15:14: error: <count atLeast="0"> is always true; use atLeast="1" or more [degenerate-condition]
                      <count atLeast="0"><fact kind="error-code"/></count>
                             ^
                broken/Rules/broken/unsatisfiable.xml:16:57: error: facts write codes as 0x + 8 lower-case hex digits: write '0x800f0922', not '0x800F0922' [code-format]
                      <fact kind="install-attempt"><attr name="hresult" equals="0x800F0922"/></fact>
                                                                        ^
                4 errors, 0 warnings in 1 file

                """#)
    }

    @Test func rulesBrokenWrongId() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/wrong-id.xml"])
        #expect(report.exitCode == 65)
        #expect(
            report.text == #"""
                broken/Rules/broken/wrong-id.xml:2:7: error: rule id 'cbs/wrong-id' does not match its path: expected 'broken/wrong-id' [id-mismatch]
                <rule id="cbs/wrong-id">
                      ^
                broken/Rules/broken/wrong-id.xml:3:3: warning: rule 'cbs/wrong-id' has no zh-CN title [missing-translation]
                  <title lang="en">Id does not match the path</title>
                  ^
                1 error, 1 warning in 1 file

                """#)
    }
}

/// Mistyped ids get a "did you mean", and a value outside an attribute's closed vocabulary (fact-kinds.xml
/// `values=`) is an error.
@Suite struct MistypedNameTests {
    @Test func typosAreNamedWithTheirNearestKnownName() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/mistyped-names.xml"])
        #expect(report.exitCode == 65)
        let errors = report.text.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "broken/Rules/broken/mistyped-names.xml:7:7: error: unknown fact kind 'instal-attempt' (did you mean 'install-attempt'?) (known: error-code install-attempt observation signature) [unknown-fact-kind]",
                "broken/Rules/broken/mistyped-names.xml:8:56: error: 'faild' is not a value of 'result' in 'install-attempt' facts; they are: succeeded failed pending cancelled unknown (did you mean 'failed'?) [unknown-value]",
                "broken/Rules/broken/mistyped-names.xml:8:98: error: fact kind 'install-attempt' has no attribute 'hresul' (did you mean 'hresult'?) (attributes: hresult id kb result) [unknown-attribute]",
                "broken/Rules/broken/mistyped-names.xml:12:15: error: unknown hypothesis 'servicing-interupted' (did you mean 'servicing-interrupted'?) [unknown-hypothesis]"
            ])
    }
}

@Suite struct TranslatedCommandTests {
    @Test func aTranslationMustCarryTheSameCommands() {
        let report = Fixtures.lint([Fixtures.root + "/broken/KnowledgeBase/procedures/commands-differ.xml"])
        #expect(report.exitCode == 0)
        #expect(
            report.text.contains(
                "broken/KnowledgeBase/procedures/commands-differ.xml:2:1: warning: procedure 'commands-differ': the zh-CN steps do not carry the same commands as the en steps ('DISM /Online /Cleanup-Image /ScanHealth' vs 'DISM /Online /Cleanup-Image /CheckHealth') [commands-differ]"
            ))
    }
}

/// A signature no rule reads is a warning, unless it is declared for the engineer's eyes only.
@Suite struct UnusedSignatureTests {
    func diagnostics(evidenceOnly: Bool) throws -> [String] {
        let folder = NSTemporaryDirectory() + "triage-signatures-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/extra.xml"
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <signatures log="cbs">
          <signature id="cbs.nobody-reads-this"\(evidenceOnly ? " evidenceOnly=\"true\"" : "")>
            <title lang="en">A line nobody reads</title>
            <title lang="zh-CN">无人读取的行</title>
            <literal>Nobody reads this</literal>
          </signature>
        </signatures>
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = KnowledgeLoader.load(
            paths: [Fixtures.goodRules, Fixtures.goodKnowledge, folder],
            rulesDirectory: Fixtures.goodRules, schemas: Fixtures.schemas)
        return result.diagnostics.filter { $0.id == KnowledgeDiagnosticID.unusedSignature }.map(\.message)
    }

    @Test func anUnreadSignatureWarnsUnlessEvidenceOnly() throws {
        #expect(
            try diagnostics(evidenceOnly: false) == [
                "no rule reads signature 'cbs.nobody-reads-this'; mark it evidenceOnly=\"true\" if it is shown for the engineer only"
            ])
        #expect(try diagnostics(evidenceOnly: true) == [])
    }
}

/// An attribute marked `instance="true"` in fact-kinds.xml names one occurrence: a rule may test whether it
/// exists, not its value (past the per-file cap only the first value is kept).
@Suite struct InstanceAttributeTests {
    @Test func aValueTestOnAnInstanceAttributeIsAnError() {
        let report = Fixtures.lint([Fixtures.root + "/broken/Rules/broken/instance-value.xml"])
        #expect(report.exitCode == 65)
        let errors = report.text.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "broken/Rules/broken/instance-value.xml:7:52: error: 'id' of 'install-attempt' facts names one occurrence (instance=\"true\" in fact-kinds.xml): past the per-file cap identical facts are counted on the first, so only whether it exists can be tested [instance-attribute-test]"
            ])
    }
}
