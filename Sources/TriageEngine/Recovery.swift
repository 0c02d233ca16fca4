import TriageCore

/// "A later success weighs against a failure": an error code of a scan or a download (contexts `search`, `idle`,
/// `download`) after which the same operation succeeded, later in the same log file, gets `recovered=true` at
/// analysis, so that rules about an unreachable update source can leave out what the agent recovered from
/// (`<attr name="recovered" exists="false"/>`). A scan's code is recovered by a later scan that ended with
/// 0x00000000 (`wu.search-end`); a download's code by a later successful update install (an attempt, or the
/// agent's install call: the update had to be downloaded first). App installs (`target=app`) recover nothing,
/// nor does a success in another file (an offline install recorded in an event log says nothing about the
/// agent's source). Times compare the facts' normalised timestamps; a code without one is never recovered.
enum Recovery {
    static let scanContexts: Set<String> = ["search", "idle"]

    static func markRecovered(_ facts: [Fact]) -> [Fact] {
        var lastScan: [String: Int] = [:]
        var lastInstall: [String: Int] = [:]
        // Facts are read in place by index (a `for fact in facts` copy would retain all of a fact's strings);
        // only signatures and install attempts are looked at.
        for index in facts.indices {
            let kind = facts[index].kind
            guard kind == FactKind.signature || kind == FactKind.installAttempt else { continue }
            let attributes = facts[index].attributes
            let isScan =
                kind == FactKind.signature && attributes["id"] == "wu.search-end"
                && attributes["hresult"] == "0x00000000"
            let isInstall =
                (kind == FactKind.installAttempt && attributes["result"] == "succeeded" && attributes["target"] == nil)
                || (kind == FactKind.signature && attributes["id"] == "wu.install-call-complete"
                    && isInstallCallSucceeded(facts[index]))
            guard isScan || isInstall, let t = Timestamp.seconds(facts[index].provenance.timestamp) else { continue }
            let file = facts[index].provenance.file
            if isScan { lastScan[file] = max(lastScan[file] ?? Int.min, t) }
            if isInstall { lastInstall[file] = max(lastInstall[file] ?? Int.min, t) }
        }
        guard !lastScan.isEmpty || !lastInstall.isEmpty else { return facts }
        var out = facts
        for i in out.indices where out[i].kind == FactKind.errorCode {
            guard let context = out[i].attributes["context"], let t = Timestamp.seconds(out[i].provenance.timestamp)
            else { continue }
            let file = out[i].provenance.file
            let successAfter =
                scanContexts.contains(context) ? lastScan[file] : context == "download" ? lastInstall[file] : nil
            if let successAfter, successAfter > t { out[i].attributes["recovered"] = "true" }
        }
        return out
    }

    /// The agent's `Install call complete (succeeded = 1, …, failed = 0, …)`: the install call succeeded even when
    /// the attempt that started it is not tied to it (another process writes the line).
    static func isInstallCallSucceeded(_ fact: Fact) -> Bool {
        guard fact.kind == FactKind.signature, fact.attributes["id"] == "wu.install-call-complete",
            fact.attributes["failed"] == "0"
        else { return false }
        return !(fact.provenance.text ?? "").contains("(succeeded = 0,")
    }
}
