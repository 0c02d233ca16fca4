internal import CLibXML2
import Foundation
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

    /// Reads the schema an `<xs:include schemaLocation=…>` names (a relative path), or says why not.
    public typealias IncludeReader = (String) -> Result<[UInt8], XMLSourcePolicy.Refusal>

    /// Compiles schema text under the same rule as every other XML file: UTF-8, no DOCTYPE, no entity.
    /// `xs:import`, `xs:redefine` and `xs:override` are refused, and so is `xs:include` unless `include` is
    /// given: then a top-level `<xs:include>` with a relative `schemaLocation` is read through it (for a file,
    /// through the loading's ``XMLSourcePolicy``, so it stays inside the tree), checked like this schema (an
    /// included schema includes nothing itself), and its definitions are copied in place of the include
    /// before libxml2 compiles. libxml2 itself never opens another file or the network.
    public init(bytes: [UInt8], name: String, include: IncludeReader? = nil) throws(CompileError) {
        let checked = XMLReader.parse(bytes, file: name)
        guard let tree = checked.document, !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            throw CompileError(diagnostics: checked.diagnostics)
        }
        let references = Self.externalReferences(in: tree.root, document: tree, includesAllowed: include != nil)
        guard references.isEmpty else { throw CompileError(diagnostics: references) }
        let included = try Self.includedSchemas(of: tree, include: include)
        let doc = try Self.document(bytes, name: name, including: included)
        schema = try Self.compile(doc, name: name)
        schemaDocument = doc
        self.name = name
    }

    /// The text of each schema the top-level `<xs:include>` elements of `tree` name, each checked (well-formed,
    /// an `<xs:schema>`, including nothing itself).
    private static func includedSchemas(of tree: XMLDocument, include: IncludeReader?) throws(CompileError)
        -> [[UInt8]]
    {
        var included: [[UInt8]] = []
        var diagnostics: [Diagnostic] = []
        for node in tree.root.children where localName(node) == "include" {
            let location = node["schemaLocation"] ?? ""
            switch include?(location) {
            case .success(let bytes)?:
                let inner = XMLReader.parse(bytes, file: location)
                diagnostics += inner.diagnostics.filter { $0.severity == .error }
                if let innerTree = inner.document {
                    diagnostics += externalReferences(in: innerTree.root, document: innerTree, includesAllowed: false)
                    if localName(innerTree.root) != "schema" {
                        diagnostics.append(
                            Diagnostic(
                                .error, XMLReader.DiagnosticID.schema,
                                "\(location) is not a schema (<xs:schema>)",
                                at: tree.location(of: node)))
                    }
                }
                included.append(bytes)
            case .failure(let refusal)?:
                diagnostics.append(
                    Diagnostic(
                        .error, XMLReader.DiagnosticID.read,
                        "<xs:include schemaLocation=\"\(location)\">: \(refusal.message)",
                        at: tree.location(of: node)))
            case nil:
                break
            }
        }
        guard diagnostics.isEmpty else { throw CompileError(diagnostics: diagnostics) }
        return included
    }

    /// The schema as a libxml2 document with the included schemas' definitions copied in.
    private static func document(_ bytes: [UInt8], name: String, including included: [[UInt8]]) throws(CompileError)
        -> xmlDocPtr
    {
        guard let doc = XMLReader.readMemory(bytes, file: name) else {
            throw CompileError(diagnostics: [
                Diagnostic(
                    .error, XMLReader.DiagnosticID.schema, "schema did not parse",
                    at: SourceLocation(file: name, line: 0, column: 0))
            ])
        }
        guard inline(included, into: doc, name: name) else {
            xmlFreeDoc(doc)
            throw CompileError(diagnostics: [
                Diagnostic(
                    .error, XMLReader.DiagnosticID.schema,
                    "an included schema did not parse",
                    at: SourceLocation(file: name, line: 0, column: 0))
            ])
        }
        return doc
    }

    /// `doc` compiled by libxml2 (its errors collected as diagnostics); on failure `doc` is freed.
    private static func compile(_ doc: xmlDocPtr, name: String) throws(CompileError) -> OpaquePointer {
        let collector = ErrorCollector(file: name, id: XMLReader.DiagnosticID.schema)
        let compiled: OpaquePointer? = withCollectedErrors(collector) {
            guard let context = xmlSchemaNewDocParserCtxt(doc) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(
                context, collectStructuredError,
                Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(context)
        }
        guard let compiled else {
            xmlFreeDoc(doc)
            var diagnostics = collector.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [
                    Diagnostic(
                        .error, XMLReader.DiagnosticID.schema, "schema did not compile",
                        at: SourceLocation(file: name, line: 0, column: 0))
                ]
            }
            throw CompileError(diagnostics: diagnostics)
        }
        return compiled
    }

    /// Reads a schema file through `policy` and compiles it.
    public convenience init(
        path: String, name: String? = nil,
        policy: XMLSourcePolicy = XMLSourcePolicy(roots: [])
    ) throws(CompileError) {
        switch policy.read(path) {
        case .failure(let refusal):
            throw CompileError(diagnostics: [
                Diagnostic(
                    .error, XMLReader.DiagnosticID.read, refusal.message,
                    at: SourceLocation(file: name ?? path, line: 0, column: 0))
            ])
        case .success(let bytes):
            let folder = (path as NSString).deletingLastPathComponent
            try self.init(
                bytes: bytes, name: name ?? path,
                include: { location in
                    policy.read((folder as NSString).appendingPathComponent(location))
                })
        }
    }

    private static func localName(_ node: XMLNode) -> String {
        node.name.split(separator: ":").last.map(String.init) ?? node.name
    }

    /// A relative file path: not absolute, no URL scheme, no backslash.
    private static func isRelativePath(_ location: String) -> Bool {
        !location.isEmpty && !location.hasPrefix("/") && !location.contains(":") && !location.contains("\\")
    }

    /// Replaces each top-level `xs:include` of `doc`, in order, by the top-level elements of the matching
    /// schema in `included`. False when an included schema does not parse.
    private static func inline(_ included: [[UInt8]], into doc: xmlDocPtr, name: String) -> Bool {
        guard !included.isEmpty, let root = xmlDocGetRootElement(doc) else { return true }
        var includes: [xmlNodePtr] = []
        var child = root.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, let raw = node.pointee.name,
                String(cString: raw) == "include"
            {
                includes.append(node)
            }
            child = node.pointee.next
        }
        guard includes.count == included.count else { return false }
        for (node, bytes) in zip(includes, included) {
            guard let other = XMLReader.readMemory(bytes, file: name) else { return false }
            defer { xmlFreeDoc(other) }
            var definition = xmlDocGetRootElement(other)?.pointee.children
            while let source = definition {
                if source.pointee.type == XML_ELEMENT_NODE, let copy = xmlDocCopyNode(source, doc, 1) {
                    xmlAddPrevSibling(node, copy)
                }
                definition = source.pointee.next
            }
            xmlUnlinkNode(node)
            xmlFreeNode(node)
        }
        return true
    }

    /// Elements that would make libxml2 load another document (a relative top-level include is read by
    /// triage itself when `includesAllowed`).
    private static func externalReferences(
        in node: XMLNode, document: XMLDocument,
        includesAllowed: Bool, depth: Int = 0
    ) -> [Diagnostic] {
        let local = localName(node)
        var found: [Diagnostic] = []
        if local == "include", includesAllowed, depth == 1, isRelativePath(node["schemaLocation"] ?? "") {
            // Read through the include reader, not by libxml2.
        } else if ["include", "import", "redefine", "override"].contains(local) {
            found.append(
                Diagnostic(
                    .error, XMLReader.DiagnosticID.schema,
                    "<\(node.name)> is refused: schemas must be self-contained (triage never loads another file)",
                    at: document.location(of: node)))
        }
        for child in node.children {
            found += externalReferences(
                in: child, document: document, includesAllowed: includesAllowed, depth: depth + 1)
        }
        return found
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(schemaDocument)
    }

    func validate(_ doc: xmlDocPtr, reportingTo collector: ErrorCollector) {
        guard let context = xmlSchemaNewValidCtxt(schema) else { return }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(
            context, collectStructuredError, Unmanaged.passUnretained(collector).toOpaque())
        withExtendedLifetime(collector) { _ = xmlSchemaValidateDoc(context, doc) }
    }
}
