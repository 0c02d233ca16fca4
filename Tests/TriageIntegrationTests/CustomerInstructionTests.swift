import Testing
import TriageCore
import TriageEngine

/// The Markdown report's customer instructions, ready for the mail: placeholders the bundle answers are filled.
@Suite struct CustomerInstructionTests {
    @Test func theFailingKBIsFilledIntoTheOfflineInstallSteps() throws {
        let analysis = try Pipeline.analyze([Pipeline.seedBundle("2022-11-08-BR0101-PC023")])
        for language in [Language.en, .zhCN] {
            let markdown = MarkdownReport.render(analysis, language: language)
            #expect(markdown.contains("   Get-FileHash -Algorithm SHA256 C:\\temp\\KB5016623.msu\n"))
            #expect(markdown.contains("   certutil -hashfile C:\\temp\\KB5016623.msu SHA256\n"))
            #expect(!markdown.contains("<kb>"))
            #expect(markdown.contains("<kb-cab-file>"))  // only the customer can see the cab's name
        }
    }

    @Test func withoutAFailedKBThePlaceholderStays() throws {
        let analysis = try Pipeline.analyze(
            [Pipeline.seedBundle("2022-10-24-BR0101-PC017")],
            observations: ["rollback-at-reboot": "true"])
        let markdown = MarkdownReport.render(analysis)
        #expect(!markdown.contains("KB5016623.msu"))
        #expect(markdown.contains("<kb>"))  // the bundle holds only a successful install: nothing to fill in
    }
}
