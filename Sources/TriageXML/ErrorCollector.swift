internal import CLibXML2
import TriageCore

/// Receives libxml2's structured errors for one parse or validation and turns them into diagnostics.
/// Schema-validation errors carry no column; when libxml2 names the offending node, its position is
/// looked up in `positions` (filled while the tree is copied).
/// Where an element and its attributes start.
struct NodePosition {
    var line: Int
    var column: Int
    var attributes: [XMLAttribute]
}

final class ErrorCollector {
    private(set) var diagnostics: [Diagnostic] = []
    let file: String
    let id: String
    /// Element positions by pre-order index; libxml2 nodes carry `index + 1` in `_private`.
    var positions: [NodePosition] = []

    init(file: String, id: String) {
        self.file = file
        self.id = id
    }

    func add(_ error: UnsafePointer<xmlError>) {
        let err = error.pointee
        var message = err.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while let last = message.last, last.isWhitespace { message.removeLast() }
        var line = Int(err.line)
        var column = Int(err.int2)
        if err.domain == Int32(XML_FROM_SCHEMASV.rawValue) || err.domain == Int32(XML_FROM_SCHEMASP.rawValue) {
            column = 0
            if let node = err.node, let known = position(of: node, message: message) {
                line = known.line
                column = known.column
            }
        }
        let severity: Diagnostic.Severity = err.level.rawValue >= XML_ERR_ERROR.rawValue ? .error : .warning
        diagnostics.append(
            Diagnostic(
                severity, id, message,
                at: SourceLocation(file: file, line: max(line, 0), column: max(column, 0))))
    }

    /// The element (or attribute) libxml2 names in an error, via the index stored in `_private`.
    private func position(of raw: UnsafeMutableRawPointer, message: String) -> (line: Int, column: Int)? {
        let node = raw.assumingMemoryBound(to: xmlNode.self)
        var element = node
        var attributeName = Self.attributeName(in: message)
        if node.pointee.type == XML_ATTRIBUTE_NODE {
            guard let parent = node.pointee.parent else { return nil }
            element = parent
            attributeName = String(cString: node.pointee.name)
        }
        guard let tag = element.pointee._private, Int(bitPattern: tag) - 1 < positions.count else { return nil }
        let known = positions[Int(bitPattern: tag) - 1]
        if let attributeName, let attribute = known.attributes.first(where: { $0.name == attributeName }) {
            return (attribute.line, attribute.column)
        }
        return (known.line, known.column)
    }

    /// `attr` in a schema message `Element 'x', attribute 'attr': …`.
    static func attributeName(in message: String) -> String? {
        guard message.hasPrefix("Element '"), let marker = message.firstRange(of: "', attribute '") else { return nil }
        let rest = message[marker.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }

    func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
}

/// A C-compatible handler; the context is an unretained `ErrorCollector`.
let collectStructuredError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().add(error)
}

private let libxmlInitialized: Void = { xmlInitParser() }()

/// Runs `body` with libxml2's (thread-local) structured error handler pointed at `collector`.
func withCollectedErrors<T>(_ collector: ErrorCollector, _ body: () -> T) -> T {
    _ = libxmlInitialized
    let context = Unmanaged.passUnretained(collector).toOpaque()
    xmlSetStructuredErrorFunc(context, collectStructuredError)
    defer {
        xmlSetStructuredErrorFunc(nil, nil)
        // libxml2 also keeps a copy of the last error (message, file name) per thread until the next one;
        // the collector has what it needs, so it is released here rather than held between documents.
        xmlResetLastError()
    }
    return withExtendedLifetime(collector) { body() }
}
