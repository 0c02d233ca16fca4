import TriageCore

/// `triage code`: what a status code means, from the catalog and from its bits, what role it plays in the
/// diagnosis, and which hypotheses the catalog and the rules tie it to.
public struct CodeDescription: Sendable, Hashable, Encodable {
    /// A hypothesis the catalog says the code points to (`supports`) or away from, in some contexts.
    public struct Pointer: Sendable, Hashable, Encodable {
        public var hypothesis: String
        public var contexts: [String]
        public var supports: Bool
    }

    public var input: String
    /// `0x800F0821`.
    public var hex: String
    public var unsigned: UInt32
    public var signed: Int32
    /// For a plain Win32 error number: its `HRESULT_FROM_WIN32` form (`0x80070002`), used for the lookup.
    public var asHRESULT: String?
    /// The catalog code that explains this one when it is written in another component's form
    /// (`0x80070020` for the NTSTATUS-derived `0xD0000043`).
    public var via: String?
    public var symbol: String?
    public var component: String?
    /// `failure`, `transient`, `informational`, `success`; nil for a code the catalog does not hold.
    public var role: String?
    /// True for success and informational codes, and for transient ones (which on their own clear on a retry).
    public var harmless: Bool
    public var meaning: String?
    public var hint: String?
    public var anatomy: CodeAnatomy
    /// How the code leads to its meaning (NTSTATUS → Win32 → HRESULT, setup remaps, …), outermost first.
    public var decoding: [String]
    /// The catalog's hypotheses for the code, by context.
    public var pointers: [Pointer]
    /// Hypotheses supported by rules that test this code, sorted.
    public var hypotheses: [String]
    /// Those rules, sorted.
    public var rules: [String]
}

public enum CodeLookup {
    /// Attributes whose values are status codes.
    public static let codeAttributes: Set<String> = ["code", "hresult", "status"]

    /// Nil when `input` is not a number in any accepted form.
    public static func describe(_ input: String, in kb: KnowledgeBase, language: Language = .en) -> CodeDescription? {
        guard let parsed = CodeInput(input, in: kb) else { return nil }
        let code = parsed.code
        var decoding = CodeDecoding(code)
        decoding.steps = parsed.notes + decoding.steps
        var entry = kb.errorCode(code)
        var mentioned = code
        var asHRESULT: String?
        var via: String?
        if code.value != 0, code.value <= 0xFFFF, let hresult = decoding.via {
            mentioned = hresult
            asHRESULT = hresult.upperHex
            entry = entry ?? kb.errorCode(hresult)
        } else if entry == nil, let other = decoding.via, let decoded = kb.errorCode(other) {
            entry = decoded
            mentioned = other
            via = other.upperHex
        }
        let rules = kb.rules.filter { rule in CodeMentions.positive(rule.condition).contains { $0.code == mentioned } }
        let role = entry?.role
        return CodeDescription(
            input: input, hex: code.upperHex, unsigned: code.value, signed: code.signed, asHRESULT: asHRESULT, via: via,
            symbol: entry?.symbol, component: entry?.component, role: role?.rawValue,
            harmless: role.map { $0 != .failure } ?? false,
            meaning: entry.map { $0.meaning[language] },
            hint: entry.flatMap { $0.hint.isEmpty ? nil : $0.hint[language] },
            anatomy: CodeAnatomy(code), decoding: decoding.steps,
            pointers: (entry?.pointers ?? []).map {
                CodeDescription.Pointer(
                    hypothesis: $0.hypothesis, contexts: $0.contexts.map(\.rawValue), supports: $0.supports)
            },
            hypotheses: Array(Set(rules.flatMap { $0.supported.map(\.hypothesis) })).sorted(),
            rules: rules.map(\.id).sorted())
    }

    /// True when some pattern of the condition tests a code attribute with equals / oneOf this code.
    public static func mentions(_ condition: Condition, _ code: HRESULT) -> Bool {
        CodeMentions.positive(condition).contains { $0.code == code }
    }

    /// What each role means for the engineer on the phone.
    static func roleText(_ role: String, _ language: Language, _ words: UIText) -> String {
        switch role {
        case CodeRole.failure.rawValue: return words.string("code.role-failure", language)
        case CodeRole.transient.rawValue: return words.string("code.role-transient", language)
        case CodeRole.informational.rawValue: return words.string("code.role-informational", language)
        default: return words.string("code.role-success", language)
        }
    }

    /// The text block for one code, labels and fixed texts (`code.*` in `ui-text.xml`) in `language`.
    public static func text(_ d: CodeDescription, language: Language = .en, words: UIText) -> String {
        func t(_ key: String) -> String { words.string(key, language) }
        var lines: [String] = []
        lines.append(d.hex + (d.symbol.map { "  " + $0 } ?? t("code.not-in-catalog")))
        // Labels are aligned by display width: Chinese labels are wider.
        let width = language == .zhCN ? 14 : 12
        func row(_ name: String?, _ value: String) {
            let label = name.map { $0 + t("code.label-colon") } ?? ""
            let gap = name == nil ? width : max(1, width - DisplayWidth.of(label))
            lines.append("  " + label + String(repeating: " ", count: gap) + value)
        }
        row(t("code.decimal"), "\(d.unsigned) / \(d.signed)")
        if let asHRESULT = d.asHRESULT { row(t("code.as-hresult"), asHRESULT) }
        if let via = d.via { row(t("code.read-as"), via) }
        if let component = d.component { row(t("code.component"), component) }
        if let role = d.role { row(t("code.role"), roleText(role, language, words)) }
        if let meaning = d.meaning { row(t("code.meaning"), meaning) }
        if let hint = d.hint { row(t("code.hint"), hint) }
        let a = d.anatomy
        row(t("code.severity"), a.severity == "failure" ? t("code.severity-failure") : t("code.severity-success"))
        row(
            t("code.facility"),
            "\(a.facility) (0x\(String(a.facility, radix: 16, uppercase: true)))"
                + (a.facilityName.map { " " + $0 } ?? ""))
        row(t("code.code"), "\(a.code) (0x\(String(a.code, radix: 16, uppercase: true)))")
        if let family = a.family { row(t("code.family"), family) }
        for (index, step) in d.decoding.enumerated() { row(index == 0 ? t("code.decoding") : nil, step) }
        for pointer in d.pointers {
            row(
                pointer.supports ? t("code.points-to") : t("code.against"),
                pointer.hypothesis + " (" + pointer.contexts.joined(separator: ", ") + ")")
        }
        row(
            t("code.hypotheses"),
            d.hypotheses.isEmpty ? t("code.no-hypothesis") : d.hypotheses.joined(separator: ", "))
        row(t("code.rules"), d.rules.isEmpty ? t("code.none") : d.rules.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
