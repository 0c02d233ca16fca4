import TriageCases
import TriageCore

/// CAS-07397 as a hand-built model (the same history as Tests/Cases/CAS-07397/case.xml).
enum SeedModel {
    static func d(_ s: String) -> CaseDate { CaseDate(s)! }

    static let moment1 = Expectation(date: d("2022-10-24"), name: "moment 1", checks: [.top("no-failure-captured")])
    static let moment3 = Expectation(
        date: d("2022-10-28"), name: "moment 3",
        checks: [.finding("machine-mismatch", attributes: [:])])
    static let moment6 = Expectation(date: d("2022-11-04"), name: "moment 6", checks: [])
    static let moment7 = Expectation(date: d("2022-11-08"), name: "moment 7", checks: [])

    static var manifest: CaseManifest {
        var events: [CaseEvent] = [
            .submission(Submission(id: "b1", date: d("2022-10-24"), bundle: "bundles/b1", machine: "BR0101-PC017")),
            .expectation(moment1),
            .request(Request(date: d("2022-10-24"), procedure: "confirm-failing-update")),
            .request(Request(date: d("2022-10-24"), procedure: "collect-logs")),
            .observation(Observation(date: d("2022-10-26"), name: "rollback-at-reboot", value: "true")),
            .request(Request(date: d("2022-10-26"), procedure: "procmon-boot-logging")),
            .request(Request(date: d("2022-10-26"), procedure: "collect-logs")),
            .submission(Submission(id: "b2", date: d("2022-10-28"), bundle: "bundles/b2.zip", machine: "BR0101-PC023")),
            .outcome(Outcome(date: d("2022-10-28"), procedure: "collect-logs", performed: true, submission: "b2")),
            .expectation(moment3),
            .request(Request(date: d("2022-10-28"), procedure: "offline-install-with-hash")),
            .request(Request(date: d("2022-10-31"), procedure: "offline-install-with-hash")),
            .request(Request(date: d("2022-11-02"), procedure: "offline-install-with-hash")),
            .expectation(moment6),
            .request(Request(date: d("2022-11-04"), procedure: "offline-install-with-hash")),
            .submission(Submission(id: "b3", date: d("2022-11-08"), bundle: "bundles/b3", machine: "BR0101-PC023")),
            .expectation(moment7)
        ]
        for day in ["2022-11-08", "2022-11-10", "2022-11-14", "2022-11-15", "2022-11-17"] {
            events.append(.request(Request(date: d(day), procedure: "offline-install-with-hash")))
        }
        return CaseManifest(
            id: "CAS-07397", kb: "KB5016623", symptom: "install-fails",
            problem: LocalizedText(
                en: "The customer reports that installing update patches fails.",
                zh: "用户反馈系统安装更新补丁失败的问题，需要协助排查。"),
            events: events)
    }
}
