import TriageCore
import TriageXML

extension DecodeContext {
    /// `<hypothesis>`; `fileName` is the file's name without `.xml`, which must equal the id.
    mutating func hypothesis(_ root: XMLNode, fileName: String) -> Hypothesis {
        let id = root["id"] ?? ""
        if !id.isEmpty, id != fileName {
            error(
                KnowledgeDiagnosticID.idMismatch,
                "hypothesis id '\(id)' does not match its file name '\(fileName).xml'",
                at: location(root, attribute: "id"))
        }
        let owner = "hypothesis '\(id)'"
        return Hypothesis(
            id: id,
            title: localized(root, "title", owner: owner, requireChinese: true),
            description: localized(root, "description", owner: owner, requireChinese: true),
            prior: Double(root["prior"] ?? "") ?? 0,
            remediation: localized(root, "remediation", owner: owner, requireChinese: true),
            remedies: root.children(named: "remedy").compactMap { $0["procedure"] },
            parent: root["parent"].flatMap { $0.isEmpty ? nil : $0 },
            location: location(root))
    }
}
