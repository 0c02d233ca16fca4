import TriageCore
import TriageXML

/// The compiled XSD schemas, one per format. Compile once per load (or keep one and pass it around).
public struct KnowledgeSchemas: Sendable {
    private var schemas: [KnowledgeFormat: XMLSchema]

    public init(schemas: [KnowledgeFormat: XMLSchema]) { self.schemas = schemas }

    /// Compiles `rulesDirectory/rule.xsd` and `knowledgeDirectory/<format>.xsd`; a schema missing there is
    /// looked for in `fallbackDirectories` (e.g. the shipped folders when linting a copy that has no schemas).
    /// A missing or broken schema is reported; files of that format are then checked without it.
    public static func load(
        rulesDirectory: String, knowledgeDirectory: String,
        fallbackDirectories: [String] = []
    ) -> (KnowledgeSchemas, [Diagnostic]) {
        var schemas: [KnowledgeFormat: XMLSchema] = [:]
        var diagnostics: [Diagnostic] = []
        let policy = XMLSourcePolicy(roots: [rulesDirectory, knowledgeDirectory] + fallbackDirectories)
        for format in KnowledgeFormat.allCases {
            let directory = format.schemaInRulesDirectory ? rulesDirectory : knowledgeDirectory
            let primary = PathTools.join(directory, format.schemaFile)
            let candidates = [primary] + fallbackDirectories.map { PathTools.join($0, format.schemaFile) }
            guard let path = candidates.first(where: PathTools.isFile) else {
                diagnostics.append(
                    Diagnostic(
                        .error, KnowledgeDiagnosticID.schemaMissing,
                        "schema \(format.schemaFile) not found; \(format.rootElement) files are not validated",
                        at: SourceLocation(file: primary, line: 0, column: 0)))
                continue
            }
            do {
                schemas[format] = try XMLSchema(path: path, policy: policy)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        return (KnowledgeSchemas(schemas: schemas), diagnostics)
    }

    public func schema(for format: KnowledgeFormat) -> XMLSchema? { schemas[format] }
}
