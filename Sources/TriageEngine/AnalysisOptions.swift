import TriageCore

/// Tunables of the reasoning; defaults are documented in docs/reasoning.md.
public struct AnalysisOptions: Sendable, Hashable {
    /// Prior mass of "other / not explained"; the hypotheses' priors are scaled to share the rest.
    public var otherPrior: Double
    /// When the leading hypothesis reaches this probability, next steps lead with its remedies.
    public var leaderThreshold: Double
    /// Exponent applied to every rule but the strongest among rules citing shared evidence for one hypothesis.
    public var sharedEvidenceExponent: Double
    /// Score added per fired rule that recommends a procedure, times the probability of the most probable
    /// hypothesis that rule supports (0.5 when it supports none): the "nudge", in bits per effective hour.
    public var recommendationNudge: Double
    /// At most this many unknown rules are simulated jointly for a log-yielding procedure without outcomes.
    public var maxSimulatedRules: Int
    /// At most this many cited facts are kept per fired rule (the rest are counted): a rule matching every one
    /// of 50,000 repeated lines cites the first 200 in log order.
    public var maxCitations: Int
    public var cost: CostModel

    public init(
        otherPrior: Double = 0.10, leaderThreshold: Double = 0.6, sharedEvidenceExponent: Double = 0.5,
        recommendationNudge: Double = 0.5, maxSimulatedRules: Int = 8, maxCitations: Int = 200,
        cost: CostModel = CostModel()
    ) {
        self.otherPrior = otherPrior
        self.leaderThreshold = leaderThreshold
        self.sharedEvidenceExponent = sharedEvidenceExponent
        self.recommendationNudge = recommendationNudge
        self.maxSimulatedRules = maxSimulatedRules
        self.maxCitations = max(maxCitations, 1)
        self.cost = cost
    }
}

/// Effective cost of a procedure in minutes: customer minutes plus penalties.
public struct CostModel: Sendable, Hashable {
    public var rebootMinutes: Double
    public var adminMinutes: Double
    public var riskMinutes: [Procedure.Risk: Double]

    public init(
        rebootMinutes: Double = 30, adminMinutes: Double = 10,
        riskMinutes: [Procedure.Risk: Double] = [.none: 0, .low: 10, .medium: 30, .high: 90]
    ) {
        self.rebootMinutes = rebootMinutes
        self.adminMinutes = adminMinutes
        self.riskMinutes = riskMinutes
    }

    /// Never below 1 minute.
    public func effectiveMinutes(_ cost: Procedure.Cost) -> Double {
        let total =
            Double(cost.minutes) + (cost.reboot ? rebootMinutes : 0) + (cost.admin ? adminMinutes : 0)
            + (riskMinutes[cost.risk] ?? 0)
        return max(total, 1)
    }
}
