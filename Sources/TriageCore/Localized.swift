/// Output languages. Knowledge carries English and Simplified Chinese for every user-facing text.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case en
    case zhCN = "zh-CN"
}

/// A text in several languages; falls back to English when a language is missing.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var values: [Language: String]

    public init(_ values: [Language: String] = [:]) { self.values = values }
    public init(en: String, zh: String? = nil) {
        values = [.en: en]
        if let zh { values[.zhCN] = zh }
    }

    public subscript(_ language: Language) -> String {
        values[language] ?? values[.en] ?? values.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first?.value ?? ""
    }

    public var isEmpty: Bool { values.isEmpty }
}
