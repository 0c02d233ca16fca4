import TriageCore

/// The machine-readable report: the output contract of DESIGN §7, documented in docs/output-contract.md.
public enum JSONReport {
    /// The report, with `extra` members added at the top level (the `version` object).
    ///
    /// Written as it is made: the install attempts, most of a large log's report, go straight to the writer
    /// (``writeInstalls(_:to:indent:)``) without a ``JSONValue`` or a dictionary each; the bytes are those
    /// of ``value(_:language:)`` rendered.
    public static func render(
        _ analysis: Analysis, language: Language = .en, adding extra: [String: JSONValue] = [:]
    ) -> String {
        String(decoding: utf8(analysis, language: language, adding: extra), as: UTF8.self)
    }

    /// ``render(_:language:adding:)`` as the UTF-8 bytes written.
    public static func utf8(
        _ analysis: Analysis, language: Language = .en, adding extra: [String: JSONValue] = [:]
    ) -> [UInt8] {
        var members = topLevel(analysis, language: language)
        for (key, value) in extra { members[key] = value }
        var writer = JSONWriter(style: .report)
        var object = writer.beginObject(indent: 0)
        let keys = Set(members.keys).union([installsKey]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            if key == installsKey, members[key] == nil {
                writer.member(key, of: &object)
                writeInstalls(analysis.installs, to: &writer, indent: 1)
            } else if let value = members[key] {
                writer.member(key, value, of: &object)
            }
        }
        writer.end(object)
        writer.newline()
        return writer.bytes
    }

    public static func value(_ analysis: Analysis, language: Language = .en) -> JSONValue {
        var members = topLevel(analysis, language: language)
        members[installsKey] = .array(analysis.installs.map(install))
        return .object(members)
    }

    private static let installsKey = "installs"

    /// Every top-level member but ``installsKey``.
    private static func topLevel(_ analysis: Analysis, language: Language) -> [String: JSONValue] {
        [
            "findings": .array(analysis.findings.map { finding(for: $0, language) }),
            "hypotheses": .array(analysis.hypotheses.map { hypothesis($0, language, analysis.text) }),
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
        ]
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
        var attempts: [JSONValue] = []
        attempts.reserveCapacity(summary.attempts.count)
        for a in summary.attempts {
            var object: [String: JSONValue] = [:]
            for (key, member) in attemptMembers {
                if let v = member.value(a) { object[key] = v }
            }
            attempts.append(.object(object))
        }
        return .object([
            "kb": .string(summary.kb), "succeeded": .int(summary.succeeded), "failed": .int(summary.failed),
            "attempts": .array(attempts)
        ])
    }

    /// ``install(_:)`` of every summary, written straight to `writer`: the same bytes, with each attempt's
    /// members taken from ``attemptMembers`` in order.
    static func writeInstalls(_ installs: [InstallSummary], to writer: inout JSONWriter, indent: Int) {
        var list = writer.beginArray(indent: indent)
        let weights = installs.map { $0.attempts.count + 1 }
        let total = weights.reduce(0, +)
        if installs.count > 1, total >= parallelAttempts {
            // Many installs (a dense log holds tens of thousands).
            list = writeInParts(weights, of: list, to: &writer) { index, part, elements in
                writeInstall(installs[index], to: &part, in: &elements, splitting: false)
            }
        } else {
            for summary in installs { writeInstall(summary, to: &writer, in: &list, splitting: true) }
        }
        writer.end(list)
    }

    /// One install's object (``install(_:)``); `splitting`: its attempts, when many, are written on the cores.
    private static func writeInstall(
        _ summary: InstallSummary, to writer: inout JSONWriter, in list: inout JSONWriter.ArrayElements,
        splitting: Bool
    ) {
        writer.element(of: &list)
        let indent = list.indent + 1
        var object = writer.beginObject(indent: indent)
        writer.member("attempts", of: &object)
        var attempts = writer.beginArray(indent: indent + 1)
        let all = summary.attempts
        if splitting, all.count >= parallelAttempts {
            attempts = writeInParts([Int](repeating: 1, count: all.count), of: attempts, to: &writer) {
                index, part, elements in writeAttempt(all[index], to: &part, in: &elements)
            }
        } else {
            for a in all { writeAttempt(a, to: &writer, in: &attempts) }
        }
        writer.end(attempts)
        writer.member("failed", .int(summary.failed), of: &object)
        writer.member("kb", .string(summary.kb), of: &object)
        writer.member("succeeded", .int(summary.succeeded), of: &object)
        writer.end(object)
    }

