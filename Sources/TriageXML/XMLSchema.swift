internal import CLibXML2
import TriageCore

/// A compiled XSD schema. Compile once, validate from any thread (each validation gets its own context).
public final class XMLSchema: @unchecked Sendable {
    /// Why a schema did not compile.
    public struct CompileError: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    private let schema: OpaquePointer
    /// The parsed schema document; the compiled schema may point into it, so it lives as long.
    private let schemaDocument: xmlDocPtr
    /// Display name used in diagnostics (`Rules/rule.xsd`).
    public let name: String

    /// Compiles schema text under the same rule as every other XML file: UTF-8, no DOCTYPE, no entity, and
    /// self-contained (`xs:include`, `xs:import`, `xs:redefine` and `xs:override` are refused, so compiling
    /// never opens another file or the network).
    public init(bytes: [UInt8], name: String) throws(CompileError) {
        let checked = XMLReader.parse(bytes, file: name)
        guard let tree = checked.document, !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            throw CompileError(diagnostics: checked.diagnostics)
        }
        let references = Self.externalReferences(in: tree.root, document: tree)
        guard references.isEmpty else { throw CompileError(diagnostics: references) }
        guard let doc = XMLReader.readMemory(bytes, file: name) else {
            throw CompileError(diagnostics: [Diagnostic(.error, XMLReader.DiagnosticID.schema, "schema did not parse",
                                                        at: SourceLocation(file: name, line: 0, column: 0))])
        }
        let collector = ErrorCollector(file: name, id: XMLReader.DiagnosticID.schema)
        let compiled: OpaquePointer? = withCollectedErrors(collector) {
            guard let context = xmlSchemaNewDocParserCtxt(doc) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, collectStructuredError,
                                               Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(context)
        }
        guard let compiled else {
            xmlFreeDoc(doc)
            var diagnostics = collector.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [Diagnostic(.error, XMLReader.DiagnosticID.schema, "schema did not compile",
                                          at: SourceLocation(file: name, line: 0, column: 0))]
            }
            throw CompileError(diagnostics: diagnostics)
        }
        schema = compiled
        schemaDocument = doc
        self.name = name
    }

    /// Reads a schema file through `policy` and compiles it.
    public convenience init(path: String, name: String? = nil,
                            policy: XMLSourcePolicy = XMLSourcePolicy(roots: [])) throws(CompileError) {
        switch policy.read(path) {
        case .failure(let refusal):
            throw CompileError(diagnostics: [
                Diagnostic(.error, XMLReader.DiagnosticID.read, refusal.message,
                           at: SourceLocation(file: name ?? path, line: 0, column: 0)),
            ])
        case .success(let bytes):
            try self.init(bytes: bytes, name: name ?? path)
        }
    }

    /// Elements that would make libxml2 load another document.
    private static func externalReferences(in node: XMLNode, document: XMLDocument) -> [Diagnostic] {
        let local = node.name.split(separator: ":").last.map(String.init) ?? node.name
        var found: [Diagnostic] = []
        if ["include", "import", "redefine", "override"].contains(local) {
            found.append(Diagnostic(.error, XMLReader.DiagnosticID.schema,
                                    "<\(node.name)> is refused: schemas must be self-contained (triage never loads another file)",
                                    at: document.location(of: node)))
        }
        for child in node.children { found += externalReferences(in: child, document: document) }
        return found
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(schemaDocument)
    }

    func validate(_ doc: xmlDocPtr, reportingTo collector: ErrorCollector) {
        guard let context = xmlSchemaNewValidCtxt(schema) else { return }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectStructuredError, Unmanaged.passUnretained(collector).toOpaque())
        withExtendedLifetime(collector) { _ = xmlSchemaValidateDoc(context, doc) }
    }
}
