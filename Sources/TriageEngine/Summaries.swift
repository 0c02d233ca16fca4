import TriageCore

enum Summaries {
    /// Install attempts grouped by KB (else package, else for a feature update `feature-update <target build>`
    /// else `unknown`), KBs sorted, attempts by start time, then file and line.
    static func installs(_ facts: [Fact]) -> [InstallSummary] {
        var groups: [String: [InstallAttempt]] = [:]
        // Read by index: a `for fact in facts` copy would retain every fact's strings.
        for index in facts.indices where facts[index].kind == FactKind.installAttempt {
            let fact = facts[index]
            let key =
                fact["kb"].map { $0.uppercased() } ?? fact["package"]
                ?? (fact["channel"] == "setup"
                    ? fact["target-build"].map { "feature-update " + $0 } ?? "feature-update" : "unknown")
            groups[key, default: []].append(
                InstallAttempt(
                    result: fact["result"] ?? "unknown", channel: fact["channel"] ?? "unknown",
                    hresult: fact["hresult"],
                    started: fact["started"] ?? fact.provenance.timestamp, fact: fact))
        }
        return groups.keys.sorted().map { kb in
            InstallSummary(
                kb: kb,
                attempts: mergeAcrossLogs(
                    groups[kb]!.sorted { a, b in
                        let ta = a.started ?? ""
                        let tb = b.started ?? ""
                        if ta != tb { return ta < tb }
                        return Fact.stableOrder(a.fact, b.fact)
                    }))
        }
    }

    /// One install is often written by two logs: WindowsUpdate.log in local time and the System event log
    /// (event 19/20), exported in UTC. Attempts of one KB from different files with the same result and code
    /// whose times differ by a whole time-zone offset (a multiple of 15 minutes, at most 14 hours, ±3 s) are
    /// one attempt: the first (by time) is kept and names the others in `alsoIn`.
    static func mergeAcrossLogs(_ attempts: [InstallAttempt]) -> [InstallAttempt] {
        // Attempts of one file are never merged (one log does not write an install twice).
        guard let file = attempts.first?.fact.provenance.file,
            attempts.contains(where: { $0.fact.provenance.file != file })
        else { return attempts }
        var kept: [(attempt: InstallAttempt, times: [Int])] = []
        // Kept attempts by result, code and time modulo 15 minutes: two times are the same instant only when
        // their residues are within 3 s of each other, so only these few are compared (the first that is the
        // same attempt wins, as in a scan of all kept attempts).
        struct Slot: Hashable {
            let result: String
            let hresult: String?
            let residue: Int
        }
        var slots: [Slot: [Int]] = [:]
        func residue(_ seconds: Int) -> Int { (seconds % 900 + 900) % 900 }
        for attempt in attempts {
            let times = Self.times(attempt.fact)
            let file = attempt.fact.provenance.file
            var candidates: [Int] = []
            for time in times {
                for delta in -3...3 {
                    let slot = Slot(result: attempt.result, hresult: attempt.hresult, residue: residue(time + delta))
                    candidates += slots[slot] ?? []
                }
            }
            candidates.sort()
            // Kept attempts read in place (a copy of one retains all its strings).
            var match: Int? = nil
            for index in candidates
            where kept[index].attempt.fact.provenance.file != file
                && !kept[index].attempt.alsoIn.contains(where: { $0.provenance.file == file })
                && kept[index].attempt.result == attempt.result && kept[index].attempt.hresult == attempt.hresult
                && kept[index].times.contains(where: { a in times.contains { b in Self.sameInstant(a, b) } })
            {
                match = index
                break
            }
            if let index = match {
                kept[index].attempt.alsoIn.append(attempt.fact)
            } else {
                let index = kept.count
                kept.append((attempt, times))
                for time in times {
                    let slot = Slot(result: attempt.result, hresult: attempt.hresult, residue: residue(time))
                    if slots[slot]?.last != index { slots[slot, default: []].append(index) }
                }
            }
        }
        return kept.map(\.attempt)
    }

