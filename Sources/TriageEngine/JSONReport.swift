import TriageCore

/// The machine-readable report: the output contract of DESIGN §7, documented in docs/output-contract.md.
public enum JSONReport {
    public static func render(_ analysis: Analysis, language: Language = .en) -> String {
        value(analysis, language: language).rendered()
    }

    public static func value(_ analysis: Analysis, language: Language = .en) -> JSONValue {
        .object([
            "findings": .array(analysis.findings.map { finding(for: $0, language) }),
            "hypotheses": .array(analysis.hypotheses.map { hypothesis($0, language, analysis.text) }),
            "installs": .array(analysis.installs.map(install)),
            "language": .string(language.rawValue),
            "machine": machine(analysis.machine),
            "nextSteps": .array(analysis.nextSteps.map { nextStep($0, language) }),
            "observations": .array(
                analysis.observations.sorted { $0.key < $1.key }.map {
                    .object(["name": .string($0.key), "value": .string($0.value)])
                }),
            "other": .object([
                "prior": .rounded(analysis.other.prior),
                "probability": .rounded(analysis.other.probability)
            ]),
            "entropy": .rounded(analysis.entropy),
            "ranked": .bool(!analysis.findings.contains { $0.id == "no-servicing-log" }),
            "rules": .object([
                "fired": .array(analysis.rules.filter { $0.truth == .true }.map { .string($0.id) }),
                "unknown": .array(analysis.rules.filter { $0.truth == .unknown }.map { .string($0.id) })
            ]),
            "settings": .object([
                "leaderThreshold": .rounded(analysis.options.leaderThreshold),
                "otherPrior": .rounded(analysis.options.otherPrior)
            ]),
            "sources": .array(analysis.sources.map(source)),
            "symptoms": .array(analysis.symptoms.map { symptom($0, language) })
        ])
    }

    public static func evidence(_ fact: Fact) -> JSONValue {
        var object: [String: JSONValue] = [
            "file": .string(fact.provenance.file), "line": .int(fact.provenance.line), "kind": .string(fact.kind)
        ]
        if let text = fact.provenance.text { object["text"] = .string(text) }
        if let time = fact.provenance.time { object["time"] = .string(time) }
        if let end = fact.provenance.endLine { object["endLine"] = .int(end) }
        return .object(object)
    }

    /// A rule's contribution. `file` and `line` (DESIGN §7: evidence items carry them) name its first cited
    /// log line; `evidence` lists every cited fact. A contribution resting only on engineer observations has
    /// no log line: `file` is empty and `line` 0.
    public static func contribution(_ c: Contribution, _ language: Language) -> JSONValue {
        let first = c.evidence.first { !$0.provenance.file.isEmpty && $0.provenance.line > 0 }
        var object: [String: JSONValue] = [
            "rule": .string(c.rule), "title": .string(c.title[language]), "direction": .string(c.direction.rawValue),
            "strength": .string(c.strength.rawValue), "ratio": .rounded(c.ratio), "factor": .rounded(c.factor),
            "shared": .bool(c.shared), "evidence": .array(c.evidence.map(evidence)),
            "file": .string(first?.provenance.file ?? ""), "line": .int(first?.provenance.line ?? 0)
        ]
        // Only when the list was cut at `maxCitations`: how many facts the rule cited in all.
        if c.evidenceCount > c.evidence.count { object["evidenceCount"] = .int(c.evidenceCount) }
        return .object(object)
    }

    public static func unknownLeaf(_ leaf: UnknownLeaf, _ language: Language, _ text: UIText) -> JSONValue {
        .object([
            "condition": .string(ConditionText.describe(leaf.condition, language, text)),
            "reason": .string(leaf.reason[language]),
            "procedures": .array(leaf.procedures.map(JSONValue.string))
        ])
    }

