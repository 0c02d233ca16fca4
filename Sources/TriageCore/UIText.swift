/// The fixed texts of the interface (report headings and labels, explanations, findings) in every language,
/// by key: loaded from `KnowledgeBase/ui-text.xml` with the rest of the knowledge, so a translator edits XML,
/// not Swift. A text may hold numbered placeholders, `{1}` … `{9}`, filled in the order the code passes its
/// arguments (a language may place them in any order).
public struct UIText: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var text: LocalizedText
        public var location: SourceLocation

        public init(key: String, text: LocalizedText, location: SourceLocation) {
            self.key = key
            self.text = text
            self.location = location
        }
    }

    /// Every entry by key (the first one read when a key is declared twice; lint reports the second).
    public private(set) var entries: [String: Entry] = [:]

    /// Entries whose key was already declared, in the order read (for lint).
    public private(set) var duplicates: [Entry] = []

    public init(_ entries: [Entry] = []) { for entry in entries { add(entry) } }

    public mutating func add(_ entry: Entry) {
        if entries[entry.key] == nil { entries[entry.key] = entry } else { duplicates.append(entry) }
    }

    public var keys: [String] { entries.keys.sorted() }

    /// The text of `key` in every language, placeholders filled. A key the catalog lacks reads `⟦key⟧`
    /// (lint and a test make sure no used key is missing).
    public func localized(_ key: String, _ arguments: [String] = []) -> LocalizedText {
        guard let entry = entries[key] else { return LocalizedText(en: "⟦\(key)⟧") }
        return LocalizedText(entry.text.values.mapValues { Self.fill($0, arguments) })
    }

    /// The text of `key` in `language`, placeholders filled.
    public func string(_ key: String, _ language: Language, _ arguments: [String] = []) -> String {
        guard let entry = entries[key] else { return "⟦\(key)⟧" }
        return Self.fill(entry.text[language], arguments)
    }

    /// Replaces `{n}` (n = 1…9) by the n-th argument; any other brace is kept as written.
    public static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var out = ""
        var chars = template.makeIterator()
        var pending: Character?
        while let c = pending ?? chars.next() {
            pending = nil
            guard c == "{" else {
                out.append(c)
                continue
            }
            guard let digit = chars.next() else {
                out.append(c)
                break
            }
            guard let n = digit.wholeNumberValue, (1...9).contains(n), n <= arguments.count else {
                out.append(c)
                pending = digit
                continue
            }
            guard let close = chars.next() else {
                out.append(c)
                out.append(digit)
                break
            }
            if close == "}" {
                out += arguments[n - 1]
            } else {
                out.append(c)
                out.append(digit)
                pending = close
            }
        }
        return out
    }

    /// The placeholders a template uses (`{1}` → 1), for lint.
    public static func placeholders(_ template: String) -> Set<Int> {
        var found = Set<Int>()
        let chars = Array(template)
        var i = 0
        while i + 2 < chars.count {
            if chars[i] == "{", let n = chars[i + 1].wholeNumberValue, (1...9).contains(n), chars[i + 2] == "}" {
                found.insert(n)
                i += 3
            } else {
                i += 1
            }
        }
        return found
    }
}
