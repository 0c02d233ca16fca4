import TriageCore
import TriageXML

extension DecodeContext {
    /// `<errorCodes>`: many `<code role=…>` with `<points>` / `<against>` hypotheses by context.
    mutating func errorCodes(_ root: XMLNode) -> [ErrorCodeEntry] {
        root.children(named: "code").compactMap { node in
            let value = node["value"] ?? ""
            guard let code = HRESULT(parsing: value) else {
                error(
                    KnowledgeDiagnosticID.badValue, "'\(value)' is not a code (0x + 8 hex digits)",
                    at: location(node, attribute: "value"))
                return nil
            }
            let owner = "code \(code.upperHex)"
            let role = node["role"].flatMap(CodeRole.init(rawValue:))
            if role == nil {
                error(
                    KnowledgeDiagnosticID.codeRole,
                    "\(owner) has "
                        + (node["role"].map { "an unknown role '\($0)'" } ?? "no role")
                        + " (role=\"failure|transient|informational|success\")",
                    at: node["role"] == nil ? location(node) : location(node, attribute: "role"))
            }
            let pointers = node.children.compactMap { child -> CodePointer? in
                guard child.name == "points" || child.name == "against" else { return nil }
                var contexts: [CodeContext] = []
                for name in Self.list(child["context"]) {
                    if let context = CodeContext(rawValue: name) {
                        contexts.append(context)
                    } else {
                        error(
                            KnowledgeDiagnosticID.badValue,
                            "\(owner): unknown context '\(name)' (contexts: "
                                + CodeContext.allCases.map(\.rawValue).joined(separator: " ") + ")",
                            at: location(child, attribute: "context"))
                    }
                }
                return CodePointer(
                    hypothesis: child["hypothesis"] ?? "", contexts: contexts.sorted(),
                    supports: child.name == "points", location: location(child))
            }
            return ErrorCodeEntry(
                code: code, symbol: node["symbol"] ?? "", component: node["component"] ?? "",
                meaning: localized(node, "meaning", owner: owner, requireChinese: true),
                hint: localized(node, "hint", owner: owner, requireChinese: true),
                role: role, pointers: pointers, location: location(node))
        }
    }

    /// `<signatures log=…>`: many `<signature>`. One id may appear under several log kinds (the same event in
    /// the text and CSV event exports), never twice in one.
    mutating func signatures(_ root: XMLNode) -> [LineSignature] {
        let log = logKinds(root, attribute: "log").first ?? .unknown
        return root.children(named: "signature").map { node in
            let id = node["id"] ?? ""
            let captures = node.children(named: "capture").map { capture in
                let shape = LineSignature.TokenShape(rawValue: capture["shape"] ?? "") ?? .word
                if shape == .until, capture["until"] == nil {
                    error(
                        KnowledgeDiagnosticID.badValue,
                        "capture '\(capture["name"] ?? "")' has shape 'until' but no until=",
                        at: location(capture))
                }
                return LineSignature.Capture(
                    name: capture["name"] ?? "", after: capture["after"] ?? "",
                    shape: shape, until: capture["until"])
            }
            var signature = LineSignature(
                id: id, log: log, literals: node.children(named: "literal").map(\.text),
                level: node["level"], component: node["component"], captures: captures,
                title: localized(node, "title", owner: "signature '\(id)'"),
                location: location(node))
            signature.evidenceOnly = node["evidenceOnly"] == "true"
            return signature
        }
    }

    /// `<factKinds>`.
    mutating func factKinds(_ root: XMLNode) -> [FactKindSpec] {
        root.children(named: "factKind").map { node in
            for attribute in node.children(named: "attribute") where attribute["instance"] == "true" {
                guard attribute["values"] != nil else { continue }
                error(
                    KnowledgeDiagnosticID.badValue,
                    "attribute '\(attribute["name"] ?? "")' of '\(node["id"] ?? "")' is an instance attribute "
                        + "(it names one occurrence) and cannot have a closed vocabulary", at: location(attribute))
            }
            return FactKindSpec(
                id: node["id"] ?? "", attributes: node.children(named: "attribute").compactMap { $0["name"] },
                closedValues: Dictionary(
                    node.children(named: "attribute").compactMap { attribute in
                        attribute["values"].map { (attribute["name"] ?? "", $0.split(separator: " ").map(String.init)) }
                    }, uniquingKeysWith: { first, _ in first }),
                instanceAttributes: Set(
                    node.children(named: "attribute").filter { $0["instance"] == "true" }.compactMap { $0["name"] }),
                producedBy: logKinds(node, attribute: "from"), location: location(node))
        }
    }

    /// `<observations>`.
    mutating func observations(_ root: XMLNode) -> [ObservationSpec] {
        root.children(named: "observation").map { node in
            let name = node["name"] ?? ""
            let values = Self.list(node["values"])
            if let usual = node["usual"], !values.contains(usual) {
                error(
                    "invalid-usual-value",
                    "observation '\(name)': usual value '\(usual)' is not one of its values (\(values.joined(separator: " ")))",
                    at: location(node))
            }
            return ObservationSpec(
                name: name, values: values, usual: node["usual"],
                title: localized(node, "title", owner: "observation '\(name)'"),
                location: location(node))
        }
    }

    /// `<uiText>`: one `<text key=… en=… zh-CN=…/>` per interface text; every language is an attribute, and
    /// the values are kept as written (spaces at the ends included).
    func uiText(_ root: XMLNode) -> [UIText.Entry] {
        root.children(named: "text").map { node in
            var values: [Language: String] = [:]
            for language in Language.allCases { if let value = node[language.rawValue] { values[language] = value } }
            return UIText.Entry(key: node["key"] ?? "", text: LocalizedText(values), location: location(node))
        }
    }

    /// `<procmonResults>`: the Process Monitor results kept as failures. A code that does not parse or comes
    /// twice is an error.
    mutating func procmonResults(_ root: XMLNode) -> [ProcmonResult] {
        var seen: Set<UInt32> = []
        return root.children(named: "failure").compactMap { node in
            let text = node["code"] ?? ""
            guard text.hasPrefix("0x"), let code = UInt32(text.dropFirst(2), radix: 16) else {
                error(
                    "invalid-code", "procmon result code '\(text)' is not 0x and 8 hex digits",
                    at: location(node, attribute: "code"))
                return nil
            }
            guard seen.insert(code).inserted else {
                error(
                    KnowledgeDiagnosticID.duplicateID, "procmon result \(text) is listed twice",
                    at: location(node, attribute: "code"))
                return nil
            }
            return ProcmonResult(code: code, name: node["name"] ?? "", location: location(node))
        }
    }

    /// `<tools>`.
    mutating func tools(_ root: XMLNode) -> [Tool] {
        root.children(named: "tool").map { node in
            Tool(
                id: node["id"] ?? "", name: node["name"] ?? "",
                versions: node.children(named: "version").map {
                    Tool.Version(
                        value: $0["value"] ?? "", current: Self.bool($0["current"]), files: Self.list($0["files"]))
                },
                location: location(node))
        }
    }
}
