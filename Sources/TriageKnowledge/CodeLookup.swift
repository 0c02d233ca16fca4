import TriageCore

/// `triage code`: what a status code means, from the catalog and from its bits, and which hypotheses the
/// rules tie it to.
public struct CodeDescription: Sendable, Hashable, Encodable {
    public var input: String
    /// `0x800F0821`.
    public var hex: String
    public var unsigned: UInt32
    public var signed: Int32
    /// For a plain Win32 error number: its `HRESULT_FROM_WIN32` form (`0x80070002`), used for the lookup.
    public var asHRESULT: String?
    public var symbol: String?
    public var component: String?
    public var meaning: String?
    public var hint: String?
    public var anatomy: CodeAnatomy
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
        guard let code = HRESULT(parsing: input) else { return nil }
        var entry = kb.errorCode(code)
        var mentioned = code
        var asHRESULT: String?
        if code.value != 0, code.value <= 0xFFFF {
            mentioned = HRESULT.hresultFromWin32(code.value)
            asHRESULT = mentioned.upperHex
            entry = entry ?? kb.errorCode(mentioned)
        }
        let rules = kb.rules.filter { mentions($0.condition, mentioned) }
        return CodeDescription(
            input: input, hex: code.upperHex, unsigned: code.value, signed: code.signed, asHRESULT: asHRESULT,
            symbol: entry?.symbol, component: entry?.component,
            meaning: entry.map { $0.meaning[language] }, hint: entry.flatMap { $0.hint.isEmpty ? nil : $0.hint[language] },
            anatomy: CodeAnatomy(code),
            hypotheses: Array(Set(rules.flatMap { $0.supported.map(\.hypothesis) })).sorted(),
            rules: rules.map(\.id).sorted())
    }

    /// True when some pattern of the condition tests a code attribute with equals / oneOf this code.
    public static func mentions(_ condition: Condition, _ code: HRESULT) -> Bool {
        func pattern(_ p: FactPattern) -> Bool {
            p.predicates.contains { predicate in
                guard codeAttributes.contains(predicate.name) else { return false }
                switch predicate.test {
                case .equals(let v): return HRESULT(parsing: v) == code
                case .oneOf(let vs): return vs.contains { HRESULT(parsing: $0) == code }
                default: return false
                }
            }
        }
        switch condition.node {
        case .all(let c), .any(let c): return c.contains { mentions($0, code) }
        case .not(let c): return mentions(c, code)
        case .fact(let p), .count(let p, _), .absent(let p): return pattern(p)
        case .before(let a, let b, _, _): return pattern(a) || pattern(b)
        case .observation, .collected: return false
        }
    }

    /// The text block for one code.
    public static func text(_ d: CodeDescription) -> String {
        var lines: [String] = []
        lines.append(d.hex + (d.symbol.map { "  " + $0 } ?? "  (not in the catalog)"))
        func row(_ label: String, _ value: String) { lines.append("  " + (label + ":").padding(12) + value) }
        row("decimal", "\(d.unsigned) / \(d.signed)")
        if let asHRESULT = d.asHRESULT { row("as HRESULT", asHRESULT) }
        if let component = d.component { row("component", component) }
        if let meaning = d.meaning { row("meaning", meaning) }
        if let hint = d.hint { row("hint", hint) }
        let a = d.anatomy
        row("severity", a.severity)
        row("facility", "\(a.facility) (0x\(String(a.facility, radix: 16, uppercase: true)))"
            + (a.facilityName.map { " " + $0 } ?? ""))
        row("code", "\(a.code) (0x\(String(a.code, radix: 16, uppercase: true)))")
        if let family = a.family { row("family", family) }
        row("hypotheses", d.hypotheses.isEmpty ? "no rule tests this code"
            : d.hypotheses.joined(separator: ", ") + " (rules: " + d.rules.joined(separator: ", ") + ")")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
