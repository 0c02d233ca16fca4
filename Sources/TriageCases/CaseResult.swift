/// What the engine concluded at one moment of a case, reduced to what expectations test.
public struct CaseResult: Sendable, Hashable, Codable {
    public struct RankedHypothesis: Sendable, Hashable, Codable {
        public var id: String
        public var probability: Double
        public init(id: String, probability: Double) {
            self.id = id
            self.probability = probability
        }
    }

    /// Best first.
    public var hypotheses: [RankedHypothesis]
    /// Procedure ids, best first, after the history filter (nothing already done).
    public var nextSteps: [String]
    public var findings: [CaseFinding]
    /// Ids of the rules that fired.
    public var firedRules: [String]
    /// Per hypothesis, the places its supporting evidence cites (`file:line`, in report order).
    public var citations: [String: [String]] = [:]

    public init(hypotheses: [RankedHypothesis], nextSteps: [String], findings: [CaseFinding],
                firedRules: [String] = []) {
        self.hypotheses = hypotheses
        self.nextSteps = nextSteps
        self.findings = findings
        self.firedRules = firedRules
    }

    public func rank(of hypothesis: String) -> Int? { hypotheses.firstIndex { $0.id == hypothesis }.map { $0 + 1 } }
    public func probability(of hypothesis: String) -> Double? { hypotheses.first { $0.id == hypothesis }?.probability }

    /// `payload-corrupt 0.62, component-store-corrupt 0.21, …` (first `n`).
    public func topList(_ n: Int = 3) -> String {
        hypotheses.prefix(n).map { "\($0.id) \(formatProbability($0.probability))" }.joined(separator: ", ")
    }
}
