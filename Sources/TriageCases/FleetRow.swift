import TriageCore
import TriageEngine

/// One machine of `triage fleet`: what its bundle's analysis comes to, in a few strings and numbers. The
/// fleet keeps only these (never a bundle's facts), so a thousand bundles fit in memory.
package struct FleetRow: Sendable, Hashable {
    /// The bundle as given.
    package var bundle: String
    /// The machine the logs name, else the bundle's file name.
    package var machine: String
    /// The update with the most failed attempts (nil: no failed attempt).
    package var kb: String?
    /// Failed or cancelled install attempts, every update.
    package var failures: Int
    /// The top hypothesis (`nothing-read` when no servicing log was read; nil when the bundle could not be read).
    package var cause: String?
    package var causeTitle: LocalizedText
    package var confidence: Double?
    /// The first next step's procedure.
    package var step: String?
    package var stepTitle: LocalizedText
    /// The WSUS server the machine's updates come from (first by text), when the logs name one.
    package var source: String?
    /// Why the bundle could not be analysed.
    package var problem: String?

    package init(bundle: String, machine: String, problem: String) {
        self.bundle = bundle
        self.machine = machine
        failures = 0
        causeTitle = LocalizedText()
        stepTitle = LocalizedText()
        self.problem = problem
    }

    package init(bundle: String, analysis: Analysis) {
        self.bundle = bundle
        let name = bundle.split(separator: "/").last.map(String.init) ?? bundle
        machine = analysis.machine.name ?? name
        let failedBy = analysis.installs.map {
            ($0.kb, $0.attempts.filter { $0.outcome == .failed || $0.outcome == .cancelled }.count)
        }
        failures = failedBy.reduce(0) { $0 + $1.1 }
        kb = failedBy.filter { $0.1 > 0 }.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }?.0
        if analysis.findings.contains(where: { $0.id == "no-servicing-log" }) {
            cause = "nothing-read"
            causeTitle = analysis.text.localized("fleet.nothing-read")
        } else if let leader = analysis.leader {
            cause = leader.id
            causeTitle = leader.title
            confidence = leader.probability
        } else {
            causeTitle = LocalizedText()
        }
        step = analysis.nextSteps.first?.id
        stepTitle = analysis.nextSteps.first?.procedure.title ?? LocalizedText()
        source = analysis.evidence.facts.lazy.filter { $0.kind == FactKind.updateSource && $0["type"] == "wsus" }
            .compactMap { $0["url"] }.filter { !$0.isEmpty && $0 != "(null)" }.min()
    }

    /// What machines are grouped by: the diagnosis, where the update came from, and what to do first.
    package var groupKey: FleetGroup.Key { FleetGroup.Key(cause: cause ?? "unreadable", source: source, step: step) }
}

/// Machines with the same diagnosis: "31 machines: payload-corrupt via WSUS http://… → offline-install-with-hash".
package struct FleetGroup: Sendable, Hashable {
    package struct Key: Sendable, Hashable, Comparable {
        package var cause: String
        package var source: String?
        package var step: String?
        package static func < (a: Key, b: Key) -> Bool {
            (a.cause, a.source ?? "", a.step ?? "") < (b.cause, b.source ?? "", b.step ?? "")
        }
    }

    package var key: Key
    /// Machine names, in input order.
    package var machines: [String]

    /// Largest group first, then by key.
    package static func groups(_ rows: [FleetRow]) -> [FleetGroup] {
        var byKey: [Key: [String]] = [:]
        for row in rows { byKey[row.groupKey, default: []].append(row.machine) }
        return byKey.map { FleetGroup(key: $0.key, machines: $0.value) }
            .sorted { $0.machines.count != $1.machines.count ? $0.machines.count > $1.machines.count : $0.key < $1.key }
    }

    /// `31 machines: payload-corrupt via WSUS http://92.0.14.83:8530 → offline-install-with-hash`.
    package func label(_ language: Language, _ words: UIText) -> String {
        var text = words.string("fleet.group", language, [Self.machines(machines.count, language, words)])
        text += key.cause
        if let source = key.source { text += words.string("fleet.via-wsus", language, [source]) }
        text += " → " + (key.step ?? words.string("fleet.no-step", language))
        return text
    }

    /// `1 machine`, `31 machines`.
    package static func machines(_ n: Int, _ language: Language, _ words: UIText) -> String {
        n == 1
            ? words.string("fleet.one-machine", language, ["\(n)"]) : words.string("fleet.machines", language, ["\(n)"])
    }
}
