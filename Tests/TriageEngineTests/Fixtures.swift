import TriageCore
import TriageEvidence

@testable import TriageEngine

/// Small hand-made knowledge and evidence for the engine tests.
enum Fx {
    static let here = SourceLocation(file: "test.xml", line: 1, column: 1)

    static func fact(
        _ kind: String, _ attributes: [String: String], file: String = "CBS.log", line: Int,
        timestamp: String? = nil, text: String? = nil
    ) -> Fact {
        Fact(
            kind: kind, attributes: attributes,
            provenance: Provenance(
                file: file, line: line, time: timestamp, timestamp: timestamp, text: text ?? "line \(line)"))
    }

    static func pattern(_ kind: String, _ predicates: [String: String] = [:], in sources: [LogKind] = []) -> FactPattern
    {
        FactPattern(
            kind: kind, sources: sources,
            predicates: predicates.sorted { $0.key < $1.key }.map {
                AttributePredicate(name: $0.key, test: .equals($0.value), location: here)
            }, location: here)
    }

    static func c(_ node: Condition.Node) -> Condition { Condition(node, at: here) }
    static func has(_ kind: String, _ predicates: [String: String] = [:], in sources: [LogKind] = []) -> Condition {
        c(.fact(pattern(kind, predicates, in: sources)))
    }
    static func observed(_ name: String, _ values: String...) -> Condition {
        c(.observation(name: name, values: values))
    }
    static func all(_ children: Condition...) -> Condition { c(.all(children)) }
    static func any(_ children: Condition...) -> Condition { c(.any(children)) }
    static func not(_ child: Condition) -> Condition { c(.not(child)) }

    static func rule(
        _ id: String, _ condition: Condition, supports: [(String, Strength)] = [],
        opposes: [(String, Strength)] = [], recommends: [String] = [], title: String? = nil
    ) -> Rule {
        let conclusions =
            supports.map { Conclusion(.supports(hypothesis: $0.0, strength: $0.1), at: here) }
            + opposes.map { Conclusion(.opposes(hypothesis: $0.0, strength: $0.1), at: here) }
            + recommends.map { Conclusion(.recommends(procedure: $0), at: here) }
        return Rule(
            id: id, area: String(id.split(separator: "/").first ?? ""),
            title: LocalizedText(en: title ?? "Rule \(id)", zh: "规则 \(id)"),
            summary: LocalizedText(en: ""), condition: condition, conclusions: conclusions, examples: [],
            location: here)
    }

    static func hypothesis(_ id: String, prior: Double, remedies: [String] = []) -> Hypothesis {
        Hypothesis(
            id: id, title: LocalizedText(en: "Title of \(id)", zh: "\(id) 的标题"),
            description: LocalizedText(en: ""), prior: prior,
            remediation: LocalizedText(en: "Fix \(id)", zh: "修复 \(id)"), remedies: remedies, location: here)
    }

    static func procedure(
        _ id: String, kind: Procedure.Kind = .test, minutes: Int = 10, reboot: Bool = false,
        admin: Bool = false, risk: Procedure.Risk = .none, logs: [LogKind] = [],
        observations: [String] = [],
        outcomes: [(String, String, String, String)] = []
    ) -> Procedure {
        Procedure(
            id: id, kind: kind, title: LocalizedText(en: "Do \(id)", zh: "执行 \(id)"),
            purpose: LocalizedText(en: "Purpose of \(id).", zh: "\(id) 的目的。"),
            cost: .init(minutes: minutes, reboot: reboot, admin: admin, risk: risk),
            steps: [
                .en: [
                    .init(text: "Open a prompt.", commands: []),
                    .init(text: "Run:", commands: ["echo \(id)"])
                ],
                .zhCN: [
                    .init(text: "打开命令提示符。", commands: []),
                    .init(text: "运行：", commands: ["echo \(id)"])
                ]
            ],
            yields: .init(logs: logs, factKinds: [], observations: observations),
            outcomes: outcomes.map {
                .init(observation: $0.0, value: $0.1, meaning: LocalizedText(en: $0.2, zh: $0.3))
            },
            tools: [], location: here)
    }

    static let factKinds: [FactKindSpec] = [
        FactKindSpec(
            id: "error-code", attributes: ["code", "log", "kb"], producedBy: [.cbs, .windowsUpdate], location: here),
        FactKindSpec(
            id: "install-attempt", attributes: ["kb", "result", "channel", "hresult", "started"],
            producedBy: [.cbs, .windowsUpdate], location: here),
        FactKindSpec(id: "rollback", attributes: ["phase", "kb"], producedBy: [.cbs], location: here),
        FactKindSpec(id: "signature", attributes: ["id"], producedBy: [.cbs, .windowsUpdate], location: here),
        FactKindSpec(
            id: "collector", attributes: ["name", "version"], producedBy: [.cbs, .windowsUpdate], location: here),
        FactKindSpec(
            id: "machine", attributes: ["name", "os-build", "arch"], producedBy: [.cbs, .windowsUpdate], location: here),
        FactKindSpec(
            id: "update-source", attributes: ["type", "url"], producedBy: [.windowsUpdate, .cbs], location: here),
        FactKindSpec(id: "observation", attributes: ["name", "value"], producedBy: [], location: here)
    ]

    static func source(_ path: String, _ kind: LogKind, lines: Int = 100) -> SourceRecord {
        SourceRecord(path: path, kind: kind, status: .parsed, encoding: "utf-8", bytes: lines * 80, lines: lines)
    }

    static func evidence(_ facts: [Fact], collected: [LogKind] = [.cbs, .windowsUpdate]) -> EvidenceSet {
        let names: [LogKind: String] = [.cbs: "CBS.log", .windowsUpdate: "WindowsUpdate.log", .dism: "DISM.log"]
        return EvidenceSet(sources: collected.map { source(names[$0] ?? "\($0.rawValue).log", $0) }, facts: facts)
    }

    static func kb(hypotheses: [Hypothesis], rules: [Rule], procedures: [Procedure] = [], tools: [Tool] = [])
        -> KnowledgeBase
    {
        var kb = KnowledgeBase(
            hypotheses: hypotheses, procedures: procedures, tools: tools, factKinds: factKinds,
            rules: rules)
        kb.uiText = ShippedText.catalog
        return kb
    }
}
