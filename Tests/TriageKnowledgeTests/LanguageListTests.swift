import Foundation
import Testing
import TriageCore

/// The language list is in one place, `KnowledgeBase/languages.xsd`, included by every schema that takes a
/// language; it must equal `Language` (TriageCore).
@Suite struct LanguageListTests {
    static func schemas() throws -> [String] {
        let folders = [
            Fixtures.repoRoot + "/KnowledgeBase", Fixtures.repoRoot + "/Rules", Fixtures.repoRoot + "/Tests/Cases"
        ]
        return try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xsd") }.sorted()
                .map { folder + "/" + $0 }
        }
    }

    /// The values of `<xs:enumeration value=…>` in the simple type `Lang`, in order; nil when there is none.
    static func languages(in schema: String) -> [String]? {
        guard let start = schema.range(of: #"<xs:simpleType name="Lang">"#),
            let end = schema.range(of: "</xs:simpleType>", range: start.upperBound..<schema.endIndex)
        else { return nil }
        return schema[start.upperBound..<end.lowerBound].components(separatedBy: #"<xs:enumeration value=""#)
            .dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func languagesXSDListsTheModelsLanguagesAndEverySchemaIncludesIt() throws {
        let expected = Language.allCases.map(\.rawValue)
        var defining: [String] = []
        var including: [String] = []
        for path in try Self.schemas() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let name = (path as NSString).lastPathComponent
            if let listed = Self.languages(in: text) {
                #expect(listed == expected, "\(name) lists \(listed)")
                defining.append(name)
                for language in expected {
                    #expect(text.contains(#"<xs:attribute name="\#(language)" type="xs:string" use="required"/>"#))
                }
            }
            if text.contains(#"<xs:include schemaLocation=""#) { including.append(name) }
        }
        #expect(defining == ["languages.xsd"])
        #expect(
            including == [
                "error-codes.xsd", "fact-kinds.xsd", "hypothesis.xsd", "observations.xsd", "procedure.xsd",
                "signatures.xsd", "tools.xsd", "ui-text.xsd", "rule.xsd"
            ])
    }
}
