import TriageCore

/// An attribute as written, with the 1-based position of its name.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var value: String
    public var line: Int
    public var column: Int

    public init(name: String, value: String, line: Int, column: Int) {
        self.name = name
        self.value = value
        self.line = line
        self.column = column
    }
}

/// A plain copy of one element of a parsed document. No libxml2 pointers survive the parse.
public struct XMLNode: Sendable, Hashable {
    public var name: String
    /// In document order.
    public var attributes: [XMLAttribute]
    /// The element's own text and CDATA content, concatenated (children's text excluded).
    public var text: String
    public var children: [XMLNode]
    /// 1-based line and column of the start tag's `<`.
    public var line: Int
    public var column: Int
    /// 1-based line where the element's content starts (just after the start tag's `>`).
    public var contentLine: Int

    public init(
        name: String, attributes: [XMLAttribute] = [], text: String = "", children: [XMLNode] = [],
        line: Int, column: Int, contentLine: Int? = nil
    ) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
        self.line = line
        self.column = column
        self.contentLine = contentLine ?? line
    }

    public subscript(_ attributeName: String) -> String? { attribute(attributeName)?.value }

    public func attribute(_ attributeName: String) -> XMLAttribute? {
        attributes.first { $0.name == attributeName }
    }

    public func children(named childName: String) -> [XMLNode] { children.filter { $0.name == childName } }

    public func child(named childName: String) -> XMLNode? { children.first { $0.name == childName } }
}

/// A parsed file: its display path and root element.
public struct XMLDocument: Sendable, Hashable {
    public var file: String
    public var root: XMLNode

    public init(file: String, root: XMLNode) {
        self.file = file
        self.root = root
    }

    public func location(of node: XMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    public func location(of attribute: XMLAttribute) -> SourceLocation {
        SourceLocation(file: file, line: attribute.line, column: attribute.column)
    }

    /// The attribute's position when present, else the element's.
    public func location(of node: XMLNode, attribute name: String) -> SourceLocation {
        node.attribute(name).map { location(of: $0) } ?? location(of: node)
    }
}

/// What reading one file produced: a document when it parsed, and every problem found.
public struct XMLReadResult: Sendable {
    public var document: XMLDocument?
    public var diagnostics: [Diagnostic]

    public init(document: XMLDocument?, diagnostics: [Diagnostic]) {
        self.document = document
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
