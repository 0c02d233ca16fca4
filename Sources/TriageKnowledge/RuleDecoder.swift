import TriageCore
import TriageXML

extension DecodeContext {
    /// `<rule>`; `expectedID` is its path under `Rules/` without `.xml` (`cbs/abort`).
    mutating func rule(_ root: XMLNode, expectedID: String) -> Rule {
        let id = root["id"] ?? ""
        if !id.isEmpty, id != expectedID {
            error(
                KnowledgeDiagnosticID.idMismatch,
                "rule id '\(id)' does not match its path: expected '\(expectedID)'",
                at: location(root, attribute: "id"))
        }
        let owner = "rule '\(id)'"
        let when = root.child(named: "when")
        var decoded: Condition?
        if let first = when?.children.first { decoded = condition(first) }
        let ruleCondition = decoded ?? Condition(.all([]), at: when.map(location) ?? location(root))
        var conclusions: [Conclusion] = []
        for node in root.child(named: "conclude")?.children ?? [] {
            let strength = Strength(rawValue: node["strength"] ?? "") ?? .weak
            switch node.name {
            case "supports":
                conclusions.append(
                    Conclusion(
                        .supports(hypothesis: node["hypothesis"] ?? "", strength: strength),
                        at: location(node, attribute: "hypothesis")))
            case "opposes":
                conclusions.append(
                    Conclusion(
                        .opposes(hypothesis: node["hypothesis"] ?? "", strength: strength),
                        at: location(node, attribute: "hypothesis")))
            case "recommends":
                conclusions.append(
                    Conclusion(
                        .recommends(procedure: node["procedure"] ?? ""),
                        at: location(node, attribute: "procedure")))
            case "establishes":
                conclusions.append(
                    Conclusion(
                        .establishes(observation: node["observation"] ?? "", value: node["value"] ?? ""),
                        at: location(node, attribute: "observation")))
            default: break
            }
        }
        let examplesNode = root.child(named: "examples")
        let examples = examplesNode?.children.compactMap { example($0) } ?? []
        for expectation in [RuleExample.Expectation.fires, .silent]
        where !examples.contains(where: { $0.expectation == expectation }) {
            error(
                KnowledgeDiagnosticID.missingExample,
                "\(owner) needs at least one <\(expectation.rawValue)> example",
                at: examplesNode.map(location) ?? location(root))
        }
        var rule = Rule(
            id: id, area: PathTools.components(id).first ?? "",
            title: localized(root, "title", owner: owner, requireChinese: true),
            summary: localized(root, "summary", owner: owner),
            condition: ruleCondition, conclusions: conclusions, examples: examples, location: location(root))
        rule.source = root.child(named: "source").map(\.text)
        return rule
    }

    /// One condition element; nil for an element that is not a condition (the schema reports it).
    mutating func condition(_ node: XMLNode) -> Condition? {
        let at = location(node)
        switch node.name {
        case "all": return Condition(.all(node.children.compactMap { condition($0) }), at: at)
        case "any": return Condition(.any(node.children.compactMap { condition($0) }), at: at)
        case "not":
            guard let inner = node.children.first.flatMap({ condition($0) }) else { return nil }
            return Condition(.not(inner), at: at)
        case "fact", "signature":
            return Condition(.fact(pattern(node)), at: at)
        case "count":
            guard let inner = node.children.first else { return nil }
            let n = Int(node["atLeast"] ?? "") ?? 1
            if n <= 0 {
                error(
                    KnowledgeDiagnosticID.degenerateCondition,
                    "<count atLeast=\"\(n)\"> is always true; use atLeast=\"1\" or more",
                    at: location(node, attribute: "atLeast"))
            }
            let apart = node["apartMinutes"].flatMap { Int($0) }
            return Condition(.count(pattern(inner), atLeast: n, apartMinutes: apart), at: at)
        case "absent":
            guard let inner = node.children.first else { return nil }
            return Condition(.absent(pattern(inner)), at: at)
        case "observation":
            var values = Self.list(node["oneOf"])
            if let equals = node["equals"] { values.insert(equals, at: 0) }
            if values.isEmpty || (node["equals"] != nil && node["oneOf"] != nil) {
                error(
                    KnowledgeDiagnosticID.attributeTest,
                    "<observation> needs exactly one of equals= or oneOf=", at: at)
            }
            return Condition(.observation(name: node["name"] ?? "", values: values), at: at)
        case "before":
            guard node.children.count == 2 else { return nil }
            return Condition(
                .before(
                    first: pattern(node.children[0]), then: pattern(node.children[1]),
                    same: node["same"], withinMinutes: node["withinMinutes"].flatMap { Int($0) }),
                at: at)
        case "collected":
            let kind = logKinds(node, attribute: "kind").first ?? .unknown
            return Condition(.collected(kind), at: at)
        default:
            return nil
        }
    }

    /// `<fact kind= in=>` or its shorthand `<signature id= in=>`, with `<attr>` tests.
    mutating func pattern(_ node: XMLNode) -> FactPattern {
        var predicates: [AttributePredicate] = []
        let kind: String
        if node.name == "signature" {
            kind = FactKind.signature
            predicates.append(
                AttributePredicate(
                    name: "id", test: .equals(node["id"] ?? ""),
                    location: location(node, attribute: "id")))
        } else {
            kind = node["kind"] ?? ""
        }
        predicates += node.children(named: "attr").compactMap { predicate($0) }
        return FactPattern(
            kind: kind, sources: logKinds(node, attribute: "in"), predicates: predicates,
            location: location(node))
    }

    static let testAttributes = [
        "equals", "oneOf", "prefix", "contains", "lessThan", "atMost", "greaterThan",
        "atLeast", "exists"
    ]

    /// `<attr name=… test=…>`: exactly one test.
    mutating func predicate(_ node: XMLNode) -> AttributePredicate? {
        let name = node["name"] ?? ""
        let tests = node.attributes.filter { Self.testAttributes.contains($0.name) }
        guard tests.count == 1, let test = tests.first else {
            error(
                KnowledgeDiagnosticID.attributeTest,
                "<attr name=\"\(name)\"> needs exactly one test (\(Self.testAttributes.joined(separator: ", ")))"
                    + (tests.isEmpty ? "" : "; found \(tests.map(\.name).joined(separator: ", "))"),
                at: location(node))
            return nil
        }
        let value = test.value
        let at = document.location(of: test)
        let kind: AttributePredicate.Test
        switch test.name {
        case "equals": kind = .equals(value)
        case "oneOf": kind = .oneOf(Self.list(value))
        case "prefix": kind = .prefix(value)
        case "contains": kind = .contains(value)
        case "exists": kind = .exists(Self.bool(value))
        default:
            guard let number = Self.number(value) else {
                error(KnowledgeDiagnosticID.badValue, "'\(value)' is not a number", at: at)
                return nil
            }
            kind = .compare(AttributePredicate.Comparison(rawValue: test.name) ?? .atLeast, number)
        }
        return AttributePredicate(name: name, test: kind, location: at)
    }

    /// Decimal or `0x` hex.
    static func number(_ text: String) -> Double? {
        let t = trimmed(text)
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16).map(Double.init) }
        return Double(t)
    }
}