    private static func times(_ fact: Fact) -> [Int] {
        [fact["started"], fact["ended"], fact.provenance.timestamp].compactMap(Timestamp.seconds)
    }

    private static func sameInstant(_ a: Int, _ b: Int) -> Bool {
        let delta = abs(a - b)
        guard delta <= 14 * 3600 + 3 else { return false }
        let offset = delta % 900
        return offset <= 3 || offset >= 897
    }

    static func machine(_ facts: [Fact]) -> MachineSummary {
        var counts: [String: [String: Int]] = [:]
        var collectors = Set<String>()
        // Read by index: a `for fact in facts` copy would retain every fact's strings.
        for i in facts.indices {
            if facts[i].kind == FactKind.machine {
                for name in ["name", "os-build", "edition", "arch"] {
                    if let value = facts[i][name], !value.isEmpty { counts[name, default: [:]][value, default: 0] += 1 }
                }
            } else if facts[i].kind == FactKind.collector, let name = facts[i]["name"] {
                collectors.insert(facts[i]["version"].map { "\(name) \($0)" } ?? name)
            }
        }
        func best(_ name: String) -> String? {
            counts[name]?.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        }
        return MachineSummary(
            name: best("name"), osBuild: best("os-build"), edition: best("edition"),
            arch: best("arch"), names: (counts["name"] ?? [:]).keys.sorted(),
            collectors: collectors.sorted())
    }
}

/// Dotted versions compared numerically: `1.11` > `1.9`, `2` == `2.0`, a leading `v` ignored.
public enum DottedVersion {
    public static func components(_ text: String) -> [Int] {
        var s = Substring(text.trimmingSpaces)
        if s.first == "v" || s.first == "V" { s = s.dropFirst() }
        return s.split(whereSeparator: { !$0.isNumber }).map { Int($0) ?? 0 }
    }

    public static func compare(_ a: String, _ b: String) -> Int {
        let x = components(a)
        let y = components(b)
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0
            let q = i < y.count ? y[i] : 0
            if p != q { return p < q ? -1 : 1 }
        }
        return 0
    }
}

enum Findings {
    /// `collector-outdated`: a `collector` fact names a known tool (by id, name or a version's file name) at
    /// a version older than the tool's current one. A fact without a version takes the version whose file
    /// name it carries.
    static func collectorOutdated(_ facts: [Fact], tools: [Tool], text: UIText) -> [Finding] {
        func normal(_ text: String) -> String {
            var t = PatternMatcher.fold(text.trimmingSpaces)
            if t.hasSuffix(".exe") { t.removeLast(4) }
            return t
        }
        var findings: [String: Finding] = [:]
        let collectors = facts.indices.filter { facts[$0].kind == FactKind.collector }.map { facts[$0] }
        for fact in collectors.sorted(by: Fact.stableOrder) {
            guard let name = fact["name"].map(normal) else { continue }
            for tool in tools.sorted(by: { $0.id < $1.id }) {
                let byFile = tool.versions.first { $0.files.contains { normal($0) == name } }
                guard normal(tool.id) == name || normal(tool.name) == name || byFile != nil,
                    let current = tool.currentVersion,
                    let found = fact["version"] ?? byFile?.value,
                    DottedVersion.compare(found, current.value) < 0
                else { continue }
                let key = tool.id + "\u{0}" + found
                if var existing = findings[key] {
                    existing.evidence.append(fact)
                    findings[key] = existing
                } else {
                    findings[key] = Finding(
                        id: "collector-outdated",
                        message: text.localized("finding.collector-outdated", [tool.name, found, current.value]),
                        details: ["tool": tool.id, "found": found, "current": current.value],
                        evidence: [fact])
                }
                break
            }
        }
        return findings.keys.sorted().map { findings[$0]! }
    }

