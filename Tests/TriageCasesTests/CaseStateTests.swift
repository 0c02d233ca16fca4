import Testing
import TriageCore

@testable import TriageCases

@Suite struct CaseStateTests {
    /// The shipped interface texts (the findings' messages).
    static let text = CaseEvaluatorTests.knowledge().uiText

    let seed = SeedModel.manifest

    @Test func cutBeforeAnExpectationSeesOnlyWhatTheEngineerHad() {
        let s1 = CaseState(seed, .before(SeedModel.moment1), text: Self.text)
        #expect(s1.submissions.map(\.id) == ["b1"])
        #expect(s1.requests.isEmpty)
        #expect(s1.observedValues.isEmpty)
        let s3 = CaseState(seed, .before(SeedModel.moment3), text: Self.text)
        #expect(s3.submissions.map(\.id) == ["b1", "b2"])
        #expect(s3.observedValues == ["rollback-at-reboot": "true"])
        #expect(
            s3.requests.map(\.procedure) == [
                "confirm-failing-update", "collect-logs", "procmon-boot-logging",
                "collect-logs"
            ])
    }

    @Test func asOfDateIncludesTheWholeDay() {
        let s = CaseState(seed, .asOf(CaseDate("2022-10-24")!), text: Self.text)
        #expect(s.submissions.map(\.id) == ["b1"])
        #expect(s.requests.map(\.procedure) == ["confirm-failing-update", "collect-logs"])
        #expect(s.lastDate?.description == "2022-10-24")
    }

    @Test func latestEvidencePerMachine() {
        let s = CaseState(seed, .all, text: Self.text)
        #expect(
            s.latestPerMachine.map { "\($0.machine)=\($0.submission.id)" } == ["BR0101-PC017=b1", "BR0101-PC023=b3"])
        #expect(s.currentMachine == "BR0101-PC023")
        // A machine read from the bundle overrides the manifest's hint.
        let r = CaseState(seed, .all, resolvedMachines: ["b3": "BR0101-PC099"], text: Self.text)
        #expect(r.currentMachine == "BR0101-PC099")
    }

    @Test func machineMismatchOnlyWhenTheLatestBundleComesFromANewMachine() {
        #expect(CaseState(seed, .before(SeedModel.moment1), text: Self.text).machineMismatch == nil)
        let m3 = CaseState(seed, .before(SeedModel.moment3), text: Self.text).machineMismatch
        #expect(
            m3?.attributes == [
                "machine": "BR0101-PC023", "previous": "BR0101-PC017", "date": "2022-10-28",
                "bundle": "bundles/b2.zip"
            ])
        #expect(
            m3?.message[.en] == "The bundle of 2022-10-28 comes from BR0101-PC023, but earlier bundles came from "
                + "BR0101-PC017: confirm which machine fails before comparing them.")
        #expect(CaseState(seed, .before(SeedModel.moment7), text: Self.text).machineMismatch == nil)  // PC023 again
        // Unknown machine: no judgement.
        let unknown = CaseState(seed, .before(SeedModel.moment3), resolvedMachines: [:], text: Self.text)
        #expect(unknown.machineMismatch != nil)
        var noHint = seed
        noHint.events = noHint.events.map {
            if case .submission(var s) = $0, s.id == "b2" {
                s.machine = nil
                return .submission(s)
            }
            return $0
        }
        #expect(CaseState(noHint, .before(SeedModel.moment3), text: Self.text).machineMismatch == nil)
    }

    @Test func requestRepeatedCountsAsksWithoutResult() {
        let s6 = CaseState(seed, .before(SeedModel.moment6), text: Self.text)
        let f6 = s6.requestRepeated
        #expect(
            f6.map(\.attributes) == [
                [
                    "procedure": "offline-install-with-hash", "times": "3", "since": "2022-10-28", "last": "2022-11-02",
                    "days": "5", "suggest": "call", "since-evidence": "3"
                ]
            ])
        #expect(
            f6.first?.message[.en] == "offline-install-with-hash was requested 3 times since 2022-10-28 "
                + "(last 2022-11-02, 5 days) and no result has arrived. The bundle of 2022-10-28 did not bring its "
                + "result. Instead of asking again: call the contact and walk the end user through it on the phone.")

        let all = CaseState(seed, .all, text: Self.text).requestRepeated
        // collect-logs was answered by bundle b2; confirm-failing-update and procmon were asked once each.
        #expect(all.map { $0.attributes["procedure"]! } == ["offline-install-with-hash"])
        #expect(
            all[0].attributes == [
                "procedure": "offline-install-with-hash", "times": "9", "since": "2022-10-28", "last": "2022-11-17",
                "days": "20", "suggest": "close", "since-evidence": "5"
            ])
        #expect(
            all[0].message[.zhCN] == "自 2022-10-28 起已 9 次请求 offline-install-with-hash（最近一次 2022-11-17，共 20 天），"
                + "仍未收到结果。2022-11-08 上传的日志中也没有该操作的结果。建议不要再次重复请求，而是："
                + "附上案例总结暂时归档（triage next --summary），收到结果后再重新开启案例。")
    }

    @Test func suggestionGrowsWithTheNumberOfAsks() {
        #expect(CaseState.suggestion(times: 2, days: 3).id == "call")
        #expect(CaseState.suggestion(times: 4, days: 7).id == "escalate")
        #expect(CaseState.suggestion(times: 6, days: 7).id == "close")
        #expect(CaseState.suggestion(times: 2, days: 21).id == "close")
    }

    @Test func performedWithResultIsDoneAndNeverRecommendedAgain() {
        let s = CaseState(seed, .all, text: Self.text)
        #expect(s.done == ["collect-logs"])
        let steps = s.filterSteps(["collect-logs", "offline-install-with-hash", "dism-scanhealth"])
        #expect(
            steps == [
                StepHistory(
                    procedure: "offline-install-with-hash", timesRequested: 9, firstRequested: "2022-10-28",
                    lastRequested: "2022-11-17"),
                StepHistory(procedure: "dism-scanhealth", timesRequested: 0, firstRequested: nil, lastRequested: nil)
            ])
    }

    @Test func performedWithoutResultStaysOutstanding() {
        let d = SeedModel.d
        let m = CaseManifest(
            id: "X",
            events: [
                .request(Request(date: d("2023-01-02"), procedure: "dism-scanhealth")),
                .outcome(Outcome(date: d("2023-01-03"), procedure: "dism-scanhealth", performed: true)),
                .request(Request(date: d("2023-01-04"), procedure: "dism-scanhealth"))
            ])
        let s = CaseState(m, .all, text: Self.text)
        #expect(s.done.isEmpty)
        #expect(s.filterSteps(["dism-scanhealth"]).first?.timesRequested == 2)
        #expect(s.requestRepeated.first?.attributes["times"] == "2")
        #expect(s.requestRepeated.first?.attributes["since-evidence"] == "2")
        #expect(s.requestRepeated.first?.message[.en].contains("No new evidence has arrived since.") == true)
    }

    @Test func outcomeResultsBecomeObservationsAndCloseTheRequest() {
        let d = SeedModel.d
        let m = CaseManifest(
            id: "X",
            events: [
                .observation(Observation(date: d("2023-01-01"), name: "rollback-at-reboot", value: "false")),
                .request(Request(date: d("2023-01-02"), procedure: "offline-install-with-hash")),
                .request(Request(date: d("2023-01-03"), procedure: "offline-install-with-hash")),
                .outcome(
                    Outcome(
                        date: d("2023-01-05"), procedure: "offline-install-with-hash", performed: true,
                        results: [ObservedValue(name: "offline-install-result", value: "same-error")])),
                .observation(Observation(date: d("2023-01-06"), name: "rollback-at-reboot", value: "true"))
            ])
        let s = CaseState(m, .all, text: Self.text)
        #expect(s.observedValues == ["rollback-at-reboot": "true", "offline-install-result": "same-error"])
        #expect(s.done == ["offline-install-with-hash"])
        #expect(s.requestRepeated.isEmpty)
        #expect(s.filterSteps(["offline-install-with-hash"]).isEmpty)
        // Asked again after the result: counts from zero.
        var again = m
        again.events.append(.request(Request(date: d("2023-01-07"), procedure: "offline-install-with-hash")))
        #expect(CaseState(again, .all, text: Self.text).outstanding["offline-install-with-hash"]?.count == 1)
    }
}
