import TriageCore
import TriageXML

extension DecodeContext {
    /// `<procedure>`; `fileName` is the file's name without `.xml`, which must equal the id.
    mutating func procedure(_ root: XMLNode, fileName: String) -> Procedure {
        let id = root["id"] ?? ""
        if !id.isEmpty, id != fileName {
            error(
                KnowledgeDiagnosticID.idMismatch,
                "procedure id '\(id)' does not match its file name '\(fileName).xml'",
                at: location(root, attribute: "id"))
        }
        let owner = "procedure '\(id)'"
        let costNode = root.child(named: "cost")
        let cost = Procedure.Cost(
            minutes: Int(costNode?["minutes"] ?? "") ?? 0,
            reboot: Self.bool(costNode?["reboot"]),
            admin: Self.bool(costNode?["admin"]),
            risk: Procedure.Risk(rawValue: costNode?["risk"] ?? "") ?? .none)
        var steps: [Language: [Procedure.Step]] = [:]
        let stepLists = root.children(named: "steps")
        for list in stepLists {
            guard let lang = list["lang"].flatMap(Language.init(rawValue:)) else { continue }
            steps[lang] = list.children(named: "step").map { step in
                Procedure.Step(
                    text: Self.prose(step.text),
                    commands: step.children(named: "command").map { Self.trimmed($0.text) })
            }
        }
        if let first = stepLists.first {
            if steps[.en] == nil {
                error(
                    KnowledgeDiagnosticID.missingEnglish, "\(owner) has no English (lang=\"en\") steps",
                    at: location(first))
            }
            if steps[.zhCN] == nil {
                warning(KnowledgeDiagnosticID.missingTranslation, "\(owner) has no zh-CN steps", at: location(first))
            }
        }
        var yields = Procedure.Yields()
        if let node = root.child(named: "yields") {
            for item in node.children {
                switch item.name {
                case "log": yields.logs += logKinds(item, attribute: "kind")
                case "fact": yields.factKinds.append(item["kind"] ?? "")
                case "observation": yields.observations.append(item["name"] ?? "")
                default: break
                }
            }
        }
        let outcomes =
            root.child(named: "outcomes")?.children(named: "outcome").map { outcome in
                Procedure.Outcome(
                    observation: outcome["observation"] ?? "", value: outcome["value"] ?? "",
                    meaning: localized(outcome, "meaning", owner: owner, requireChinese: true))
            } ?? []
        var procedure = Procedure(
            id: id,
            kind: Procedure.Kind(rawValue: root["kind"] ?? "") ?? .test,
            title: localized(root, "title", owner: owner, requireChinese: true),
            purpose: localized(root, "purpose", owner: owner, requireChinese: true),
            cost: cost,
            steps: steps,
            yields: yields,
            outcomes: outcomes,
            tools: root.children(named: "requires").map {
                Procedure.ToolRequirement(tool: $0["tool"] ?? "", minVersion: $0["minVersion"])
            },
            location: location(root))
        procedure.includes = root.children(named: "includes").map { $0["procedure"] ?? "" }
        return procedure
    }
}
