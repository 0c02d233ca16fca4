import TriageCore

/// Conditions in words, for "missing" evidence and why-not explanations (the words are the `cond.*` texts
/// of the ``UIText`` catalog).
public enum ConditionText {
    public static func describe(_ condition: Condition, _ language: Language, _ text: UIText) -> String {
        func t(_ key: String, _ arguments: String...) -> String { text.string(key, language, arguments) }
        func list(_ children: [Condition]) -> String {
            children.map { describe($0, language, text) }.joined(separator: t("cond.separator")) + t("cond.close")
        }
        switch condition.node {
        case .all(let children):
            return t("cond.all") + list(children)
        case .any(let children):
            return t("cond.any") + list(children)
        case .not(let child):
            return t("cond.not") + describe(child, language, text) + t("cond.close")
        case .fact(let pattern):
            return describe(pattern, language, text)
        case .count(let pattern, let n, let apart):
            let apartText = apart.map { t("cond.apart", "\($0)") } ?? ""
            return t("cond.at-least", "\(n)") + describe(pattern, language, text) + apartText
        case .absent(let pattern):
            return t("cond.no") + describe(pattern, language, text)
        case .observation(let name, let values):
            return t("cond.observation") + name + valueTest(values)
        case .before(let first, let then, let same, let within):
            var extras: [String] = []
            if let same { extras.append(t("cond.same", same)) }
            if let within { extras.append(t("cond.within", "\(within)")) }
            let tail = extras.isEmpty ? "" : t("report.paren", extras.joined(separator: t("report.list-separator")))
            return describe(first, language, text) + t("cond.before") + describe(then, language, text) + tail
        case .collected(let kind):
            return t("cond.collected", kind.rawValue)
        }
    }

    public static func describe(_ pattern: FactPattern, _ language: Language, _ text: UIText) -> String {
        var out = pattern.kind
        if !pattern.predicates.isEmpty {
            out += "{" + pattern.predicates.map { describe($0, language, text) }.joined(separator: ", ") + "}"
        }
        if !pattern.sources.isEmpty {
            let kinds = pattern.sources.map(\.rawValue)
            out += text.string(
                "cond.in-sources", language, [kinds.joined(separator: text.string("cond.list-separator", language))])
        }
        return out
    }

    public static func describe(_ predicate: AttributePredicate, _ language: Language, _ text: UIText) -> String {
        func t(_ key: String, _ arguments: String...) -> String { text.string(key, language, arguments) }
        let name = predicate.name
        switch predicate.test {
        case .equals(let v): return "\(name) = \(v)"
        case .oneOf(let vs): return "\(name) ∈ {\(vs.joined(separator: ", "))}"
        case .prefix(let v): return t("cond.starts-with", name, v)
        case .contains(let v): return t("cond.contains", name, v)
        case .compare(let c, let bound):
            let symbol = [AttributePredicate.Comparison.lessThan: "<", .atMost: "≤", .greaterThan: ">", .atLeast: "≥"][
                c]!
            return "\(name) \(symbol) \(number(bound))"
        case .exists(let present):
            return present ? t("cond.has", name) : t("cond.has-no", name)
        }
    }

    /// Why a leaf is unknown: the logs it needs that were not collected, or the observation nobody made.
    static func unknownReason(_ leaf: Condition, store: FactStore, _ language: Language, _ text: UIText) -> String {
        func t(_ key: String, _ arguments: String...) -> String { text.string(key, language, arguments) }
        func logs(_ pattern: FactPattern) -> String {
            if pattern.kind == FactKind.observation { return t("cond.no-observation") }
            let kinds = (store.sources(of: pattern) ?? []).map(\.rawValue).sorted()
            return t(
                "cond.not-collected",
                kinds.isEmpty ? t("cond.any-log") : kinds.joined(separator: t("cond.list-separator")))
        }
        switch leaf.node {
        case .fact(let p), .count(let p, _, _), .absent(let p): return logs(p)
        case .before(let a, let b, _, _): return store.isCollected(a) ? logs(b) : logs(a)
        case .observation(let name, _): return t("cond.nobody-observed", name)
        default: return t("cond.unknown")
        }
    }

    /// Why a leaf is unknown, in every language.
    static func unknownReason(_ leaf: Condition, store: FactStore, _ text: UIText) -> LocalizedText {
        LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map { ($0, unknownReason(leaf, store: store, $0, text)) }))
    }

    static func valueTest(_ values: [String]) -> String {
        values.count == 1 ? " = \(values[0])" : " ∈ {\(values.joined(separator: ", "))}"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