    /// The elements of `array` (begun, none written yet), one per weight: written in contiguous runs of about
    /// equal weight on the cores, each into a writer of its own, and joined in order, the same bytes as in one
    /// pass. `element(i, writer, elements)` writes element `i`. Returns `array` with every element written.
    private static func writeInParts(
        _ weights: [Int], of array: JSONWriter.ArrayElements, to writer: inout JSONWriter,
        _ element: (Int, inout JSONWriter, inout JSONWriter.ArrayElements) -> Void
    ) -> JSONWriter.ArrayElements {
        let runs = contiguousRuns(weights, parts: Parallel.cores)
        let style = writer.style
        let written = Parallel.map(count: runs.count) { run -> JSONWriter in
            var part = JSONWriter(style: style)
            var elements = part.continuing(arrayAt: array.indent, written: runs[run].lowerBound)
            for index in runs[run] { element(index, &part, &elements) }
            return part
        }
        for part in written { writer.append(part) }
        return writer.continuing(arrayAt: array.indent, written: weights.count)
    }

    /// `parts` contiguous ranges of the indices of `weights`, of about equal total weight (none empty).
    static func contiguousRuns(_ weights: [Int], parts: Int) -> [Range<Int>] {
        let total = weights.reduce(0, +)
        var runs: [Range<Int>] = []
        var start = 0
        var sum = 0
        for (index, weight) in weights.enumerated() {
            sum += weight
            if runs.count < parts - 1, sum * parts >= total * (runs.count + 1), index + 1 < weights.count {
                runs.append(start..<index + 1)
                start = index + 1
            }
        }
        if start < weights.count { runs.append(start..<weights.count) }
        return runs
    }

    /// Attempts of one install from which they are written on several threads (``writeInstalls(_:to:indent:)``).
    static let parallelAttempts = 4096

    private static func writeAttempt(
        _ a: InstallAttempt, to writer: inout JSONWriter, in attempts: inout JSONWriter.ArrayElements
    ) {
        writer.element(of: &attempts)
        var members = writer.beginObject(indent: attempts.indent + 1)
        for (key, member) in attemptMembers {
            if let v = member.value(a) { writer.member(key, v, of: &members) }
        }
        writer.end(members)
    }

    /// A member of an install attempt's object: `hresult` and `started` are always written (null when
    /// unknown); a feature update's builds, phase reached or failed in, operation, extend code and rollback
    /// (``InstallAttempt/setupAttributes``) only when known; `alsoIn` when other logs record the attempt.
    enum AttemptMember {
        case result, channel, hresult, started, file, line, alsoIn
        case setup(attribute: String)

        func value(_ a: InstallAttempt) -> JSONValue? {
            switch self {
            case .result: .string(a.result)
            case .channel: .string(a.channel)
            case .hresult: .optional(a.hresult)
            case .started: .optional(a.started)
            case .file: .string(a.fact.provenance.file)
            case .line: .int(a.fact.provenance.line)
            case .alsoIn:
                a.alsoIn.isEmpty
                    ? nil
                    : .array(
                        a.alsoIn.map {
                            .object(["file": .string($0.provenance.file), "line": .int($0.provenance.line)])
                        })
            case .setup(let attribute): a.fact[attribute].map(JSONValue.string)
            }
        }
    }

    /// The members of an install attempt's object with their keys, in the order they are written (by the
    /// keys' UTF-8 bytes).
    static let attemptMembers: [(key: String, member: AttemptMember)] = {
        let members: [(key: String, member: AttemptMember)] =
            [
                ("result", .result), ("channel", .channel), ("hresult", .hresult), ("started", .started),
                ("file", .file), ("line", .line), ("alsoIn", .alsoIn)
            ] + InstallAttempt.setupAttributes.map { ($0.0, .setup(attribute: $0.1)) }
        return members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }()

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