    static func hypothesis(_ h: RankedHypothesis, _ language: Language, _ text: UIText) -> JSONValue {
        .object([
            "id": .string(h.id), "title": .string(h.title[language]),
            "prior": .rounded(h.prior), "probability": .rounded(h.probability),
            "support": .array(h.support.map { contribution($0, language) }),
            "against": .array(h.against.map { contribution($0, language) }),
            "missing": .array(
                h.missing.map { m in
                    .object([
                        "rule": .string(m.rule), "title": .string(m.title[language]),
                        "direction": .string(m.direction.rawValue), "strength": .string(m.strength.rawValue),
                        "unknown": .array(m.unknown.map { unknownLeaf($0, language, text) })
                    ])
                }),
            "remedies": .array(h.remedies.map(JSONValue.string)),
            "parent": .optional(h.parent),
            "children": .array(h.children.map(JSONValue.string)),
            "residual": h.residual.map { .rounded($0) } ?? .null
        ])
    }

    static func symptom(_ s: Symptom, _ language: Language) -> JSONValue {
        .object([
            "id": .string(s.id), "value": .string(s.value), "message": .string(s.message[language]),
            "evidence": .array(s.evidence.map(evidence))
        ])
    }

    static func nextStep(_ step: NextStep, _ language: Language) -> JSONValue {
        let cost = step.procedure.cost
        return .object([
            "procedure": .string(step.id), "title": .string(step.procedure.title[language]),
            "kind": .string(step.procedure.kind.rawValue), "role": .string(step.role.rawValue),
            "reason": .string(step.reason[language]),
            "cost": .object([
                "minutes": .int(cost.minutes), "reboot": .bool(cost.reboot), "admin": .bool(cost.admin),
                "risk": .string(cost.risk.rawValue), "effective": .rounded(step.effectiveCost)
            ]),
            "gain": .rounded(step.gain), "score": .rounded(step.score),
            "outcomes": .array(
                step.outcomes.map { o in
                    .object([
                        "label": .string(o.label), "meaning": .string(o.meaning[language]),
                        "probability": .rounded(o.probability), "favours": .optional(o.favours),
                        "leader": .string(o.leader), "leaderProbability": .rounded(o.leaderProbability)
                    ])
                }),
            "separates": .array(step.separates.map(JSONValue.string)),
            "recommendedBy": .array(step.recommendedBy.map(JSONValue.string))
        ])
    }

    static func finding(for finding: Finding, _ language: Language) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(finding.id), "message": .string(finding.message[language]),
            "evidence": .array(finding.evidence.map(evidence))
        ]
        for (key, value) in finding.details where object[key] == nil { object[key] = .string(value) }
        return .object(object)
    }

    static func install(_ summary: InstallSummary) -> JSONValue {
        .object([
            "kb": .string(summary.kb), "succeeded": .int(summary.succeeded), "failed": .int(summary.failed),
            "attempts": .array(
                summary.attempts.map { a in
                    var object: [String: JSONValue] = [
                        "result": .string(a.result), "channel": .string(a.channel), "hresult": .optional(a.hresult),
                        "started": .optional(a.started), "file": .string(a.fact.provenance.file),
                        "line": .int(a.fact.provenance.line)
                    ]
                    // A feature update: builds, phase reached or failed in, operation, extend code, rollback.
                    for (key, name) in InstallAttempt.setupAttributes {
                        if let v = a.fact[name] { object[key] = .string(v) }
                    }
                    if !a.alsoIn.isEmpty {
                        object["alsoIn"] = .array(
                            a.alsoIn.map {
                                .object([
                                    "file": .string($0.provenance.file),
                                    "line": .int($0.provenance.line)
                                ])
                            })
                    }
                    return .object(object)
                })
        ])
    }

    static func machine(_ m: MachineSummary) -> JSONValue {
        .object([
            "name": .optional(m.name), "osBuild": .optional(m.osBuild), "edition": .optional(m.edition),
            "arch": .optional(m.arch), "names": .array(m.names.map(JSONValue.string)),
            "collectors": .array(m.collectors.map(JSONValue.string))
        ])
    }

    static func source(_ s: SourceRecord) -> JSONValue {
        var object: [String: JSONValue] = [
            "path": .string(s.path), "kind": .string(s.kind.rawValue), "status": .string(s.status.rawValue),
            "encoding": .string(s.encoding), "lines": .int(s.lines)
        ]
        if let reason = s.reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}
