import Foundation
import TriageCore
import TriageXML

/// Output formats shared by the knowledge commands.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Compiler-style rendering: `file:line:col: error: message [id]`, the source line, and a caret under the column.
public struct DiagnosticRenderer {
    /// Paths under this folder are shown relative to it.
    public var relativeTo: String?
    private var sources: [String: [Substring]] = [:]

    public init(relativeTo: String? = nil) { self.relativeTo = relativeTo }

    public func displayPath(_ path: String) -> String {
        guard let base = relativeTo, !base.isEmpty else { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// One diagnostic with its source line and caret (when the line and column are known).
    public mutating func render(_ diagnostic: Diagnostic) -> String {
        var d = diagnostic
        d.location.file = displayPath(d.location.file)
        if let base = relativeTo, !base.isEmpty {
            d.message = d.message.replacingOccurrences(of: base.hasSuffix("/") ? base : base + "/", with: "")
        }
        var text = d.description
        let line = diagnostic.location.line
        guard line > 0, let source = sourceLine(diagnostic.location.file, line) else { return text }
        var scalars = Array(source.unicodeScalars)
        var caretOffset = diagnostic.location.column - 1
        if scalars.count > Self.maxSourceWidth {
            // Show a window around the column of very long lines.
            let start = max(0, min(caretOffset - Self.maxSourceWidth / 3, scalars.count - Self.maxSourceWidth))
            let end = min(scalars.count, start + Self.maxSourceWidth)
            let window = Array(scalars[start..<end])
            scalars = (start > 0 ? ["…"] : []) + window + (end < source.unicodeScalars.count ? ["…"] : [])
            caretOffset = caretOffset - start + (start > 0 ? 1 : 0)
        }
        var shown = String.UnicodeScalarView()
        // Control characters (NUL, ESC, the bytes of a UTF-16 file) are shown as their control pictures
        // (U+2400…), one column each, so the caret stays under its column.
        shown.append(
            contentsOf: scalars.map { scalar in
                switch scalar.value {
                case 0x09: scalar
                case 0..<0x20: Unicode.Scalar(0x2400 + scalar.value)!
                case 0x7F: "\u{2421}"
                case 0x80...0x9F: "\u{FFFD}"
                default: scalar
                }
            })
        text += "\n" + String(shown)
        if diagnostic.location.column > 0 {
            var caret = ""
            for scalar in scalars.prefix(max(0, caretOffset)) { caret.append(scalar == "\t" ? "\t" : " ") }
            text += "\n" + caret + "^"
        }
        return text
    }

    /// Source lines longer than this are shown as a window around the column.
    public static let maxSourceWidth = 160

    private mutating func sourceLine(_ file: String, _ line: Int) -> String? {
        if sources[file] == nil {
            guard let bytes = FileBytes.read(file) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            sources[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = sources[file], line <= lines.count else { return nil }
        var source = lines[line - 1]
        if source.hasSuffix("\r") { source = source.dropLast() }
        if source.hasPrefix("\u{FEFF}") { source = source.dropFirst() }
        return String(source)
    }

    /// `2 errors, 1 warning in 14 files`.
    public static func summary(errors: Int, warnings: Int, files: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }

    /// The text report: each diagnostic rendered, then the summary line.
    public mutating func text(_ diagnostics: [Diagnostic], files: Int) -> String {
        var blocks = diagnostics.map { render($0) }
        blocks.append(
            Self.summary(
                errors: diagnostics.count { $0.severity == .error },
                warnings: diagnostics.count { $0.severity == .warning }, files: files))
        return blocks.joined(separator: "\n") + "\n"
    }

    struct JSONDiagnostic: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var id: String
        var message: String
    }

    struct JSONReport: Encodable {
        var diagnostics: [JSONDiagnostic]
        var errors: Int
        var warnings: Int
        var files: Int
    }

    /// `{"diagnostics": [...], "errors": n, "files": n, "warnings": n}`, keys sorted.
    public func json(_ diagnostics: [Diagnostic], files: Int) -> String {
        let report = JSONReport(
            diagnostics: diagnostics.map {
                JSONDiagnostic(
                    file: displayPath($0.location.file), line: $0.location.line, column: $0.location.column,
                    severity: $0.severity.rawValue, id: $0.id, message: $0.message)
            },
            errors: diagnostics.count { $0.severity == .error },
            warnings: diagnostics.count { $0.severity == .warning },
            files: files)
        return JSONOutput.encode(report)
    }
}

/// Pretty, sorted-key JSON with a trailing newline, written by ``JSONWriter`` (spaced style).
public enum JSONOutput {
    public static func encode(_ value: some Encodable) -> String { JSONValueEncoder.rendered(value) }
}
