import TriageCore

/// References from procedures and rules to the rest of the knowledge base, and the fact vocabulary.
enum ReferenceChecks {
    typealias ID = KnowledgeDiagnosticID

    /// Attributes that hold status codes: values must be written as facts write them (`0x800f0821`).
    static let codeAttributes: Set<String> = ["code", "hresult", "status"]

    static func procedure(_ procedure: Procedure, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        let owner = "procedure '\(procedure.id)'"
        for requirement in procedure.tools where index.tools[requirement.tool] == nil {
            sink.error(ID.unknownTool, "\(owner) requires unknown tool '\(requirement.tool)'", at: procedure.location)
        }
        for kind in procedure.yields.factKinds where index.factKinds[kind] == nil {
            sink.error(ID.unknownFactKind, "\(owner) yields unknown fact kind '\(kind)'", at: procedure.location)
        }
        for name in procedure.yields.observations where index.observations[name] == nil {
            sink.error(ID.unknownObservation, "\(owner) yields unknown observation '\(name)'", at: procedure.location)
        }
        // Commands are typed as written, whatever the language of the mail: each translation must carry the
        // same commands in the same order.
        if let english = procedure.steps[.en] {
            let commands = english.flatMap(\.commands)
            for (language, steps) in procedure.steps where language != .en && steps.flatMap(\.commands) != commands {
                let other = steps.flatMap(\.commands)
                let first =
                    zip(commands, other).first { $0 != $1 }.map { "'\($0.0)' vs '\($0.1)'" }
                    ?? "\(commands.count) vs \(other.count) commands"
                sink.warning(
                    ID.commandsDiffer,
                    "\(owner): the \(language.rawValue) steps do not carry the same commands as "
                        + "the en steps (\(first))", at: procedure.location)
            }
        }
        for outcome in procedure.outcomes {
            observation(
                outcome.observation, values: [outcome.value], owner: owner, at: procedure.location, index,
                into: &sink)
        }
    }

    static func rule(_ rule: Rule, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        for conclusion in rule.conclusions {
            switch conclusion.effect {
            case .supports(let h, _), .opposes(let h, _):
                if index.hypotheses[h] == nil {
                    sink.error(
                        ID.unknownHypothesis,
                        "unknown hypothesis '\(h)'" + Suggestion.hint(for: h, among: index.hypotheses.keys),
                        at: conclusion.location)
                }
            case .recommends(let p):
                if index.procedures[p] == nil {
                    sink.error(
                        ID.unknownProcedure,
                        "unknown procedure '\(p)'" + Suggestion.hint(for: p, among: index.procedures.keys),
                        at: conclusion.location)
                }
            case .establishes(let name, let value):
                observation(
                    name, values: [value], owner: "rule '\(rule.id)'", at: conclusion.location, index, into: &sink)
                if rule.condition.readsObservations {
                    sink.error(
                        ID.establishesFromObservation,
                        "a rule that establishes an observation must read logs only, not observations",
                        at: conclusion.location)
                }
            }
        }
        for example in rule.examples {
            for (name, value) in example.observations.sorted(by: { $0.key < $1.key }) {
                observation(
                    name, values: [value], owner: "example '\(example.name)'", at: example.location, index,
                    into: &sink)
            }
        }
        condition(rule.condition, index, into: &sink)
    }

    static func observation(
        _ name: String, values: [String], owner: String, at location: SourceLocation,
        _ index: KnowledgeIndex, into sink: inout DiagnosticSink
    ) {
        guard let spec = index.observations[name] else {
            sink.error(ID.unknownObservation, "\(owner): unknown observation '\(name)'", at: location)
            return
        }
        for value in values where !spec.values.contains(value) {
            sink.error(
                ID.unknownObservationValue,
                "\(owner): observation '\(name)' has no value '\(value)' (values: \(spec.values.joined(separator: " ")))",
                at: location)
        }
    }

    static func condition(_ condition: Condition, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        switch condition.node {
        case .all(let children), .any(let children):
            for child in children { self.condition(child, index, into: &sink) }
        case .not(let inner):
            self.condition(inner, index, into: &sink)
        case .fact(let p), .count(let p, _, _), .absent(let p):
            pattern(p, index, into: &sink)
        case .before(let first, let then, let same, _):
            pattern(first, index, into: &sink)
            pattern(then, index, into: &sink)
            if let same {
                for p in [first, then] {
                    if let allowed = allowedAttributes(p, index), !allowed.contains(same) {
                        sink.error(
                            ID.unknownAttribute, "fact kind '\(p.kind)' has no attribute '\(same)' (same=)",
                            at: condition.location)
                    }
                }
            }
        case .observation(let name, let values):
            observation(name, values: values, owner: "condition", at: condition.location, index, into: &sink)
        case .collected:
            break
        }
    }

    /// Attribute names a pattern may test; nil when its kind is unknown.
    static func allowedAttributes(_ pattern: FactPattern, _ index: KnowledgeIndex) -> Set<String>? {
        guard let spec = index.factKinds[pattern.kind] else { return nil }
        var allowed = Set(spec.attributes)
        if pattern.kind == FactKind.signature {
            let ids = signatureIDs(pattern)
            let known = ids.compactMap { index.signatures[$0] }
            if ids.isEmpty || known.count < ids.count {
                allowed.formUnion(index.allCaptureNames)
            } else {
                for signature in known { allowed.formUnion(signature.captures.map(\.name)) }
            }
        }
        return allowed
    }

