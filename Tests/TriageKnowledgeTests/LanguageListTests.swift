import Foundation
import Testing
import TriageCore

/// The schemas are self-contained (no `xs:include`), so each one that takes a `lang` repeats the language
/// list; `Language` (TriageCore) is the list, and this test keeps every schema equal to it.
@Suite struct LanguageListTests {
    static func schemas() throws -> [String] {
        let folders = [Fixtures.repoRoot + "/KnowledgeBase", Fixtures.repoRoot + "/Rules", Fixtures.repoRoot + "/Tests/Cases"]
        return try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xsd") }.sorted()
                .map { folder + "/" + $0 }
        }
    }

    /// The `<xs:enumeration value=…>` of the simple type `Lang`, in order; nil when the schema has none.
    static func languages(in schema: String) -> [String]? {
        guard let start = schema.range(of: #"<xs:simpleType name="Lang">"#),
              let end = schema.range(of: "</xs:simpleType>", range: start.upperBound..<schema.endIndex) else { return nil }
        return schema[start.upperBound..<end.lowerBound].components(separatedBy: #"<xs:enumeration value=""#).dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func everySchemaListsTheLanguagesOfTheModel() throws {
        let expected = Language.allCases.map(\.rawValue)
        var checked: [String] = []
        for path in try Self.schemas() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let name = (path as NSString).lastPathComponent
            if let listed = Self.languages(in: text) {
                #expect(listed == expected, "\(name) lists \(listed)")
                checked.append(name)
            }
            if name == "ui-text.xsd" {
                for language in expected {
                    #expect(text.contains(#"<xs:attribute name="\#(language)" type="xs:string" use="required"/>"#),
                            "ui-text.xsd does not require \(language)")
                }
                checked.append(name)
            }
        }
        #expect(checked == ["error-codes.xsd", "fact-kinds.xsd", "hypothesis.xsd", "observations.xsd", "procedure.xsd",
                            "signatures.xsd", "tools.xsd", "ui-text.xsd", "rule.xsd"])
    }
}
