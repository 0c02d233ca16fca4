/// A 1-based position in a file. Columns count Unicode scalars; 0 means "no column known"
/// (libxml2 gives none for schema-validation errors).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem found in a rule or knowledge file (or reported by libxml2), compiler style.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning, note
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    /// Stable id in brackets at the end of the message (`unknown-procedure`, `xml-syntax`, …).
    public var id: String
    public var message: String
    public var location: SourceLocation

    /// Longest message kept, in Unicode scalars: a message quoting a value from a file (a 9 MB attribute)
    /// is cut, and says so.
    public static let maxMessageLength = 400

    /// Control characters in `message` (quoted from a file) are escaped, and a very long message is cut.
    public init(_ severity: Severity, _ id: String, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.id = id
        var text = TerminalText.escape(message)
        if text.unicodeScalars.count > Self.maxMessageLength {
            let count = text.unicodeScalars.count
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: text.unicodeScalars.prefix(Self.maxMessageLength))
            text = String(cut) + "… (message cut: \(count) characters)"
        }
        self.message = text
        self.location = location
    }

    /// `file:line:col: error: message [id]`
    public var description: String { "\(location): \(severity.rawValue): \(message) [\(id)]" }

    /// Deterministic order for printing: file, line, column, severity, message.
    public static func stableOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        if a.location.line != b.location.line { return a.location.line < b.location.line }
        if a.location.column != b.location.column { return a.location.column < b.location.column }
        if a.severity != b.severity { return a.severity < b.severity }
        return a.message < b.message
    }
}
