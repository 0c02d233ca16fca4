import TriageCore

/// Bundle-wide correction of install channels. CBS session clients and event 19/20 texts only say that
/// the Windows Update agent installed an update, which is how both Windows Update and WSUS installs look;
/// when any log of the bundle names a WSUS server as the update source, those agent installs came from
/// WSUS. Offline (wusa), DISM and other channels are left alone. The WU extractor applies the same rule
/// within one WindowsUpdate.log; this extends it across the files of the bundle.
enum ChannelInference {
    static func apply(to facts: inout [Fact]) {
        let wsus = facts.indices.contains {
            facts[$0].kind == FactKind.updateSource && facts[$0].attributes["type"] == "wsus"
        }
        guard wsus else { return }
        for index in facts.indices
        where facts[index].kind == FactKind.installAttempt
            && facts[index].attributes["channel"] == "windows-update"
        {
            facts[index].attributes["channel"] = "wsus"
        }
    }
}
