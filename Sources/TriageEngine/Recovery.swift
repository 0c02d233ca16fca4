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
                (kind == FactKind.installAttempt && attributes["result"] == AttemptResult.succeeded.rawValue
                    && attributes["target"] == nil)
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

    /// The facts of `store` that ``markRecovered(_:)`` marks, ascending, computed from the store's columns
    /// (each attribute read once per kind, each distinct value tested once) instead of the facts'
    /// dictionaries.
    static func recovered(_ store: FactStore) -> [Int] {
        let errorCodes = store.facts(ofKind: FactKind.errorCode)
        guard !errorCodes.isEmpty else { return [] }
        let files = store.fileNames.count
        var lastScan = [Int](repeating: Int.min, count: files)
        var lastInstall = [Int](repeating: Int.min, count: files)
        var any = false
        let seconds = store.seconds
        let signatures = store.facts(ofKind: FactKind.signature)
        if !signatures.isEmpty {
            let id = store.symbols(kind: FactKind.signature, attribute: "id")
            let hresult = store.symbols(kind: FactKind.signature, attribute: "hresult")
            let failed = store.symbols(kind: FactKind.signature, attribute: "failed")
            let searchEnd = id.code(of: "wu.search-end")
            let callComplete = id.code(of: "wu.install-call-complete")
            let success = hresult.code(of: "0x00000000")
            let zero = failed.code(of: "0")
            for (position, index) in signatures.enumerated() {
                let code = id.codes[position]
                let isScan = code == searchEnd && hresult.codes[position] == success
                let isInstall =
                    code == callComplete && failed.codes[position] == zero
                    && !(store.facts[index].provenance.text ?? "").contains("(succeeded = 0,")
                let t = seconds[index]
                guard isScan || isInstall, t != FactStore.noTime else { continue }
                let file = Int(store.fileOrdinals[index])
                if isScan { lastScan[file] = max(lastScan[file], t) }
                if isInstall { lastInstall[file] = max(lastInstall[file], t) }
                any = true
            }
        }
        let attempts = store.facts(ofKind: FactKind.installAttempt)
        if !attempts.isEmpty {
            let result = store.symbols(kind: FactKind.installAttempt, attribute: "result")
            let target = store.symbols(kind: FactKind.installAttempt, attribute: "target")
            let succeeded = result.code(of: AttemptResult.succeeded.rawValue)
            for (position, index) in attempts.enumerated()
            where result.codes[position] == succeeded && target.codes[position] == 0 {
                let t = seconds[index]
                guard t != FactStore.noTime else { continue }
                let file = Int(store.fileOrdinals[index])
                lastInstall[file] = max(lastInstall[file], t)
                any = true
            }
        }
        guard any else { return [] }
        let context = store.symbols(kind: FactKind.errorCode, attribute: "context")
        // Per context value: 1 a scan context, 2 a download, 0 neither (or no context).
        let contextKind: [UInt8] =
            [0] + context.values.map { scanContexts.contains($0) ? 1 : $0 == "download" ? 2 : 0 }
        var out: [Int] = []
        for (position, index) in errorCodes.enumerated() {
            let kind = contextKind[Int(context.codes[position])]
            let t = seconds[index]
            guard kind != 0, t != FactStore.noTime else { continue }
            let file = Int(store.fileOrdinals[index])
            if (kind == 1 ? lastScan[file] : lastInstall[file]) > t { out.append(index) }
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
