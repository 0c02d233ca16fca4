import TriageCore
import TriageXML

/// Shared helpers for turning an `XMLDocument` into model values, collecting problems as it goes.
/// Decoding is best-effort: a schema error does not stop it, so one mistake does not hide the file's ids.
struct DecodeContext {
    let document: XMLDocument
    var diagnostics: [Diagnostic] = []
    /// The registered log kinds; nil accepts any name.
    let knownLogKinds: Set<LogKind>?

    init(document: XMLDocument, logKinds: Set<LogKind>? = nil) {
        self.document = document
        self.knownLogKinds = logKinds
    }

    var file: String { document.file }

    func location(_ node: XMLNode) -> SourceLocation { document.location(of: node) }
    func location(_ node: XMLNode, attribute: String) -> SourceLocation {
        document.location(of: node, attribute: attribute)
    }

    mutating func error(_ id: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, id, message, at: location))
    }

    mutating func warning(_ id: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.warning, id, message, at: location))
    }

    /// Whitespace runs (including line breaks from indentation) collapsed to one space, ends trimmed.
    static func prose(_ text: String) -> String {
        // On the UTF-8 bytes: the spaces dropped and added are ASCII, so the rest stays whole characters.
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Children named `name` gathered by `lang`. Reports a missing English variant (error) and, when
    /// `requireChinese`, a missing zh-CN variant (warning), at the first such element.
    mutating func localized(_ node: XMLNode, _ name: String, owner: String, requireChinese: Bool = false)
        -> LocalizedText
    {
        let elements = node.children(named: name)
        var values: [Language: String] = [:]
        for element in elements {
            guard let lang = element["lang"].flatMap(Language.init(rawValue:)) else { continue }
            values[lang] = Self.prose(element.text)
        }
        if let first = elements.first {
            if values[.en] == nil {
                error(
                    KnowledgeDiagnosticID.missingEnglish, "\(owner) has no English (lang=\"en\") \(name)",
                    at: location(first))
            }
            if requireChinese, values[.zhCN] == nil {
                warning(KnowledgeDiagnosticID.missingTranslation, "\(owner) has no zh-CN \(name)", at: location(first))
            }
        }
        return LocalizedText(values)
    }

    /// A space-separated list attribute.
    static func list(_ value: String?) -> [String] {
        (value ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    /// Log kinds from a space-separated attribute; unknown names are reported at the attribute.
    mutating func logKinds(_ node: XMLNode, attribute: String) -> [LogKind] {
        var kinds: [LogKind] = []
        for name in Self.list(node[attribute]) {
            let kind = LogKind(rawValue: name)
            if kind != .unknown, knownLogKinds?.contains(kind) ?? true {
                kinds.append(kind)
            } else {
                let known = (knownLogKinds ?? []).map(\.rawValue).sorted().joined(separator: " ")
                error(
                    KnowledgeDiagnosticID.unknownLogKind, "unknown log kind '\(name)' (known: \(known))",
                    at: location(node, attribute: attribute))
            }
        }
        return kinds
    }

    static func bool(_ value: String?) -> Bool { value == "true" || value == "1" }
}
