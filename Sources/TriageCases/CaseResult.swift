/// What the engine concluded at one moment of a case, reduced to what expectations test.
package struct CaseResult: Sendable, Hashable, Codable {
    package struct RankedHypothesis: Sendable, Hashable, Codable {
        package var id: String
        package var probability: Double
        package init(id: String, probability: Double) {
            self.id = id
            self.probability = probability
        }
    }

    /// Best first.
    package var hypotheses: [RankedHypothesis]
    /// Procedure ids, best first, after the history filter (nothing already done).
    package var nextSteps: [String]
    package var findings: [CaseFinding]
    /// Ids of the rules that fired.
    package var firedRules: [String]
    /// Per hypothesis, the places its supporting evidence cites (`file:line`, in report order).
    package var citations: [String: [String]] = [:]

    package init(
        hypotheses: [RankedHypothesis], nextSteps: [String], findings: [CaseFinding],
        firedRules: [String] = []
    ) {
        self.hypotheses = hypotheses
        self.nextSteps = nextSteps
        self.findings = findings
        self.firedRules = firedRules
    }

    package func rank(of hypothesis: String) -> Int? { hypotheses.firstIndex { $0.id == hypothesis }.map { $0 + 1 } }
    package func probability(of hypothesis: String) -> Double? { hypotheses.first { $0.id == hypothesis }?.probability }

    /// `payload-corrupt 0.62, component-store-corrupt 0.21, …` (first `n`).
    package func topList(_ n: Int = 3) -> String {
        hypotheses.prefix(n).map { "\($0.id) \(formatProbability($0.probability))" }.joined(separator: ", ")
    }
}