    /// Signature ids a `signature` pattern is restricted to (by `id` equals / oneOf).
    static func signatureIDs(_ pattern: FactPattern) -> [String] {
        pattern.predicates.filter { $0.name == "id" }.flatMap { predicate -> [String] in
            switch predicate.test {
            case .equals(let id): [id]
            case .oneOf(let ids): ids
            default: []
            }
        }
    }

    static func pattern(_ pattern: FactPattern, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        guard let spec = index.factKinds[pattern.kind] else {
            sink.error(
                ID.unknownFactKind,
                "unknown fact kind '\(pattern.kind)'" + Suggestion.hint(for: pattern.kind, among: index.factKinds.keys)
                    + " (known: "
                    + index.factKinds.keys.sorted().joined(separator: " ") + ")", at: pattern.location)
            return
        }
        if pattern.kind == FactKind.signature { signatureReferences(pattern, index, into: &sink) }
        attributeNames(pattern, index, into: &sink)
        instanceAttributeTests(pattern, spec, into: &sink)
        closedValues(pattern, spec, into: &sink)
        sources(pattern, spec, into: &sink)
        codeValues(pattern, into: &sink)
    }

    /// The values a predicate compares with (`equals`, `oneOf`); none for the other tests.
    private static func testedValues(_ predicate: AttributePredicate) -> [String] {
        switch predicate.test {
        case .equals(let v): [v]
        case .oneOf(let vs): vs
        default: []
        }
    }

    /// Every signature id a `signature` pattern names is defined.
    private static func signatureReferences(
        _ pattern: FactPattern, _ index: KnowledgeIndex, into sink: inout DiagnosticSink
    ) {
        for predicate in pattern.predicates where predicate.name == "id" {
            for id in signatureIDs(
                FactPattern(
                    kind: pattern.kind, sources: [], predicates: [predicate],
                    location: pattern.location)) where index.signatures[id] == nil
            {
                sink.error(
                    ID.unknownSignature,
                    "unknown signature '\(id)'" + Suggestion.hint(for: id, among: index.signatures.keys),
                    at: predicate.location)
            }
        }
    }

    /// Every tested attribute is one the fact kind has.
    private static func attributeNames(
        _ pattern: FactPattern, _ index: KnowledgeIndex, into sink: inout DiagnosticSink
    ) {
        let allowed = allowedAttributes(pattern, index) ?? []
        for predicate in pattern.predicates where !allowed.contains(predicate.name) {
            sink.error(
                ID.unknownAttribute,
                "fact kind '\(pattern.kind)' has no attribute '\(predicate.name)'"
                    + Suggestion.hint(for: predicate.name, among: allowed) + " (attributes: "
                    + allowed.sorted().joined(separator: " ") + ")", at: predicate.location)
        }
    }

    /// An attribute that names one occurrence can only be tested for existence.
    private static func instanceAttributeTests(
        _ pattern: FactPattern, _ spec: FactKindSpec, into sink: inout DiagnosticSink
    ) {
        for predicate in pattern.predicates where spec.instanceAttributes.contains(predicate.name) {
            if case .exists = predicate.test { continue }
            sink.error(
                ID.instanceAttributeTest,
                "'\(predicate.name)' of '\(pattern.kind)' facts names one occurrence (instance=\"true\" in "
                    + "fact-kinds.xml): past the per-file cap identical facts are counted on the first, so only "
                    + "whether it exists can be tested", at: predicate.location)
        }
    }

    /// A closed attribute is compared only with its declared values.
    private static func closedValues(_ pattern: FactPattern, _ spec: FactKindSpec, into sink: inout DiagnosticSink) {
        for predicate in pattern.predicates {
            guard let closed = spec.closedValues[predicate.name] else { continue }
            for value in testedValues(predicate) where !closed.contains(value) {
                let hint = Suggestion.hint(for: value, among: closed)
                sink.error(
                    ID.unknownValue,
                    "'\(value)' is not a value of '\(predicate.name)' in '\(pattern.kind)' facts; "
                        + "they are: \(closed.joined(separator: " "))\(hint)", at: predicate.location)
            }
        }
    }

    /// The pattern's log sources produce its fact kind.
    private static func sources(_ pattern: FactPattern, _ spec: FactKindSpec, into sink: inout DiagnosticSink) {
        for source in pattern.sources where !spec.producedBy.contains(source) {
            sink.warning(
                ID.neverProduced,
                "fact kind '\(pattern.kind)' is never produced by '\(source.rawValue)' logs (from: "
                    + spec.producedBy.map(\.rawValue).joined(separator: " ") + ")", at: pattern.location)
        }
    }

    /// Codes are compared as facts write them (`0x` and 8 lower-case hex digits).
    private static func codeValues(_ pattern: FactPattern, into sink: inout DiagnosticSink) {
        for predicate in pattern.predicates where codeAttributes.contains(predicate.name) {
            for value in testedValues(predicate) {
                let canonical = HRESULT(parsing: value)?.hex
                if canonical != value {
                    sink.error(
                        ID.codeFormat,
                        "facts write codes as 0x + 8 lower-case hex digits: "
                            + (canonical.map { "write '\($0)', not '\(value)'" } ?? "'\(value)' is not a code"),
                        at: predicate.location)
                }
            }
        }
    }
}
