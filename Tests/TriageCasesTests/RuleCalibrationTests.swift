import Foundation
import Testing
import TriageCore

@testable import TriageCases

/// `triage rules calibrate`: the statistics on made-up moments, and the report on a fixture set of cases.
@Suite struct RuleCalibrationTests {
    static let here = SourceLocation(file: "t.xml", line: 1, column: 1)

    static func rule(_ id: String, _ effects: [Conclusion.Effect]) -> Rule {
        Rule(
            id: id, area: "t", title: LocalizedText([.en: id]), summary: LocalizedText([.en: id]),
            condition: Condition(.all([]), at: here), conclusions: effects.map { Conclusion($0, at: here) },
            examples: [], location: here)
    }

    static func hypothesis(_ id: String, parent: String? = nil) -> Hypothesis {
        Hypothesis(
            id: id, title: LocalizedText([.en: id]), description: LocalizedText([.en: id]), prior: 0.1,
            remediation: LocalizedText([.en: id]), remedies: [], parent: parent, location: here)
    }

    @Test func addHalfEstimateAndKatzInterval() {
        let (lr, low, high) = RuleCalibration.ratio(a: 3, n1: 4, b: 1, n0: 10)
        // p1 = 3.5/5, p0 = 1.5/11; se = √(1/3.5 − 1/5 + 1/1.5 − 1/11)
        #expect(abs(lr - 5.13333) < 1e-4)
        #expect(abs(low - 1.04253) < 1e-4)
        #expect(abs(high - 25.2763) < 1e-3)
    }

    @Test func nearestStepOnALogScale() {
        #expect(
            [0.5, 1.0, 1.41, 1.42, 2.8, 2.9, 6.3, 6.4, 22, 23, 1000].map(RuleCalibration.nearestStep)
                == [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    }

    /// A refinement confirms its class; `opposes` is measured against its hypothesis; rules that never fire
    /// are listed apart; a strength far from what the moments imply, outside the interval, is flagged.
    @Test func rowsFollowTheCauseTreeAndFlagFarStrengths() {
        let rules = [
            Self.rule("t/class", [.supports(hypothesis: "boot", strength: .weak)]),
            Self.rule("t/against", [.opposes(hypothesis: "none", strength: .decisive)]),
            Self.rule("t/silent", [.supports(hypothesis: "boot", strength: .strong)])
        ]
        let hypotheses = [
            Self.hypothesis("boot"), Self.hypothesis("boot-child", parent: "boot"), Self.hypothesis("none")
        ]
        let moments =
            Array(repeating: RuleCalibration.Moment(cause: "boot-child", fired: ["t/class", "t/against"]), count: 20)
            + Array(repeating: RuleCalibration.Moment(cause: "none", fired: []), count: 20)
        let c = RuleCalibration(rules: rules, hypotheses: hypotheses, moments: moments)
        #expect(c.neverFired == ["t/silent"])
        #expect(
            c.rows.map {
                "\($0.rule) \($0.direction) \($0.hypothesis) \($0.firedWhenCause)/\($0.causeMoments) \($0.firedOtherwise)/\($0.otherMoments)"
            }
                == ["t/against opposes none 0/20 20/20", "t/class supports boot 20/20 0/20"])
        // Both ratios are (20.5/21)/(0.5/21) = 41: decisive; `t/class` is declared weak, outside 2.6–634 → flagged.
        #expect(c.rows.map { RuleCalibration.stepNames[$0.impliedStep] } == ["decisive", "decisive"])
        #expect(c.rows.map { abs($0.ratio - 41) < 1e-9 } == [true, true])
        #expect(c.rows.map(\.declaredInInterval) == [true, false])
        #expect(c.flagged.map(\.rule) == ["t/class"])
    }

    static let fixtures = CaseFolderTests.repo.appendingPathComponent("Tests/Fixtures/calibrate").path

    /// 9 rules fire: 7 with conclusions on hypotheses, 2 that only establish a procedure result.
    @Test func reportOnTheFixtureCases() throws {
        let evaluator = CaseEvaluator(knowledge: CaseEvaluatorTests.knowledge())
        let report = CalibrationReport.run(directory: Self.fixtures, evaluator: evaluator)
        #expect(
            report.text() == """
                3 labelled moment(s) in 3 case(s); 9 conclusion(s) of 7 rule(s) that fired.
                LR = P(fires | cause is H) / P(fires | other cause), add-½ estimate, 95% Katz interval; for `opposes` the ratio against H.

                RULE                                      EFFECT    HYPOTHESIS                 FIRES|H  FIRES|¬H  LR    95% INTERVAL  DECLARED       IMPLIED   IN 95%
                boot/failed-before-reboot                 opposes   boot-phase-failure         0/0      1/3       0.75  0.073–7.7     moderate (4)   none      -
                case/failed-install-present               opposes   no-failure-captured        0/1      2/2       3.3   0.29–39       decisive (50)  moderate  no      FLAG
                case/no-failed-install                    supports  no-failure-captured        1/1      0/2       4.5   0.32–64       decisive (50)  moderate  yes
                case/no-install-records                   supports  no-failure-captured        0/1      1/2       0.5   0.035–7.1     weak (2)       none      yes
                cbs/abort-in-install                      supports  servicing-interrupted      1/1      0/2       4.5   0.32–64       moderate (4)   moderate  yes
                cbs/source-missing                        opposes   no-failure-captured        0/1      1/2       2     0.14–28       moderate (4)   weak      yes
                cbs/source-missing                        supports  component-store-corrupt    1/1      0/2       4.5   0.32–64       moderate (4)   moderate  yes
                windows-update/package-reached-servicing  opposes   update-server-fault        0/0      1/3       0.75  0.073–7.7     moderate (4)   none      -
                windows-update/package-reached-servicing  opposes   update-source-unreachable  0/0      1/3       0.75  0.073–7.7     strong (10)    none      -

                1 conclusion(s) flagged (more than one step from the implied strength, and outside the interval):
                  case/failed-install-present opposes no-failure-captured: declared decisive, cases imply moderate
                \(evaluator.knowledge.rules.count - 9) rule(s) fired in no labelled moment (not calibrated).

                """)
        let json = report.json()
        #expect(json == CalibrationReport.run(directory: Self.fixtures, evaluator: evaluator).json())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["moments"] as? Int == 3)
        let rows = try #require(object["conclusions"] as? [[String: Any]])
        #expect(rows.count == 9)
        #expect(
            rows.filter { $0["flagged"] as? Bool == true }.map { $0["rule"] as? String } == [
                "case/failed-install-present"
            ])
        #expect(rows[4]["rule"] as? String == "cbs/abort-in-install")
        #expect(rows[4]["ratio"] as? Double == 4.5)
        #expect(rows[4]["interval"] as? [Double] == [0.3167, 63.939])
    }
}
