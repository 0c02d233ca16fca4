import Foundation
import Testing
import TriageCore
import TriageKnowledge

/// The shipped interface texts (`KnowledgeBase/ui-text.xml`): the reports of hand-built analyses print them.
enum ShippedText {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let loaded: KnowledgeLoadResult = {
        let knowledge = repoRoot + "/KnowledgeBase"
        let (schemas, _) = KnowledgeSchemas.load(rulesDirectory: repoRoot + "/Rules", knowledgeDirectory: knowledge)
        return KnowledgeLoader.load(
            paths: [knowledge + "/ui-text.xml"], rulesDirectory: repoRoot + "/Rules",
            schemas: schemas)
    }()

    static var catalog: UIText { loaded.knowledgeBase.uiText }

    /// Every key the Swift sources name: `t("key"`, `localized("key"` and `string("key"` calls (the key may start the next line), `key: "key"` arguments.
    static func keysUsedInSources() throws -> [String: [String]] {
        let pattern = try NSRegularExpression(
            pattern: #"(?:(?<![A-Za-z0-9_])(?:t|localized|string)\(\s*|key: )"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)""#)
        var used: [String: [String]] = [:]
        let sources = repoRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                guard let keyRange = Range(match.range(at: 1), in: text) else { continue }
                used[String(text[keyRange]), default: []].append(file)
            }
        }
        return used
    }
}

@Suite("Interface texts as data")
struct UITextTests {
    @Test("the shipped catalog loads without a diagnostic")
    func loadsCleanly() {
        #expect(ShippedText.loaded.diagnostics.map(\.description) == [])
        #expect(ShippedText.catalog.keys.count == 316)
    }

    @Test("every key the Swift code names is in ui-text.xml, with every language")
    func everyUsedKeyExists() throws {
        let used = try ShippedText.keysUsedInSources()
        #expect(used.count > 70)
        for (key, files) in used.sorted(by: { $0.key < $1.key }) {
            guard let entry = ShippedText.catalog.entries[key] else {
                Issue.record("\(key) (used in \(files.joined(separator: ", "))) is not in ui-text.xml")
                continue
            }
            let missing = Language.allCases.filter { entry.text.values[$0, default: ""].isEmpty }
            #expect(missing == [], "\(key) has no text in \(missing)")
        }
    }

    @Test("every key of ui-text.xml is used by the code (results, risks and phases are named by their value)")
    func everyKeyIsUsed() throws {
        let used = try ShippedText.keysUsedInSources()
        let dynamic = ["result.", "risk.", "phase."]
        let unused = ShippedText.catalog.keys.filter { key in
            used[key] == nil && !dynamic.contains { key.hasPrefix($0) }
        }
        #expect(unused == [])
        #expect(
            ShippedText.catalog.keys.filter { $0.hasPrefix("risk.") } == [
                "risk.high", "risk.low", "risk.medium", "risk.none"
            ])
    }

    @Test("placeholders are filled in the order the code passes them, wherever a language puts them")
    func placeholders() {
        #expect(
            UIText.fill("rank {1}: prior {2} → posterior {3}", ["2", "10.0%", "47.5%"])
                == "rank 2: prior 10.0% → posterior 47.5%")
        #expect(UIText.fill("{2} 与 {1}", ["a", "b"]) == "b 与 a")
        #expect(UIText.fill("{x} {1} {9} {", ["a"]) == "{x} a {9} {")
        #expect(UIText.placeholders("({1}all steps; {2} and {1})") == [1, 2])
        let text = UIText([
            .init(
                key: "a.b", text: LocalizedText(en: "{1} min", zh: "{1} 分钟"),
                location: SourceLocation(file: "t.xml", line: 1, column: 1))
        ])
        #expect(text.string("a.b", .zhCN, ["5"]) == "5 分钟")
        #expect(text.string("a.missing", .en) == "⟦a.missing⟧")
    }
}
