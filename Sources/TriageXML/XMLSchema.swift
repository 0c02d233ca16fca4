import CLibXML2
import TriageCore

/// A compiled XSD schema. Compile once, validate from any thread (each validation gets its own context).
public final class XMLSchema: @unchecked Sendable {
    /// Why a schema did not compile.
    public struct CompileError: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    private let schema: OpaquePointer
    /// Display name used in diagnostics (`Rules/rule.xsd`).
    public let name: String

    /// Compiles schema text. The schema must be self-contained: `xs:include`/`xs:import` are not resolved
    /// through the network (NONET) and should not be used.
    public init(bytes: [UInt8], name: String) throws(CompileError) {
        let collector = ErrorCollector(file: name, id: XMLReader.DiagnosticID.schema)
        let compiled: OpaquePointer? = withCollectedErrors(collector) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars -> OpaquePointer? in
                    guard let context = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                        return nil
                    }
                    defer { xmlSchemaFreeParserCtxt(context) }
                    xmlSchemaSetParserStructuredErrors(context, collectStructuredError,
                                                       Unmanaged.passUnretained(collector).toOpaque())
                    return xmlSchemaParse(context)
                }
            }
        }
        guard let compiled else {
            var diagnostics = collector.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [Diagnostic(.error, XMLReader.DiagnosticID.schema, "schema did not compile",
                                          at: SourceLocation(file: name, line: 0, column: 0))]
            }
            throw CompileError(diagnostics: diagnostics)
        }
        schema = compiled
        self.name = name
    }

    /// Reads and compiles a schema file.
    public convenience init(path: String, name: String? = nil) throws(CompileError) {
        guard let bytes = FileBytes.read(path) else {
            throw CompileError(diagnostics: [
                Diagnostic(.error, XMLReader.DiagnosticID.read, "cannot read schema",
                           at: SourceLocation(file: name ?? path, line: 0, column: 0)),
            ])
        }
        try self.init(bytes: bytes, name: name ?? path)
    }

    deinit { xmlSchemaFree(schema) }

    func validate(_ doc: xmlDocPtr, reportingTo collector: ErrorCollector) {
        guard let context = xmlSchemaNewValidCtxt(schema) else { return }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectStructuredError, Unmanaged.passUnretained(collector).toOpaque())
        withExtendedLifetime(collector) { _ = xmlSchemaValidateDoc(context, doc) }
    }
}
