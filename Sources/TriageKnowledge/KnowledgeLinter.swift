import TriageCore

/// Checks across files: duplicate ids, references, the fact vocabulary, conditions that can never be true,
/// and knowledge nothing uses. Per-file checks (ids against paths, translations, examples) happen while decoding.
public enum KnowledgeLinter {
    public static func check(_ kb: KnowledgeBase) -> [Diagnostic] {
        let index = KnowledgeIndex(kb)
        // Independent parts, on the cores; their diagnostics joined in this order, so the result does not
        // depend on the threads.
        let parts: [(inout DiagnosticSink) -> Void] = [
            { duplicates(kb, into: &$0) },
            { sink in
                for hypothesis in kb.hypotheses {
                    for remedy in hypothesis.remedies where index.procedures[remedy] == nil {
                        sink.error(
                            KnowledgeDiagnosticID.unknownProcedure,
                            "hypothesis '\(hypothesis.id)' names unknown remedy procedure '\(remedy)'",
                            at: hypothesis.location)
                    }
                }
                for procedure in kb.procedures {
                    ReferenceChecks.procedure(procedure, index, into: &sink)
                    for included in procedure.includes
                    where index.procedures[included] == nil || included == procedure.id {
                        sink.error(
                            KnowledgeDiagnosticID.unknownProcedure,
                            "procedure '\(procedure.id)' includes unknown procedure '\(included)'",
                            at: procedure.location)
                    }
                }
            },
            { sink in
                for rule in kb.rules {
                    ReferenceChecks.rule(rule, index, into: &sink)
                    ConditionChecks.check(rule.condition, index, into: &sink)
                }
            },
            { CatalogChecks.check(kb, index, into: &$0) },
            { sink in
                TextChecks.check(kb.uiText, into: &sink)
                CauseTreeChecks.check(kb, index, into: &sink)
                unused(kb, into: &sink)
            }
        ]
        return Parallel.map(count: parts.count) { part in
            var sink = DiagnosticSink()
            parts[part](&sink)
            return sink.diagnostics
        }.flatMap { $0 }
    }

    private static func duplicates(_ kb: KnowledgeBase, into sink: inout DiagnosticSink) {
        func report(_ what: String, _ items: [(id: String, location: SourceLocation)]) {
            let groups = Dictionary(grouping: items, by: \.id)
            for (id, group) in groups where group.count > 1 && !id.isEmpty {
                for item in group {
                    let others = group.filter { $0.location != item.location }.map(\.location.description).sorted()
                    sink.error(
                        KnowledgeDiagnosticID.duplicateID,
                        "duplicate \(what) '\(id)' (also defined at \(others.joined(separator: ", ")))",
                        at: item.location)
                }
            }
        }
        report("rule id", kb.rules.map { ($0.id, $0.location) })
        report("hypothesis id", kb.hypotheses.map { ($0.id, $0.location) })
        report("procedure id", kb.procedures.map { ($0.id, $0.location) })
        report("error code", kb.errorCodes.map { ($0.code.upperHex, $0.location) })
        for log in Set(kb.signatures.map(\.log)).sorted() {
            report("signature id", kb.signatures.filter { $0.log == log }.map { ($0.id, $0.location) })
        }
        report("fact kind", kb.factKinds.map { ($0.id, $0.location) })
        report("observation", kb.observations.map { ($0.name, $0.location) })
        report("tool id", kb.tools.map { ($0.id, $0.location) })
        let repeated = Set(kb.uiText.duplicates.map(\.key))
        report(
            "text key",
            kb.uiText.entries.values.filter { repeated.contains($0.key) }.map { ($0.key, $0.location) }
                + kb.uiText.duplicates.map { ($0.key, $0.location) })
    }

    private static func unused(_ kb: KnowledgeBase, into sink: inout DiagnosticSink) {
        let supported = Set(kb.rules.flatMap { $0.supported.map(\.hypothesis) })
        for hypothesis in kb.hypotheses where !supported.contains(hypothesis.id) {
            sink.warning(
                KnowledgeDiagnosticID.unusedHypothesis, "no rule supports hypothesis '\(hypothesis.id)'",
                at: hypothesis.location)
        }
        var read = Set<String>()
        for rule in kb.rules { collectSignatureIDs(rule.condition, into: &read) }
        for signature in kb.signatures where !signature.evidenceOnly && !read.contains(signature.id) {
            sink.warning(
                KnowledgeDiagnosticID.unusedSignature,
                "no rule reads signature '\(signature.id)'; mark it evidenceOnly=\"true\" if it is shown for the engineer only",
                at: signature.location)
        }
        let used = Set(kb.rules.flatMap(\.recommended) + kb.hypotheses.flatMap(\.remedies))
        for procedure in kb.procedures where !used.contains(procedure.id) {
            sink.warning(
                KnowledgeDiagnosticID.unusedProcedure,
                "no rule recommends procedure '\(procedure.id)' and no hypothesis names it as a remedy",
                at: procedure.location)
        }
    }
}

/// Signature ids a condition reads (`<signature id=…>` and `signature` facts restricted by id).
private func collectSignatureIDs(_ condition: Condition, into ids: inout Set<String>) {
    switch condition.node {
    case .all(let children), .any(let children): for child in children { collectSignatureIDs(child, into: &ids) }
    case .not(let inner): collectSignatureIDs(inner, into: &ids)
    case .fact(let p), .count(let p, _, _), .absent(let p): ids.formUnion(ReferenceChecks.signatureIDs(p))
    case .before(let first, let then, _, _):
        ids.formUnion(ReferenceChecks.signatureIDs(first))
        ids.formUnion(ReferenceChecks.signatureIDs(then))
    case .observation, .collected: break
    }
}

struct DiagnosticSink {
    var diagnostics: [Diagnostic] = []
    mutating func error(_ id: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, id, message, at: location))
    }
    mutating func warning(_ id: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.warning, id, message, at: location))
    }
}

/// Lookup tables over a knowledge base (first definition wins; duplicates are reported separately).
struct KnowledgeIndex {
    var hypotheses: [String: Hypothesis] = [:]
    var procedures: [String: Procedure] = [:]
    var signatures: [String: LineSignature] = [:]
    var factKinds: [String: FactKindSpec] = [:]
    var observations: [String: ObservationSpec] = [:]
    var tools: [String: Tool] = [:]
    /// Capture names of all signatures, for patterns whose signature id is not fixed.
    var allCaptureNames: Set<String> = []

    init(_ kb: KnowledgeBase) {
        for h in kb.hypotheses where hypotheses[h.id] == nil { hypotheses[h.id] = h }
        for p in kb.procedures where procedures[p.id] == nil { procedures[p.id] = p }
        for s in kb.signatures where signatures[s.id] == nil { signatures[s.id] = s }
        for f in kb.factKinds where factKinds[f.id] == nil { factKinds[f.id] = f }
        for o in kb.observations where observations[o.name] == nil { observations[o.name] = o }
        for t in kb.tools where tools[t.id] == nil { tools[t.id] = t }
        allCaptureNames = Set(kb.signatures.flatMap { $0.captures.map(\.name) })
    }
}
