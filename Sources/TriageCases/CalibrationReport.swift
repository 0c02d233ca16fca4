import Foundation
import TriageCore
import TriageEngine

/// `triage rules calibrate` output: a table of measured conclusions (text) or the same as JSON.
package struct CalibrationReport: Sendable {
    package var calibration: RuleCalibration
    /// Cases read, and labelled moments skipped because a bundle was absent or unreadable.
    package var caseCount: Int
    package var skipped: Int
    /// Case folders whose case.xml does not load.
    package var brokenCases: [String]

    package init(calibration: RuleCalibration, caseCount: Int, skipped: Int, brokenCases: [String] = []) {
        self.calibration = calibration
        self.caseCount = caseCount
        self.skipped = skipped
        self.brokenCases = brokenCases.sorted()
    }

    /// Runs every case of `directory` and measures the knowledge base's rules on its labelled moments.
    package static func run(directory: String, evaluator: CaseEvaluator) -> CalibrationReport {
        let report = CaseTestReport.run(directory: directory, evaluator: evaluator)
        let labelled = RuleCalibration.Moment.labelled(report)
        let calibration = RuleCalibration(
            rules: evaluator.knowledge.rules, hypotheses: evaluator.knowledge.hypotheses,
            moments: labelled.moments)
        return CalibrationReport(
            calibration: calibration, caseCount: report.runs.count, skipped: labelled.skipped,
            brokenCases: report.runs.filter { !$0.errors.isEmpty }.map(\.caseID))
    }

    /// A ratio as text: two significant digits below 10, whole numbers above.
    static func format(_ x: Double) -> String {
        if x >= 9.95 { return String(Int(x.rounded())) }
        return String(format: "%.2g", x)
    }

    package func text() -> String {
        let c = calibration
        var out =
            "\(c.momentCount) labelled moment(s) in \(caseCount) case(s)"
            + (skipped > 0 ? ", \(skipped) skipped (bundles absent)" : "") + "; "
            + "\(c.rows.count) conclusion(s) of \(Set(c.rows.map(\.rule)).count) rule(s) that fired.\n"
        out +=
            "LR = P(fires | cause is H) / P(fires | other cause), add-½ estimate, 95% Katz interval;"
            + " for `opposes` the ratio against H.\n\n"
        var table = [
            [
                "RULE", "EFFECT", "HYPOTHESIS", "FIRES|H", "FIRES|¬H", "LR", "95% INTERVAL", "DECLARED", "IMPLIED",
                "IN 95%", ""
            ]
        ]
        for r in c.rows {
            table.append([
                r.rule, r.direction.rawValue, r.hypothesis, "\(r.firedWhenCause)/\(r.causeMoments)",
                "\(r.firedOtherwise)/\(r.otherMoments)", Self.format(r.ratio),
                "\(Self.format(r.low))–\(Self.format(r.high))",
                "\(r.declared.rawValue) (\(Self.format(r.declared.likelihoodRatio)))",
                RuleCalibration.stepNames[r.impliedStep],
                r.causeMoments == 0 || r.otherMoments == 0 ? "-" : r.declaredInInterval ? "yes" : "no",
                r.flagged ? "FLAG" : ""
            ])
        }
        let widths = (0..<table[0].count).map { col in table.map { $0[col].count }.max() ?? 0 }
        for row in table {
            let cells = row.indices.map { i in row[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        let flagged = c.flagged
        out +=
            "\n\(flagged.count) conclusion(s) flagged (more than one step from the implied strength, and outside the interval)"
        out +=
            flagged.isEmpty
            ? ".\n"
            : ":\n"
                + flagged.map {
                    "  \($0.rule) \($0.direction.rawValue) \($0.hypothesis): declared \($0.declared.rawValue), cases imply "
                        + RuleCalibration.stepNames[$0.impliedStep] + "\n"
                }.joined()
        out += "\(c.neverFired.count) rule(s) fired in no labelled moment (not calibrated)."
        out += brokenCases.isEmpty ? "\n" : "\ncase.xml does not load: \(brokenCases.joined(separator: ", "))\n"
        return out
    }

    package func json() -> String {
        let c = calibration
        let rows: [JSONValue] = c.rows.map { r in
            .object([
                "rule": .string(r.rule), "effect": .string(r.direction.rawValue), "hypothesis": .string(r.hypothesis),
                "firedWhenCause": .int(r.firedWhenCause), "causeMoments": .int(r.causeMoments),
                "firedOtherwise": .int(r.firedOtherwise), "otherMoments": .int(r.otherMoments),
                "ratio": .rounded(r.ratio), "interval": .array([.rounded(r.low), .rounded(r.high)]),
                "declared": .string(r.declared.rawValue), "declaredRatio": .rounded(r.declared.likelihoodRatio),
                "implied": .string(RuleCalibration.stepNames[r.impliedStep]),
                "declaredInInterval": .bool(r.declaredInInterval), "flagged": .bool(r.flagged)
            ])
        }
        return JSONValue.object([
            "method": .string("add-half (Haldane-Anscombe) estimate, 95% Katz log interval"),
            "moments": .int(c.momentCount), "cases": .int(caseCount), "skipped": .int(skipped),
            "conclusions": .array(rows), "neverFired": .array(c.neverFired.map(JSONValue.string)),
            "brokenCases": .array(brokenCases.map(JSONValue.string))
        ]).rendered()
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
