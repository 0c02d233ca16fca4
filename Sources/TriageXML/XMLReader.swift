internal import CLibXML2
import TriageCore

/// Parses knowledge files with libxml2, safely: no network, no DTD loading, no entity expansion, and any
/// DOCTYPE refused before libxml2 sees the document.
public enum XMLReader {
    /// `NONET | BIG_LINES | NOERROR | NOWARNING`. Never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
    static let parseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Diagnostic ids this module emits.
    public enum DiagnosticID {
        public static let syntax = "xml-syntax"
        public static let doctype = "doctype"
        public static let encoding = "encoding"
        public static let schema = "schema"
        public static let read = "read-error"
    }

    /// Reads a file through `policy` (regular files inside the loaded tree only, size-limited, never
    /// blocking) and parses it. `file` is the path shown in diagnostics (defaults to `path`).
    public static func read(
        path: String, file: String? = nil, policy: XMLSourcePolicy = XMLSourcePolicy(roots: []),
        schema: (String) -> XMLSchema? = { _ in nil }
    ) -> XMLReadResult {
        let display = file ?? path
        switch policy.read(path) {
        case .failure(let refusal):
            return XMLReadResult(
                document: nil,
                diagnostics: [
                    Diagnostic(
                        .error, DiagnosticID.read, refusal.message,
                        at: SourceLocation(file: display, line: 0, column: 0))
                ])
        case .success(let bytes):
            return parse(bytes, file: display, schema: schema)
        }
    }

    /// Parses `bytes` (UTF-8, optional BOM); validates the document against `schema(rootName)` when it
    /// returns one. Diagnostics come in the order found.
    public static func parse(
        _ bytes: [UInt8], file: String,
        schema: (String) -> XMLSchema? = { _ in nil }
    ) -> XMLReadResult {
        let at = { (line: Int, column: Int) in SourceLocation(file: file, line: line, column: column) }
        if let problem = EncodingCheck.problem(in: bytes) {
            return XMLReadResult(
                document: nil,
                diagnostics: [
                    Diagnostic(.error, DiagnosticID.encoding, problem.message, at: at(problem.line, problem.column))
                ])
        }
        let start = EncodingCheck.hasUTF8BOM(bytes) ? 3 : 0
        let scanner = StartTagScanner.scan(bytes, start: start)
        if let doctype = scanner.doctype {
            return XMLReadResult(
                document: nil,
                diagnostics: [
                    Diagnostic(
                        .error, DiagnosticID.doctype,
                        "DOCTYPE declarations are not allowed in knowledge files (DTDs and entities are never loaded)",
                        at: at(doctype.line, doctype.column))
                ])
        }
        guard bytes.count < Int(Int32.max) else {
            return XMLReadResult(
                document: nil,
                diagnostics: [
                    Diagnostic(.error, DiagnosticID.read, "file is too large", at: at(0, 0))
                ])
        }
        let collector = ErrorCollector(file: file, id: DiagnosticID.syntax)
        return withCollectedErrors(collector) {
            guard let doc = readMemory(bytes, file: file) else {
                if collector.diagnostics.isEmpty {
                    collector.append(Diagnostic(.error, DiagnosticID.syntax, "document is empty", at: at(1, 1)))
                }
                // libxml2 stops at the first fatal error; what follows it is noise caused by it.
                return XMLReadResult(document: nil, diagnostics: Array(collector.diagnostics.prefix(1)))
            }
            defer { xmlFreeDoc(doc) }
            if doc.pointee.intSubset != nil {  // defence in depth; the scanner refuses DOCTYPEs first
                collector.append(
                    Diagnostic(
                        .error, DiagnosticID.doctype,
                        "DOCTYPE declarations are not allowed in knowledge files", at: at(1, 1)))
                return XMLReadResult(document: nil, diagnostics: collector.diagnostics)
            }
            guard let rootPointer = xmlDocGetRootElement(doc) else {
                collector.append(Diagnostic(.error, DiagnosticID.syntax, "document has no root element", at: at(1, 1)))
                return XMLReadResult(document: nil, diagnostics: collector.diagnostics)
            }
            var builder = TreeBuilder(tags: scanner.tags, attributes: scanner.attributes)
            let root = builder.copy(rootPointer)
            collector.positions = builder.positions
            if let schema = schema(root.name) {
                let validator = ErrorCollector(file: file, id: DiagnosticID.schema)
                validator.positions = builder.positions
                schema.validate(doc, reportingTo: validator)
                for diagnostic in validator.diagnostics { collector.append(diagnostic) }
            }
            return XMLReadResult(document: XMLDocument(file: file, root: root), diagnostics: collector.diagnostics)
        }
    }
}

extension XMLReader {
    /// libxml2's parse of `bytes` with ``parseOptions``; the caller frees the document. Callers check the
    /// encoding and refuse DOCTYPEs first (``parse(_:file:schema:)``).
    static func readMemory(_ bytes: [UInt8], file: String) -> xmlDocPtr? {
        LibXML2Guard.install()
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(chars.count), file, nil, parseOptions)
            }
        }
    }
}

/// Copies libxml2's tree into `XMLNode`s, taking positions from the scanner.
struct TreeBuilder {
    let tags: [StartTagScanner.Tag]
    let attributes: [StartTagScanner.Attribute]
    var next = 0
    var positions: [NodePosition] = []

    init(tags: [StartTagScanner.Tag], attributes: [StartTagScanner.Attribute]) {
        self.tags = tags
        self.attributes = attributes
    }

    static func qualifiedName(_ name: UnsafePointer<xmlChar>, _ ns: xmlNsPtr?) -> String {
        let local = String(cString: name)
        if let prefix = ns?.pointee.prefix { return String(cString: prefix) + ":" + local }
        return local
    }

    static func equals(_ bytes: ArraySlice<UInt8>, _ name: String) -> Bool { bytes.elementsEqual(name.utf8) }

    mutating func copy(_ node: xmlNodePtr) -> XMLNode {
        let name = Self.qualifiedName(node.pointee.name, node.pointee.ns)
        var tag: StartTagScanner.Tag?
        if next < tags.count, Self.equals(tags[next].name, name) { tag = tags[next] }
        next += 1
        let line = tag?.position.line ?? Int(xmlGetLineNo(node))
        let column = tag?.position.column ?? 0
        let index = positions.count
        positions.append(NodePosition(line: line, column: column, attributes: []))
        node.pointee._private = UnsafeMutableRawPointer(bitPattern: index + 1)

        var attributes: [XMLAttribute] = []
        var property = node.pointee.properties
        while let attr = property {
            let attrName = Self.qualifiedName(attr.pointee.name, attr.pointee.ns)
            var value = ""
            var valueNode = attr.pointee.children
            while let v = valueNode {
                if v.pointee.type == XML_TEXT_NODE, let content = v.pointee.content {
                    value += String(cString: content)
                }
                valueNode = v.pointee.next
            }
            let position = tag.flatMap { t in
                self.attributes[t.attributeRange].first { Self.equals($0.name, attrName) }?.position
            }
            let attrLine = position?.line ?? line
            let attrColumn = position?.column ?? column
            attributes.append(XMLAttribute(name: attrName, value: value, line: attrLine, column: attrColumn))
            property = attr.pointee.next
        }

        positions[index].attributes = attributes
        var text = ""
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(copy(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { text += String(cString: content) }
            default:
                break  // comments, processing instructions; entity references are never expanded
            }
            child = c.pointee.next
        }
        return XMLNode(
            name: name, attributes: attributes, text: text, children: children, line: line,
            column: column, contentLine: tag?.contentLine ?? line)
    }
}
