import TriageCore

/// Symptoms and phases (docs/reasoning.md, "Evidence vs cause"): how the install failed, as the facts and
/// the engineer's observations show it. Rules read the same facts; reports print these above the causes.
/// The messages are the `symptom.*` and `phase.*` texts of `ui-text.xml`.
enum Symptoms {
    static func find(_ facts: [Fact], observations: [String: String], text: UIText) -> [Symptom] {
        // One pass over the facts, read in place (a copy of each would retain its strings), for three lists.
        var (rollbackAt, installerAt, failedAt) = ([Int](), [Int](), [Int]())
        for i in facts.indices {
            switch facts[i].kind {
            case FactKind.rollback:
                if ["startup", "shutdown"].contains(facts[i]["phase"] ?? "") { rollbackAt.append(i) }
            case FactKind.signature:
                if facts[i]["id"] == "cbs.csi-installer-failed" && facts[i]["installer"] != nil {
                    installerAt.append(i)
                }
            case FactKind.installAttempt:
                if facts[i]["result"] == AttemptResult.failed.rawValue { failedAt.append(i) }
            default: break
            }
        }
        let rollbacks = ordered(facts, rollbackAt)
        let installers = ordered(facts, installerAt)
        let failed = ordered(facts, failedAt)
        var symptoms: [Symptom] = []

        let phase = rollbacks.first?["phase"] ?? failed.compactMap { stagePhase($0["stage"]) }.first
        let phaseFacts = rollbacks.isEmpty ? failed.filter { stagePhase($0["stage"]) == phase } : rollbacks
        var names: [String] = []
        for fact in installers where !names.contains(fact["installer"]!) { names.append(fact["installer"]!) }

        let observed = observations["rollback-at-reboot"]
        if observed == "true" || !rollbacks.isEmpty {
            var values: [Language: String] = [:]
            for language in Language.allCases {
                var message = text.string("symptom.rollback-at-reboot", language)
                if let phase, ["startup", "shutdown"].contains(phase) {
                    message += text.string("symptom.rollback-phase", language, [phaseName(phase, language, text)])
                }
                if !names.isEmpty {
                    let list = names.map { "'\($0)'" }.joined(separator: ", ")
                    message += text.string("symptom.installers-failed", language, [list])
                }
                values[language] = message
            }
            var evidence = rollbacks.prefix(3).map { $0 }
            if observed == "true" {
                evidence.insert(Evaluator.observationFact(name: "rollback-at-reboot", value: "true"), at: 0)
            }
            symptoms.append(
                Symptom(
                    id: "rollback-at-reboot", value: "true",
                    message: LocalizedText(values), evidence: evidence))
        }
        if let phase {
            symptoms.append(
                Symptom(
                    id: "failing-phase", value: phase,
                    message: LocalizedText(
                        Dictionary(
                            uniqueKeysWithValues: Language.allCases.map {
                                ($0, text.string("symptom.failing-phase", $0, [phaseName(phase, $0, text)]))
                            })),
                    evidence: Array(phaseFacts.prefix(3))))
        }
        for name in names {
            let cited = installers.filter { $0["installer"] == name }
            symptoms.append(
                Symptom(
                    id: "failing-installer", value: name,
                    message: text.localized("symptom.failing-installer", [name]),
                    evidence: Array(cited.prefix(3))))
        }
        var channels: [String] = []
        for fact in failed { if let c = fact["channel"], c != "unknown", !channels.contains(c) { channels.append(c) } }
        if let channel = observations["update-channel"], !channels.contains(channel) { channels.insert(channel, at: 0) }
        for channel in channels {
            let offline = ["offline-msu", "dism", "offline"].contains(channel)
            symptoms.append(
                Symptom(
                    id: "install-channel", value: channel,
                    message: offline
                        ? text.localized("symptom.install-offline", [channel])
                        : text.localized("symptom.install-online", [channel]),
                    evidence: Array(failed.filter { $0["channel"] == channel }.prefix(3))))
        }
        return symptoms
    }

    /// The facts that pass, in ``Fact/stableOrder``. Filtered before sorting: an error-dense bundle holds
    /// millions of facts, these are usually a handful. Chosen and sorted by index, copied once; sorted on
    /// (file, line) read once, then the rest of ``Fact/stableOrder``: the same comparisons.
    /// The facts at `chosen`, in file, line, then stable order.
    private static func ordered(_ facts: [Fact], _ chosen: [Int]) -> [Fact] {
        let files = chosen.map { facts[$0].provenance.file }
        let lines = chosen.map { facts[$0].provenance.line }
        let order = chosen.indices.sorted { a, b in
            if files[a] != files[b] { return files[a] < files[b] }
            if lines[a] != lines[b] { return lines[a] < lines[b] }
            return Fact.stableOrder(facts[chosen[a]], facts[chosen[b]])
        }
        return order.map { facts[chosen[$0]] }
    }

    /// An install attempt's stage as a phase name (download, staging, install, shutdown, startup).
    static func stagePhase(_ stage: String?) -> String? {
        switch stage {
        case "download": "download"
        case "staging": "staging"
        case "install", "commit": "install"
        case "boot": "startup"
        default: nil
        }
    }

    /// A phase's name in `language` (`phase.<name>`); a phase the catalog does not name is shown as written.
    static func phaseName(_ phase: String, _ language: Language, _ text: UIText) -> String {
        text.entries["phase.\(phase)"] == nil ? phase : text.string("phase.\(phase)", language)
    }
}
