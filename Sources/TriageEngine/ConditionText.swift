import TriageCore

/// Conditions in words, for "missing" evidence and why-not explanations.
public enum ConditionText {
    public static func describe(_ condition: Condition, _ language: Language) -> String {
        let zh = language == .zhCN
        switch condition.node {
        case .all(let children):
            return (zh ? "全部满足（" : "all of (")
                + children.map { describe($0, language) }.joined(separator: zh ? "；" : "; ") + (zh ? "）" : ")")
        case .any(let children):
            return (zh ? "任一满足（" : "any of (")
                + children.map { describe($0, language) }.joined(separator: zh ? "；" : "; ") + (zh ? "）" : ")")
        case .not(let child):
            return (zh ? "并非（" : "not (") + describe(child, language) + (zh ? "）" : ")")
        case .fact(let pattern):
            return describe(pattern, language)
        case .count(let pattern, let n, let apart):
            let apartText = apart.map { zh ? "（相隔至少 \($0) 分钟的次数）" : " (occurrences \($0) min apart)" } ?? ""
            return (zh ? "至少 \(n) 条 " : "at least \(n) × ") + describe(pattern, language) + apartText
        case .absent(let pattern):
            return (zh ? "没有 " : "no ") + describe(pattern, language)
        case .observation(let name, let values):
            return (zh ? "观察 " : "observation ") + name + valueTest(values)
        case .before(let first, let then, let same, let within):
            var extras: [String] = []
            if let same { extras.append(zh ? "相同 \(same)" : "same \(same)") }
            if let within { extras.append(zh ? "\(within) 分钟内" : "within \(within) min") }
            let tail =
                extras.isEmpty
                ? "" : (zh ? "（" + extras.joined(separator: "，") + "）" : " (" + extras.joined(separator: ", ") + ")")
            return describe(first, language) + (zh ? " 早于 " : " before ") + describe(then, language) + tail
        case .collected(let kind):
            return zh ? "已收集 \(kind.rawValue) 日志" : "\(kind.rawValue) log collected"
        }
    }

    public static func describe(_ pattern: FactPattern, _ language: Language) -> String {
        let zh = language == .zhCN
        var text = pattern.kind
        if !pattern.predicates.isEmpty {
            text += "{" + pattern.predicates.map { describe($0, language) }.joined(separator: ", ") + "}"
        }
        if !pattern.sources.isEmpty {
            let kinds = pattern.sources.map(\.rawValue)
            text += zh ? "（来自 " + kinds.joined(separator: "、") + "）" : " in " + kinds.joined(separator: ", ")
        }
        return text
    }

    public static func describe(_ predicate: AttributePredicate, _ language: Language) -> String {
        let zh = language == .zhCN
        let name = predicate.name
        switch predicate.test {
        case .equals(let v): return "\(name) = \(v)"
        case .oneOf(let vs): return "\(name) ∈ {\(vs.joined(separator: ", "))}"
        case .prefix(let v): return zh ? "\(name) 以 \(v) 开头" : "\(name) starts with \(v)"
        case .contains(let v): return zh ? "\(name) 包含 \(v)" : "\(name) contains \(v)"
        case .compare(let c, let bound):
            let symbol = [AttributePredicate.Comparison.lessThan: "<", .atMost: "≤", .greaterThan: ">", .atLeast: "≥"][
                c]!
            return "\(name) \(symbol) \(number(bound))"
        case .exists(let present):
            return present ? (zh ? "有 \(name)" : "has \(name)") : (zh ? "无 \(name)" : "no \(name)")
        }
    }

    /// Why a leaf is unknown: the logs it needs that were not collected, or the observation nobody made.
    static func unknownReason(_ leaf: Condition, store: FactStore, _ language: Language) -> String {
        let zh = language == .zhCN
        func logs(_ pattern: FactPattern) -> String {
            if pattern.kind == FactKind.observation { return zh ? "尚无观察" : "no observation made" }
            let kinds = (store.sources(of: pattern) ?? []).map(\.rawValue).sorted()
            let list = kinds.isEmpty ? (zh ? "任何日志" : "any log") : kinds.joined(separator: zh ? "、" : ", ")
            return (zh ? "未收集：" : "not collected: ") + list
        }
        switch leaf.node {
        case .fact(let p), .count(let p, _, _), .absent(let p): return logs(p)
        case .before(let a, let b, _, _): return store.isCollected(a) ? logs(b) : logs(a)
        case .observation(let name, _): return zh ? "尚无人观察 \(name)" : "nobody observed \(name)"
        default: return zh ? "未知" : "unknown"
        }
    }

    static func valueTest(_ values: [String]) -> String {
        values.count == 1 ? " = \(values[0])" : " ∈ {\(values.joined(separator: ", "))}"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
