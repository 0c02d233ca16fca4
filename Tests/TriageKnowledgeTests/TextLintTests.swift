import Testing
import TriageCore

@testable import TriageKnowledge

/// `ui-text.xml`: lint checks every text has every language, the same placeholders in each, and one key once.
@Suite struct TextLintTests {
    static func entry(_ key: String, en: String, zh: String?, line: Int) -> UIText.Entry {
        UIText.Entry(
            key: key, text: LocalizedText(en: en, zh: zh),
            location: SourceLocation(file: "KnowledgeBase/ui-text.xml", line: line, column: 3))
    }

    func messages(_ entries: [UIText.Entry]) -> [String] {
        var kb = KnowledgeBase()
        kb.uiText = UIText(entries)
        return KnowledgeLinter.check(kb).filter { $0.location.file.hasSuffix("ui-text.xml") }.map(\.description)
    }

    @Test func aMissingLanguageADroppedPlaceholderAndARepeatedKeyAreErrors() {
        #expect(
            messages([
                Self.entry("text.more", en: "{1} more failed", zh: "另有 次失败", line: 4),
                Self.entry("text.verdict", en: "Verdict: ", zh: nil, line: 5),
                Self.entry("text.more", en: "{1} more", zh: "另有 {1}", line: 6),
                Self.entry("text.swap", en: "{1} from {2}", zh: "{2} 与 {1}", line: 7)
            ]) == [
                "KnowledgeBase/ui-text.xml:4:3: error: duplicate text key 'text.more' (also defined at KnowledgeBase/ui-text.xml:6:3) [duplicate-id]",
                "KnowledgeBase/ui-text.xml:6:3: error: duplicate text key 'text.more' (also defined at KnowledgeBase/ui-text.xml:4:3) [duplicate-id]",
                "KnowledgeBase/ui-text.xml:4:3: error: text 'text.more': zh-CN has placeholders none, en has {1} [text-placeholders]",
                "KnowledgeBase/ui-text.xml:5:3: error: text 'text.verdict' has no zh-CN value [missing-translation]"
            ])
    }
}
