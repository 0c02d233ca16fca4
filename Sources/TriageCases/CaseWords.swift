import TriageCore

/// The case reports' fixed texts, from the analysis' ``UIText`` catalog (`KnowledgeBase/ui-text.xml`).
struct CaseWords {
    let text: UIText
    let language: Language

    /// The text of `key`, `{1}`, `{2}`… filled with `arguments`.
    func t(_ key: String, _ arguments: Any...) -> String {
        text.string(key, language, arguments.map { String(describing: $0) })
    }
}
