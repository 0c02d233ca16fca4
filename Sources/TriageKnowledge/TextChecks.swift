import TriageCore

/// Checks of the interface texts (`ui-text.xml`): every text in every language, and the same placeholders
/// in each, so a translation can neither drop nor invent an argument.
enum TextChecks {
    static func check(_ text: UIText, into sink: inout DiagnosticSink) {
        for key in text.keys {
            guard let entry = text.entries[key] else { continue }
            for language in Language.allCases where (entry.text.values[language] ?? "").isEmpty {
                sink.error(
                    KnowledgeDiagnosticID.missingTranslation,
                    "text '\(key)' has no \(language.rawValue) value", at: entry.location)
            }
            let english = UIText.placeholders(entry.text.values[.en] ?? "")
            for language in Language.allCases where language != .en {
                guard let value = entry.text.values[language], !value.isEmpty else { continue }
                let other = UIText.placeholders(value)
                if other != english {
                    func list(_ set: Set<Int>) -> String {
                        set.isEmpty ? "none" : set.sorted().map { "{\($0)}" }.joined(separator: " ")
                    }
                    sink.error(
                        KnowledgeDiagnosticID.textPlaceholders,
                        "text '\(key)': \(language.rawValue) has placeholders \(list(other)), en has \(list(english))",
                        at: entry.location)
                }
            }
        }
    }
}
