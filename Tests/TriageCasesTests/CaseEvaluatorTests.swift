import Foundation
import Testing
import TriageCore
import TriageKnowledge

@testable import TriageCases

/// Case evaluation over the real knowledge base and the committed case folders.
@Suite struct CaseEvaluatorTests {
    static let repo = CaseFolderTests.repo
    static let cases = CaseFolderTests.cases

    static func knowledge(rules: String? = nil, kb: String? = nil) -> KnowledgeBase {
        KnowledgeLoader.load(
            rulesDirectory: rules ?? repo.appendingPathComponent("Rules").path,
            knowledgeDirectory: kb ?? repo.appendingPathComponent("KnowledgeBase").path
        ).knowledgeBase
    }

    static func seed() throws -> (CaseManifest, [MomentOutcome]) {
        let m = try #require(CaseLoader.load(folder: "\(cases)/CAS-07397").manifest)
        return (m, CaseEvaluator(knowledge: knowledge()).run(m))
    }

    /// What the history decides at each moment of the seed: which bundle is analysed, what is done, which
    /// findings (all attributes), which steps carry their outstanding requests.
    @Test func seedHistoryMomentByMoment() throws {
        let (_, moments) = try Self.seed()
        #expect(
            moments.map { String($0.expectation.name.prefix(9)) } == [
                "moment 1:", "moment 2:", "moment 3:", "moment 6:",
                "moment 7:", "moment 12"
            ])
        #expect(moments.map { $0.evaluation.problem } == Array(repeating: nil, count: 6))
        #expect(moments.map { $0.evaluation.submission?.id } == ["b1", "b1", "b2", "b2", "b3", "b3"])
        #expect(
            moments.map { $0.evaluation.state.currentMachine } == [
                "BR0101-PC017", "BR0101-PC017", "BR0101-PC023",
                "BR0101-PC023", "BR0101-PC023", "BR0101-PC023"
            ])
        #expect(
            moments.map { $0.evaluation.state.done.sorted() } == [
                [], ["confirm-failing-update"], ["collect-logs", "confirm-failing-update"],
                ["collect-logs", "confirm-failing-update"], ["collect-logs", "confirm-failing-update"],
                ["collect-logs", "confirm-failing-update"]
            ])
        #expect(
            moments.map {
                $0.evaluation.findings.map {
                    "\($0.id) \($0.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))"
                }
            } == [
                ["collector-outdated collector=CMGELogCollector,current=2.0,version=1.0"],
                ["collector-outdated collector=CMGELogCollector,current=2.0,version=1.0"],
                [
                    "collector-outdated collector=CMGELogCollector,current=2.0,version=1.0",
                    "machine-mismatch bundle=bundles/2022-10-28-BR0101-PC023.zip,date=2022-10-28,machine=BR0101-PC023,previous=BR0101-PC017",
                    "request-repeated days=4,last=2022-10-26,procedure=clear-download-cache-retry,since=2022-10-24,since-evidence=0,suggest=call,times=2"
                ],
                [
                    "collector-outdated collector=CMGELogCollector,current=2.0,version=1.0",
                    "machine-mismatch bundle=bundles/2022-10-28-BR0101-PC023.zip,date=2022-10-28,machine=BR0101-PC023,previous=BR0101-PC017",
                    "request-repeated days=5,last=2022-11-02,procedure=offline-install-with-hash,since=2022-10-28,since-evidence=3,suggest=call,times=3",
                    "request-repeated days=9,last=2022-10-26,procedure=clear-download-cache-retry,since=2022-10-24,since-evidence=0,suggest=call,times=2"
                ],
                [
                    "collector-outdated collector=CMGELogCollector,current=2.0,version=1.11",
                    "request-repeated days=11,last=2022-11-02,procedure=offline-install-with-hash,since=2022-10-28,since-evidence=0,suggest=call,times=3",
                    "request-repeated days=15,last=2022-10-26,procedure=clear-download-cache-retry,since=2022-10-24,since-evidence=0,suggest=call,times=2"
                ],
                [
                    "collector-outdated collector=CMGELogCollector,current=2.0,version=1.11",
                    "request-repeated days=20,last=2022-11-17,procedure=offline-install-with-hash,since=2022-10-28,since-evidence=5,suggest=close,times=8",
                    "request-repeated days=24,last=2022-10-26,procedure=clear-download-cache-retry,since=2022-10-24,since-evidence=0,suggest=close,times=2"
                ]
            ])
        for m in moments {
            let e = m.evaluation
            // Done procedures are never recommended again, by the engine or after the filter.
            #expect(Set(e.result.nextSteps).isDisjoint(with: e.state.done), "\(m.expectation.name)")
            #expect(e.analysis.nextSteps.map(\.id) == e.result.nextSteps)
            #expect(!e.analysis.findings.contains { $0.id == CaseFinding.collectorOutdated })
            // Outstanding requests are annotated in the step's reason.
            for step in e.analysis.nextSteps {
                let asks = e.state.outstanding[step.id]?.count ?? 0
                #expect(step.reason[.en].contains("Already asked for") == (asks > 0), "\(step.id)")
            }
        }
        let moment12 = try #require(moments.last).evaluation.analysis.nextSteps
        let offline = try #require(moment12.first { $0.id == "offline-install-with-hash" })
        #expect(
            offline.reason[.en].hasSuffix(
                " Already asked for 8 times since 2022-10-28 (last 2022-11-17); no result yet."))
        #expect(offline.reason[.zhCN].hasSuffix(" 自 2022-10-28 起已请求 8 次（最近一次 2022-11-17），尚无结果。"))
    }

    /// The seed engineer's conclusions the engine reaches today; the rest are reported by `triage test`.
    @Test func seedEngineChecksThatHold() throws {
        let (_, moments) = try Self.seed()
        let m1 = moments[0].evaluation.result
        #expect(m1.hypotheses.first?.id == "no-failure-captured")
        #expect(m1.nextSteps.first == "confirm-failing-update")
        #expect(moments[0].status == .passed)
        #expect(moments[3].status == .passed)
        #expect(moments[1].evaluation.result.hypotheses.first?.id == "boot-phase-failure")
        let m7 = moments[4].evaluation.result
        #expect(m7.nextSteps.first == "offline-install-with-hash")
        #expect(
            Set(m7.hypotheses.prefix(3).map(\.id)) == [
                "payload-corrupt", "servicing-interrupted", "component-store-corrupt"
            ])
        #expect((m7.probability(of: "no-failure-captured") ?? 0) < 0.05)
        #expect(!m7.firedRules.isEmpty)
    }

    @Test func asOfCutAndWholeHistory() throws {
        let m = try #require(CaseLoader.load(folder: "\(Self.cases)/CAS-07397").manifest)
        let evaluator = CaseEvaluator(knowledge: Self.knowledge())
        let bundles = evaluator.readBundles(m)
        #expect(bundles.keys.sorted() == ["b1", "b2", "b3"])
        #expect(bundles.values.compactMap(\.machine).sorted() == ["BR0101-PC017", "BR0101-PC023", "BR0101-PC023"])
        let early = evaluator.evaluate(m, cut: .asOf(CaseDate("2022-10-27")!), bundles: bundles)
        #expect(early.submission?.id == "b1")
        #expect(early.state.observedValues == ["failing-update-confirmed": "true", "rollback-at-reboot": "true"])
        let all = evaluator.evaluate(m, cut: .all, bundles: bundles)
        #expect(all.submission?.id == "b3")
        #expect(all.state.lastDate?.description == "2022-11-17")
    }

    @Test func missingCorpusBundleSkipsAndMissingCaseBundleFails() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = CaseManifest(
            id: "x",
            events: [
                .submission(Submission(id: "b1", date: CaseDate("2023-01-01")!, bundle: "corpus:nowhere/CBS.log")),
                .expectation(Expectation(date: CaseDate("2023-01-01")!, name: "m", checks: [.top("pending-reboot")])),
                .submission(Submission(id: "b2", date: CaseDate("2023-01-02")!, bundle: "bundles/none")),
                .expectation(Expectation(date: CaseDate("2023-01-02")!, name: "n", checks: []))
            ], folder: dir.path)
        let evaluator = CaseEvaluator(knowledge: Self.knowledge(), environment: ["TRIAGE_CORPUS": dir.path])
        let outcomes = evaluator.run(manifest)
        guard case .skipped(let reason) = outcomes[0].status else {
            Issue.record("not skipped")
            return
        }
        #expect(reason.hasPrefix("corpus file nowhere/CBS.log not found"))
        #expect(
            outcomes[1].status
                == .failed([
                    CheckFailure(
                        check: "bundle", expected: "readable",
                        got: "bundle bundles/none not found in \(dir.path)")
                ]))
    }
}

/// A request is answered by a later bundle that holds the procedure's own output (a log kind no other
/// procedure yields), even when the history states no outcome: the boot log that arrived closes the request
/// for it.
@Suite struct DerivedOutcomeTests {
    @Test func aBootLogInALaterBundleAnswersTheBootLoggingRequest() throws {
        let manifest = try #require(
            CaseLoader.load(folder: "\(CaseEvaluatorTests.cases)/boot-rollback-procmon-antivirus").manifest)
        let evaluator = CaseEvaluator(knowledge: CaseEvaluatorTests.knowledge())
        let before = evaluator.evaluate(manifest, cut: .asOf(try #require(CaseDate("2023-05-25"))))
        #expect(before.state.outstanding.keys.sorted() == ["procmon-boot-logging"])
        #expect(!before.state.done.contains("procmon-boot-logging"))
        let after = evaluator.evaluate(manifest, cut: .all)
        #expect(after.state.outstanding.isEmpty)
        #expect(after.state.done.contains("procmon-boot-logging"))
        #expect(!after.analysis.nextSteps.map(\.id).contains("procmon-boot-logging"))
    }
}
