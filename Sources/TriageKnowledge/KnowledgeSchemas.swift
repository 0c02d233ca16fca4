import TriageCore
import TriageXML

/// The compiled XSD schemas, one per format. Compile once per load (or keep one and pass it around).
public struct KnowledgeSchemas: Sendable {
    private var schemas: [KnowledgeFormat: XMLSchema]

    public init(schemas: [KnowledgeFormat: XMLSchema]) { self.schemas = schemas }

    /// Compiles `rulesDirectory/rule.xsd` and `knowledgeDirectory/<format>.xsd`. A missing or broken schema
    /// is reported; files of that format are then checked without it.
    public static func load(rulesDirectory: String, knowledgeDirectory: String) -> (KnowledgeSchemas, [Diagnostic]) {
        var schemas: [KnowledgeFormat: XMLSchema] = [:]
        var diagnostics: [Diagnostic] = []
        for format in KnowledgeFormat.allCases {
            let directory = format.schemaInRulesDirectory ? rulesDirectory : knowledgeDirectory
            let path = PathTools.join(directory, format.schemaFile)
            guard PathTools.isFile(path) else {
                diagnostics.append(Diagnostic(.error, KnowledgeDiagnosticID.schemaMissing,
                                              "schema \(format.schemaFile) not found; \(format.rootElement) files are not validated",
                                              at: SourceLocation(file: path, line: 0, column: 0)))
                continue
            }
            do {
                schemas[format] = try XMLSchema(path: path)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        return (KnowledgeSchemas(schemas: schemas), diagnostics)
    }

    public func schema(for format: KnowledgeFormat) -> XMLSchema? { schemas[format] }
}
