import Foundation
import TriageCore

/// `triage rules calibrate`: how well each rule's declared strength agrees with the regression cases.
///
/// A *labelled moment* is a moment of a case that expects a top hypothesis (`<top hypothesis="…"/>`): that
/// hypothesis is the moment's confirmed cause. A rule's hypothesis H counts as confirmed at a moment when the
/// confirmed cause is H or one of H's refinements in the cause tree. For each conclusion of each rule that
/// fired at least once, with `a` of `n1` moments where H is confirmed and `b` of `n0` moments where it is not:
/// the likelihood ratio LR = P(fires | H) / P(fires | not H) is estimated with ½ added to every cell of the
/// 2×2 table (Haldane–Anscombe), p1 = (a+½)/(n1+1), p0 = (b+½)/(n0+1), with a 95 % Katz log interval
/// exp(ln LR ± 1.96·√(1/(a+½) − 1/(n1+1) + 1/(b+½) − 1/(n0+1))). For an `opposes` conclusion the ratio
/// against H, 1/LR, is the one compared. The implied strength is the nearest step on a log scale among
/// none (1), weak, moderate, strong, decisive (the engine's ratios, ``Strength/likelihoodRatio``); a
/// conclusion whose implied step is more than one step from its declared strength, and whose declared ratio
/// lies outside the interval, is flagged.
package struct RuleCalibration: Sendable {
    /// One labelled moment: its confirmed cause and the rules that fired.
    package struct Moment: Sendable, Hashable {
        package var cause: String
        package var fired: Set<String>
        package init(cause: String, fired: Set<String>) {
            self.cause = cause
            self.fired = fired
        }
    }

    /// One conclusion of one rule, measured.
    package struct Row: Sendable, Hashable {
        package enum Direction: String, Sendable, Hashable { case supports, opposes }
        package var rule: String
        package var direction: Direction
        package var hypothesis: String
        package var declared: Strength
        /// Moments where the hypothesis is confirmed: fired in / total.
        package var firedWhenCause: Int, causeMoments: Int
        /// Moments where it is not.
        package var firedOtherwise: Int, otherMoments: Int
        /// The ratio in the conclusion's direction (for `opposes`: how much the firing speaks against H).
        package var ratio: Double
        package var low: Double, high: Double

        /// Steps 0…4: none, weak, moderate, strong, decisive.
        package var declaredStep: Int { RuleCalibration.step(of: declared) }
        package var impliedStep: Int { RuleCalibration.nearestStep(ratio) }
        /// The declared ratio lies inside the interval.
        package var declaredInInterval: Bool { low <= declared.likelihoodRatio && declared.likelihoodRatio <= high }
        /// More than one step between the declared and the implied strength, with moments on both sides, and
        /// the declared ratio outside the interval (a handful of cases that cannot tell the steps apart flag nothing).
        package var flagged: Bool {
            causeMoments > 0 && otherMoments > 0 && abs(impliedStep - declaredStep) > 1 && !declaredInInterval
        }
    }

    package static let stepNames = ["none", "weak", "moderate", "strong", "decisive"]
    static let stepRatios: [Double] = [1] + Strength.allCases.map(\.likelihoodRatio)

    static func step(of strength: Strength) -> Int { 1 + Strength.allCases.firstIndex(of: strength)! }

    /// The step whose ratio is nearest on a log scale (ties to the lower step); below 1 is `none`.
    static func nearestStep(_ ratio: Double) -> Int {
        guard ratio > 1 else { return 0 }
        var best = 0
        for i in stepRatios.indices where abs(log(ratio / stepRatios[i])) < abs(log(ratio / stepRatios[best])) - 1e-12 {
            best = i
        }
        return best
    }

    package var rows: [Row]
    /// Rules that fired in no labelled moment (not calibrated), sorted.
    package var neverFired: [String]
    package var momentCount: Int

    /// Measures every conclusion of `rules` on `moments`; `hypotheses` gives the cause tree.
    package init(rules: [Rule], hypotheses: [Hypothesis], moments: [Moment]) {
        var parent: [String: String] = [:]
        for h in hypotheses { if let p = h.parent { parent[h.id] = p } }
        /// The cause and its ancestors (a cycle stops the walk).
        func lineage(_ cause: String) -> Set<String> {
            var chain: Set<String> = [cause]
            var current = parent[cause]
            while let p = current, chain.insert(p).inserted { current = parent[p] }
            return chain
        }
        let lineages = moments.map { lineage($0.cause) }
        var rows: [Row] = []
        var never: [String] = []
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            guard moments.contains(where: { $0.fired.contains(rule.id) }) else {
                never.append(rule.id)
                continue
            }
            let conclusions =
                rule.supported.map { ($0.hypothesis, $0.strength, Row.Direction.supports) }
                + rule.opposed.map { ($0.hypothesis, $0.strength, Row.Direction.opposes) }
            for (h, strength, direction) in conclusions {
                var a = 0
                var n1 = 0
                var b = 0
                var n0 = 0
                for (m, chain) in zip(moments, lineages) {
                    let fires = m.fired.contains(rule.id)
                    if chain.contains(h) {
                        n1 += 1
                        if fires { a += 1 }
                    } else {
                        n0 += 1
                        if fires { b += 1 }
                    }
                }
                let (ratio, low, high) = Self.ratio(a: a, n1: n1, b: b, n0: n0)
                let row =
                    direction == .supports
                    ? Row(
                        rule: rule.id, direction: direction, hypothesis: h, declared: strength,
                        firedWhenCause: a, causeMoments: n1, firedOtherwise: b, otherMoments: n0,
                        ratio: ratio, low: low, high: high)
                    : Row(
                        rule: rule.id, direction: direction, hypothesis: h, declared: strength,
                        firedWhenCause: a, causeMoments: n1, firedOtherwise: b, otherMoments: n0,
                        ratio: 1 / ratio, low: 1 / high, high: 1 / low)
                rows.append(row)
            }
        }
        self.rows = rows.sorted {
            ($0.rule, $0.direction.rawValue, $0.hypothesis) < ($1.rule, $1.direction.rawValue, $1.hypothesis)
        }
        self.neverFired = never
        self.momentCount = moments.count
    }

    /// Add-½ estimate of P(fires | H) / P(fires | not H) and its 95 % Katz log interval.
    static func ratio(a: Int, n1: Int, b: Int, n0: Int) -> (Double, Double, Double) {
        let a = Double(a) + 0.5
        let n1 = Double(n1) + 1
        let b = Double(b) + 0.5
        let n0 = Double(n0) + 1
        let lr = (a / n1) / (b / n0)
        let se = (1 / a - 1 / n1 + 1 / b - 1 / n0).squareRoot()
        return (lr, lr * exp(-1.96 * se), lr * exp(1.96 * se))
    }

    package var flagged: [Row] { rows.filter(\.flagged) }
}

extension RuleCalibration.Moment {
    /// The labelled moments of a `triage test` run: evaluated moments that expect a top hypothesis.
    package static func labelled(_ report: CaseTestReport) -> (moments: [Self], skipped: Int) {
        var moments: [Self] = []
        var skipped = 0
        for m in report.runs.flatMap(\.moments) {
            guard
                let cause = m.expectation.checks.lazy.compactMap({ c -> String? in
                    if case .top(let h) = c { h } else { nil }
                }).first
            else { continue }
            guard m.evaluation.problem == nil else {
                skipped += 1
                continue
            }
            moments.append(.init(cause: cause, fired: Set(m.evaluation.result.firedRules)))
        }
        return (moments, skipped)
    }
}
