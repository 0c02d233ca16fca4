import Testing
import TriageCore
import TriageEvidence

@testable import TriageKnowledge

@Test func lintJSONReport() {
    let report = Fixtures.lint([Fixtures.broken + "/Rules/broken/wrong-id.xml"], format: .json)
    #expect(report.exitCode == 65)
    #expect(
        report.text
            == """
            {
              "diagnostics" : [
                {
                  "column" : 7,
                  "file" : "broken/Rules/broken/wrong-id.xml",
                  "id" : "id-mismatch",
                  "line" : 2,
                  "message" : "rule id 'cbs/wrong-id' does not match its path: expected 'broken/wrong-id'",
                  "severity" : "error"
                },
                {
                  "column" : 3,
                  "file" : "broken/Rules/broken/wrong-id.xml",
                  "id" : "missing-translation",
                  "line" : 3,
                  "message" : "rule 'cbs/wrong-id' has no zh-CN title",
                  "severity" : "warning"
                }
              ],
              "errors" : 1,
              "files" : 1,
              "warnings" : 0
            }

            """.replacingOccurrences(of: "\"warnings\" : 0", with: "\"warnings\" : 1"))
}

@Test func lintWholeBrokenFolderCountsEverything() {
    let report = KnowledgeLint.run(
        paths: [Fixtures.broken], rulesDirectory: Fixtures.goodRules,
        knowledgeDirectory: Fixtures.goodKnowledge, schemas: Fixtures.schemas, logKinds: LogFormats.kinds)
    #expect(report.files.count == 22)
    #expect(report.exitCode == 65)
    #expect(report.rendered(.text).hasSuffix("\n41 errors, 7 warnings in 22 files\n"))
}

@Test func warningsAloneExitZero() {
    // A hypothesis nothing supports is a warning, not an error.
    let report = KnowledgeLint.run(
        paths: [Fixtures.goodKnowledge + "/hypotheses"], rulesDirectory: Fixtures.root + "/none",
        knowledgeDirectory: Fixtures.goodKnowledge, schemas: Fixtures.schemas, logKinds: LogFormats.kinds)
    #expect(
        report.rendered(.text, relativeTo: Fixtures.root) == """
            good/KnowledgeBase/hypotheses/servicing-interrupted.xml:2:1: warning: no rule supports hypothesis 'servicing-interrupted' [unused-hypothesis]
            <hypothesis id="servicing-interrupted" prior="0.1">
            ^
            0 errors, 1 warning in 1 file

            """)
    #expect(report.exitCode == 0)
}

@Test func caretAlignsUnderTabsAndLongLinesAreWindowed() {
    var renderer = DiagnosticRenderer()
    let d = Diagnostic(
        .error, "x", "m",
        at: SourceLocation(
            file: Fixtures.broken + "/KnowledgeBase/hypotheses/quadratic-blowup.xml",
            line: 3, column: 200))
    let lines = renderer.render(d).split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("…"))
    #expect(lines[1].unicodeScalars.count == DiagnosticRenderer.maxSourceWidth + 2)
    #expect(
        lines[2]
            == Substring(
                String(repeating: " ", count: 200 - 1 - (200 - 1 - DiagnosticRenderer.maxSourceWidth / 3) + 1) + "^"))
}

@Test func signatureIDsAreUniquePerLogKindOnly() {
    let duplicate = Fixtures.lint([Fixtures.broken + "/KnowledgeBase/signatures/cbs-duplicate.xml"])
    #expect(
        duplicate.text == """
            broken/KnowledgeBase/signatures/cbs-duplicate.xml:3:3: error: duplicate signature id 'cbs.ti-shutdown' (also defined at good/KnowledgeBase/signatures/cbs.xml:3:3) [duplicate-id]
              <signature id="cbs.ti-shutdown">
              ^
            1 error, 0 warnings in 1 file

            """)
    let otherLog = Fixtures.lint([Fixtures.broken + "/KnowledgeBase/signatures/dism-same-id.xml"])
    #expect(otherLog.text == "0 errors, 0 warnings in 1 file\n")
    #expect(otherLog.exitCode == 0)
}
