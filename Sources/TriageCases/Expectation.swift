import TriageCore

/// Regression expectations for one moment of a case. They hold "as of" the expectation's place in the
/// timeline: every event dated before it, and events of the same date written before it in the file.
package struct Expectation: Sendable, Hashable {
    package enum Check: Sendable, Hashable {
        /// This hypothesis ranks first.
        case top(String)
        /// This hypothesis ranks within the first `k`.
        case inTop(String, k: Int)
        /// This hypothesis's probability is below `probability` (or it is not ranked at all).
        case below(String, probability: Double)
        /// The first next step is one of these procedures.
        case firstStep([String])
        /// This procedure is among the first `k` next steps.
        case stepInTop(String, k: Int)
        /// This procedure is not recommended at all.
        case noStep(String)
        /// A finding with this id (and these attribute values) is reported.
        case finding(String, attributes: [String: String])
        /// No finding with this id is reported.
        case noFinding(String)
        /// The hypothesis is supported by evidence citing each of these places (`boot_log.pml:6`).
        case cites(String, at: [String])
    }

    package var date: CaseDate
    /// Label shown in reports (`moment 7`); defaults to the date.
    package var name: String
    package var checks: [Check]
    package var location: SourceLocation

    package init(
        date: CaseDate, name: String? = nil, checks: [Check],
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.date = date
        self.name = name ?? date.description
        self.checks = checks
        self.location = location
    }
}

extension Expectation.Check {
    /// One-line description used in tables and diffs (`top payload-corrupt`).
    package var summary: String {
        switch self {
        case .top(let h): "top \(h)"
        case .inTop(let h, let k): "\(h) in top \(k)"
        case .below(let h, let p): "\(h) < \(formatProbability(p))"
        case .firstStep(let ps): "first step \(ps.joined(separator: "|"))"
        case .stepInTop(let p, let k): "step \(p) in top \(k)"
        case .noStep(let p): "no step \(p)"
        case .finding(let id, let attrs):
            attrs.isEmpty
                ? "finding \(id)"
                : "finding \(id)("
                    + attrs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ",") + ")"
        case .noFinding(let id): "no finding \(id)"
        case .cites(let h, let at): "\(h) cites \(at.joined(separator: " "))"
        }
    }
}

/// `0.2` → `0.20`; two decimals, the precision reports use.
func formatProbability(_ p: Double) -> String {
    let hundredths = Int((p * 100).rounded())
    let frac = hundredths % 100
    return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
}
