import TriageCore

/// Symptoms and phases (docs/reasoning.md, "Evidence vs cause"): how the install failed, as the facts and
/// the engineer's observations show it. Rules read the same facts; reports print these above the causes.
enum Symptoms {
    static func find(_ facts: [Fact], observations: [String: String]) -> [Symptom] {
        // Filter before sorting: an error-dense bundle holds millions of facts, these are a handful.
        let rollbacks = facts.filter { $0.kind == FactKind.rollback && ["startup", "shutdown"].contains($0["phase"] ?? "") }
            .sorted(by: Fact.stableOrder)
        let installers = facts.filter { $0.kind == FactKind.signature && $0["id"] == "cbs.csi-installer-failed" && $0["installer"] != nil }
            .sorted(by: Fact.stableOrder)
        let failed = facts.filter { $0.kind == FactKind.installAttempt && $0["result"] == "failed" }
            .sorted(by: Fact.stableOrder)
        var symptoms: [Symptom] = []

        let phase = rollbacks.first?["phase"] ?? failed.compactMap { stagePhase($0["stage"]) }.first
        let phaseFacts = rollbacks.isEmpty ? failed.filter { stagePhase($0["stage"]) == phase } : rollbacks
        var names: [String] = []
        for fact in installers where !names.contains(fact["installer"]!) { names.append(fact["installer"]!) }

        let observed = observations["rollback-at-reboot"]
        if observed == "true" || !rollbacks.isEmpty {
            var en = "rolls back at reboot", zh = "重启时回滚"
            if let phase, ["startup", "shutdown"].contains(phase) {
                en += " — \(phase) phase"
                zh += " —— \(phase == "startup" ? "启动" : "关机")阶段"
            }
            if !names.isEmpty {
                let list = names.map { "'\($0)'" }.joined(separator: ", ")
                en += ", advanced installer \(list) failed"
                zh += "，高级安装程序 \(list) 失败"
            }
            var evidence = rollbacks.prefix(3).map { $0 }
            if observed == "true" { evidence.insert(Evaluator.observationFact(name: "rollback-at-reboot", value: "true"), at: 0) }
            symptoms.append(Symptom(id: "rollback-at-reboot", value: "true",
                                    message: LocalizedText([.en: en, .zhCN: zh]), evidence: evidence))
        }
        if let phase {
            symptoms.append(Symptom(id: "failing-phase", value: phase,
                                    message: LocalizedText([.en: "fails in the \(phase) phase",
                                                            .zhCN: "在\(phaseChinese(phase))阶段失败"]),
                                    evidence: Array(phaseFacts.prefix(3))))
        }
        for name in names {
            let cited = installers.filter { $0["installer"] == name }
            symptoms.append(Symptom(id: "failing-installer", value: name,
                                    message: LocalizedText([.en: "advanced installer '\(name)' failed (CSI queue)",
                                                            .zhCN: "高级安装程序 '\(name)' 失败（CSI 队列）"]),
                                    evidence: Array(cited.prefix(3))))
        }
        var channels: [String] = []
        for fact in failed { if let c = fact["channel"], c != "unknown", !channels.contains(c) { channels.append(c) } }
        if let channel = observations["update-channel"], !channels.contains(channel) { channels.insert(channel, at: 0) }
        for channel in channels {
            let offline = ["offline-msu", "dism", "offline"].contains(channel)
            symptoms.append(Symptom(id: "install-channel", value: channel,
                                    message: LocalizedText([.en: "\(offline ? "offline" : "online") install (\(channel))",
                                                            .zhCN: "\(offline ? "离线" : "联机")安装（\(channel)）"]),
                                    evidence: Array(failed.filter { $0["channel"] == channel }.prefix(3))))
        }
        return symptoms
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

    static func phaseChinese(_ phase: String) -> String {
        switch phase {
        case "download": "下载"
        case "staging": "暂存"
        case "install": "安装"
        case "shutdown": "关机"
        case "startup": "启动"
        default: phase
        }
    }
}