    /// `several-machines`: the logs name more than one machine (names compared without case and domain), so
    /// one diagnosis would mix their evidence; `triage fleet` analyses one bundle per machine.
    static func severalMachines(_ machine: MachineSummary, facts: [Fact], text: UIText) -> [Finding] {
        func key(_ name: String) -> String {
            String(name.uppercased().split(separator: ".", maxSplits: 1).first ?? "")
        }
        let distinct = Set(machine.names.map(key).filter { !$0.isEmpty })
        guard distinct.count > 1 else { return [] }
        var firstFact: [String: Fact] = [:]
        for fact in facts.sorted(by: Fact.stableOrder) {
            guard let name = fact["name"], fact.kind == FactKind.machine, firstFact[key(name)] == nil else { continue }
            firstFact[key(name)] = fact
        }
        let names = distinct.sorted()
        let list =
            names.prefix(5).joined(separator: ", ")
            + (names.count > 5 ? " … +\(names.count - 5)" : "")
        return [
            Finding(
                id: "several-machines",
                message: text.localized("finding.several-machines", ["\(names.count)", list]),
                details: ["machines": names.joined(separator: " ")],
                evidence: names.compactMap { firstFact[$0] })
        ]
    }

    /// `no-servicing-log`: no servicing or update log was parsed (only unsupported, binary or empty files, or
    /// only a collector's info file). The ranking then holds nothing but the priors, and the engineer must know.
    static func noServicingLog(_ sources: [SourceRecord], text: UIText) -> [Finding] {
        guard parsedLogs(sources).isEmpty else { return [] }
        let skipped = sources.filter { $0.status == .skipped }
        if !sources.isEmpty, skipped.count == sources.count {
            return [nothingRead(skipped, text: text)]
        }
        return [
            Finding(
                id: "no-servicing-log",
                message: text.localized("finding.no-servicing-log", ["\(sources.count)", "\(skipped.count)"]),
                details: ["files": "\(sources.count)", "skipped": "\(skipped.count)"],
                evidence: [])
        ]
    }

    /// The same finding when every file was skipped: nothing could be read, so no failure cause is ranked.
    /// It names the skipped files and why (the first five), sorted by path for byte-identical output.
    private static func nothingRead(_ skipped: [SourceRecord], text: UIText) -> Finding {
        let named = skipped.sorted { $0.path < $1.path }.map { source in
            "\(source.path.split(separator: "/").last.map(String.init) ?? source.path): \(source.reason ?? "skipped")"
        }
        let list = named.prefix(5).joined(separator: "; ") + (named.count > 5 ? " … +\(named.count - 5)" : "")
        return Finding(
            id: "no-servicing-log",
            message: text.localized("finding.nothing-read", ["\(skipped.count)", list]),
            details: ["files": "\(skipped.count)", "skipped": "\(skipped.count)"],
            evidence: [])
    }

    /// `upgrade-logs-only`: every servicing log read is a feature-update log (Panther setupact/setuperr, the
    /// compatibility report, SetupDiag). The reading is about the feature update (the `upgrade-failure` tree);
    /// the finding says so, and that a monthly update needs CBS.log and WindowsUpdate.log instead. It asks
    /// for SetupDiag only when no SetupDiag result was read.
    static func upgradeLogsOnly(_ sources: [SourceRecord], text: UIText) -> [Finding] {
        let servicing = parsedLogs(sources)
        let upgrade: Set<LogKind> = [.setupact, .setuperr, .setupDiag, .compatData]
        guard !servicing.isEmpty, servicing.allSatisfy({ upgrade.contains($0.kind) }) else { return [] }
        let hasSetupDiag = servicing.contains { $0.kind == .setupDiag }
        return [
            Finding(
                id: "upgrade-logs-only",
                message: hasSetupDiag
                    ? text.localized("finding.upgrade-logs-only.setupdiag-read")
                    : text.localized("finding.upgrade-logs-only"),
                details: ["logs": servicing.map(\.kind.rawValue).sorted().joined(separator: " ")],
                evidence: [])
        ]
    }

    /// Parsed sources that are logs (a collector's info file is not).
    private static func parsedLogs(_ sources: [SourceRecord]) -> [SourceRecord] {
        sources.filter { $0.status == .parsed && $0.kind != .collectorInfo }
    }
}
