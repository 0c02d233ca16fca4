import TriageCore

/// Everything one analysis found: the value every report renders.
public struct Analysis: Sendable {
    public var machine: MachineSummary
    public var sources: [SourceRecord]
    public var installs: [InstallSummary]
    /// Every hypothesis of the knowledge base, best first (ties by id); a class with a leading child comes
    /// right after it, so the first is the most specific cause the evidence supports.
    public var hypotheses: [RankedHypothesis]
    /// Symptoms and phases the evidence shows (rolls back at reboot, the failing phase and installer, the
    /// install channel): findings that rules read, never ranked as causes.
    public var symptoms: [Symptom] = []
    /// "Other / not explained": prior and posterior mass.
    public var other: OtherMass
    public var nextSteps: [NextStep]
    public var findings: [Finding]
    /// Every rule's evaluation, sorted by rule id.
    public var rules: [RuleResult]
    public var observations: [String: String]
    public var options: AnalysisOptions
    /// Entropy (bits) of the ranking, hypotheses plus other.
    public var entropy: Double
    /// The facts the analysis ran on (for explanations).
    public var evidence: EvidenceSet
    /// The interface texts the reports print (`KnowledgeBase/ui-text.xml`).
    public var text: UIText = UIText()

    public var leader: RankedHypothesis? { hypotheses.first }
    public func hypothesis(_ id: String) -> RankedHypothesis? { hypotheses.first { $0.id == id } }
    public func rule(_ id: String) -> RuleResult? { rules.first { $0.id == id } }
}

public struct OtherMass: Sendable, Hashable {
    public var prior: Double
    public var probability: Double
}

public enum Direction: String, Sendable, Hashable, Codable {
    case supports, opposes
}

/// One fired rule's effect on one hypothesis.
public struct Contribution: Sendable, Hashable {
    public var rule: String
    public var title: LocalizedText
    public var direction: Direction
    public var strength: Strength
    /// The strength's likelihood ratio (always ≥ 1).
    public var ratio: Double
    /// What actually multiplied the hypothesis' weight: `ratio` (or 1/ratio when opposing), or its damped
    /// form when the rule shares cited evidence with a stronger rule for the same hypothesis.
    public var factor: Double
    /// True when damped because of shared evidence.
    public var shared: Bool
    /// The facts the rule cited, in stable order (at most `AnalysisOptions.maxCitations`).
    public var evidence: [Fact]
    /// How many facts the rule cited in all (≥ `evidence.count`).
    public var evidenceCount: Int = 0
}

/// A condition that could not be decided, and the procedures whose yields would decide it.
public struct UnknownLeaf: Sendable, Hashable {
    public var condition: Condition
    /// Why it is unknown (`not collected: cbs`, `nobody observed rollback-at-reboot`).
    public var reason: LocalizedText
    /// Procedures not yet done whose yields would decide it, sorted.
    public var procedures: [String]
}

/// A rule that would speak to a hypothesis but whose condition is unknown.
public struct MissingEvidence: Sendable, Hashable {
    public var rule: String
    public var title: LocalizedText
    public var direction: Direction
    public var strength: Strength
    public var unknown: [UnknownLeaf]
}

public struct RankedHypothesis: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    /// Prior after normalisation with the other mass.
    public var prior: Double
    public var probability: Double
    /// Strongest first (factor), then rule id.
    public var support: [Contribution]
    public var against: [Contribution]
    /// Sorted by rule id.
    public var missing: [MissingEvidence]
    public var remediation: LocalizedText
    public var remedies: [String]
    /// The class this cause refines (nil for a top-level cause).
    public var parent: String? = nil
    /// The more specific causes under this class, sorted by id (empty for a leaf).
    public var children: [String] = []
    /// For a class: the part of `probability` not held by any child ("this class, cause not known yet").
    public var residual: Double? = nil
}

/// One rule's evaluation.
public struct RuleResult: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var truth: Truth
    /// Facts matched by true, non-negated leaves (when the rule fired), stable order; at most
    /// `AnalysisOptions.maxCitations` of them.
    public var citations: [Fact]
    /// Unknown leaves (when the rule is unknown).
    public var unknown: [UnknownLeaf]
    /// How many facts the rule matched in all (≥ `citations.count`).
    public var citationCount: Int = 0
}

/// A recommended procedure.
public struct NextStep: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable {
        /// The remedy of a clearly leading hypothesis.
        case remedy
        /// Ranked by information per cost.
        case observe
    }

    public var procedure: Procedure
    public var role: Role
    public var reason: LocalizedText
    /// Expected entropy reduction in bits (before the nudge).
    public var gain: Double
    /// Effective minutes (CostModel).
    public var effectiveCost: Double
    /// gain per effective hour, plus the recommendation nudge (docs/reasoning.md).
    public var score: Double
    public var outcomes: [OutcomeForecast]
    /// Hypotheses the outcomes favour, in outcome order.
    public var separates: [String]
    /// Fired rules that recommend the procedure.
    public var recommendedBy: [String]

    public var id: String { procedure.id }
}

/// A possible result of a procedure, with its forecast probability and the ranking it would lead to.
public struct OutcomeForecast: Sendable, Hashable {
    /// `observation=value` for declared outcomes; `rule-id` (fires) for simulated rules.
    public var label: String
    public var meaning: LocalizedText
    public var probability: Double
    /// Hypothesis whose probability would rise most; nil when nothing moves.
    public var favours: String?
    /// Leader and its probability after the outcome.
    public var leader: String
    public var leaderProbability: Double
}

/// A case finding: a warning about the bundle, not a cause.
public struct Finding: Sendable, Hashable {
    public var id: String
    public var message: LocalizedText
    /// Sorted keys in JSON (`tool`, `found`, `current`, …).
    public var details: [String: String]
    public var evidence: [Fact]
}

/// Install attempts of one update.
public struct InstallSummary: Sendable, Hashable {
    /// `KB5016623`, else the package identity, else `unknown`.
    public var kb: String
    public var attempts: [InstallAttempt]
    public var succeeded: Int { attempts.reduce(0) { $0 + ($1.outcome == .succeeded ? 1 : 0) } }
    public var failed: Int { attempts.reduce(0) { $0 + ($1.outcome == .failed ? 1 : 0) } }
}

public struct InstallAttempt: Sendable, Hashable {
    /// As the log's extractor wrote it: one of ``AttemptResult``'s values (``outcome``) for every shipped reader.
    public var result: String
    public var channel: String
    public var hresult: String?
    public var started: String?
    public var fact: Fact
    /// The same attempt as other logs record it (event 19/20 in UTC beside WindowsUpdate.log in local time).
    public var alsoIn: [Fact] = []

    /// ``result`` in the declared vocabulary (nil for a value outside it, which reports show as written).
    public var outcome: AttemptResult? { AttemptResult(rawValue: result) }

    /// Whether ``started`` is in UTC: event logs (`.evtx`, and their `wevtutil /f:text` exports, whose dates
    /// end in `Z`) are; CBS.log, WindowsUpdate.log and the other text logs write local time.
    public var isUTC: Bool {
        fact["log"] == LogKind.evtx.rawValue || fact["log"] == LogKind.eventsText.rawValue
    }

    /// ``started`` as shown in text: with ` UTC` when it is UTC, and with ` local` when `labelLocal` (a
    /// timeline that lists both).
    public func shownStart(labelLocal: Bool) -> String? {
        guard let started else { return nil }
        return isUTC ? started + " UTC" : labelLocal ? started + " local" : started
    }

    /// ``started`` with ` UTC` when it is UTC.
    public var shownStart: String? { shownStart(labelLocal: false) }
}

/// The machine the bundle came from, as far as the facts tell (most frequent value, ties by text).
public struct MachineSummary: Sendable, Hashable {
    public var name: String?
    public var osBuild: String?
    public var edition: String?
    public var arch: String?
    /// Every distinct machine name seen, sorted.
    public var names: [String]
    /// Collector tools seen, as `name version`, sorted.
    public var collectors: [String]
}

/// Something the bundle or the engineer shows about how the install failed (not a cause).
public struct Symptom: Sendable, Hashable {
    /// `rollback-at-reboot`, `failing-phase`, `failing-installer`, `install-channel`.
    public var id: String
    /// The value: `startup`, `Task Scheduler`, `offline-msu`, `true`.
    public var value: String
    public var message: LocalizedText
    /// The facts it rests on (an observation has file `observation`).
    public var evidence: [Fact]
}
