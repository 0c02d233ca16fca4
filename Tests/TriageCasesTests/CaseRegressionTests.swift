import Foundation
import Testing
import TriageCore
import TriageKnowledge

@testable import TriageCases

/// `triage test` machinery: a broken rule fails exactly the right moments, `--record` round trip, JUnit.
@Suite struct CaseRegressionTests {
    static let repo = CaseFolderTests.repo
    static let cases = CaseFolderTests.cases
    let fm = FileManager.default

    func temp() throws -> URL {
        let dir = fm.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Copies Rules/ and KnowledgeBase/ to `dir`, lets `edit` break them, returns the run over Tests/Cases.
    func run(knowledgeIn dir: URL, _ edit: (URL) throws -> Void = { _ in }) throws -> CaseTestReport {
        let rules = dir.appendingPathComponent("Rules")
        let kb = dir.appendingPathComponent("KnowledgeBase")
        try fm.copyItem(at: Self.repo.appendingPathComponent("Rules"), to: rules)
        try fm.copyItem(at: Self.repo.appendingPathComponent("KnowledgeBase"), to: kb)
        try edit(rules)
        let loaded = KnowledgeLoader.load(rulesDirectory: rules.path, knowledgeDirectory: kb.path)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        return CaseTestReport.run(directory: Self.cases, evaluator: CaseEvaluator(knowledge: loaded.knowledgeBase))
    }

    static func failing(_ r: CaseTestReport) -> Set<String> {
        Set(
            r.runs.flatMap(\.moments).filter { if case .failed = $0.status { true } else { false } }
                .map { "\($0.caseID) / \($0.expectation.name)" })
    }

    @Test func deletingARuleFailsExactlyTheCasesThatRelyOnIt() throws {
        let dir = try temp()
        defer { try? fm.removeItem(at: dir) }
        let baseline = try run(knowledgeIn: dir.appendingPathComponent("intact"))
        let broken = try run(knowledgeIn: dir.appendingPathComponent("broken")) { rules in
            try fm.removeItem(at: rules.appendingPathComponent("wsus/file-corrupt-repeated.xml"))
        }
        // The repeated 0x80070570 from WSUS is what puts payload-corrupt ahead of servicing-interrupted in the
        // seed's moments 7 and 12; without the rule both fail, and nothing else does.
        #expect(
            Self.failing(broken).subtracting(Self.failing(baseline)) == [
                "CAS-07397 / moment 7: WSUS, 4x 0x80070570, 0x8024001E, 0x80070490",
                "CAS-07397 / moment 12: archive with a summary"
            ])
        #expect(Self.failing(baseline).subtracting(Self.failing(broken)) == [])
        #expect(broken.failed == baseline.failed + 2)
        let text = broken.rendered()
        let diff = try #require(
            text.components(separatedBy: "\n\n").first { $0.hasPrefix("--- CAS-07397 / moment 7:") })
        #expect(diff.contains("\n  - top hypothesis: payload-corrupt\n"))
        #expect(diff.contains("\n  + top hypothesis: payload-corrupt is #2 at "))
        #expect(diff.contains("[cbs/extract-from-container-failed, wsus/abort-while-staging]"))
        #expect(!diff.contains("wsus/file-corrupt-repeated"))
        #expect(!baseline.rulesNeverFired.contains("wsus/file-corrupt-repeated"))
        #expect(text.hasSuffix("\n\(broken.passed) passed, \(broken.failed) failed\n"))
    }

    @Test func flippingAConclusionFailsThePendingRebootCases() throws {
        let dir = try temp()
        defer { try? fm.removeItem(at: dir) }
        let baseline = try run(knowledgeIn: dir.appendingPathComponent("intact"))
        let broken = try run(knowledgeIn: dir.appendingPathComponent("broken")) { rules in
            let file = rules.appendingPathComponent("pending/fail-reboot-required.xml")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(
                of: "<supports hypothesis=\"pending-reboot\" strength=\"decisive\"/>",
                with: "<opposes hypothesis=\"pending-reboot\" strength=\"decisive\"/>"
            )
            .write(to: file, atomically: true, encoding: .utf8)
        }
        // The corpus case runs only where ../shared/corpus is (it is skipped, not failed, elsewhere).
        let corpusRan =
            baseline.runs.first { $0.caseID == "corpus-pending-reboot-0x80070bc9" }?.moments
            .allSatisfy { $0.evaluation.problem == nil } ?? false
        #expect(
            Self.failing(broken).subtracting(Self.failing(baseline))
                == Set(
                    ["pending-reboot / first bundle"]
                        + (corpusRan ? ["corpus-pending-reboot-0x80070bc9 / real log"] : [])))
        let diff = try #require(
            broken.rendered().components(separatedBy: "\n\n")
                .first { $0.hasPrefix("--- pending-reboot / first bundle") })
        #expect(diff.contains("\n  - top hypothesis: pending-reboot\n  + top hypothesis: pending-reboot is #"))
    }

    @Test func recordRewritesOnlyExpectationsAndThenPasses() throws {
        let dir = try temp()
        defer { try? fm.removeItem(at: dir) }
        let cases = dir.appendingPathComponent("Cases")
        try fm.createDirectory(at: cases, withIntermediateDirectories: true)
        try fm.copyItem(atPath: "\(Self.cases)/case.xsd", toPath: cases.appendingPathComponent("case.xsd").path)
        try fm.copyItem(atPath: "\(Self.cases)/CAS-07397", toPath: cases.appendingPathComponent("CAS-07397").path)
        let file = cases.appendingPathComponent("CAS-07397/case.xml")
        let original = try String(contentsOf: file, encoding: .utf8)
        // An expectation that cannot hold, so the record has something to change whatever the knowledge says.
        let broken = original.replacingOccurrences(
            of: "<top hypothesis=\"no-failure-captured\"/>",
            with: "<top hypothesis=\"pending-reboot\"/>")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let evaluator = CaseEvaluator(knowledge: CaseEvaluatorTests.knowledge())
        let before = CaseTestReport.run(directory: cases.path, evaluator: evaluator)
        #expect(before.failed >= 1)

        let recorded = CaseRecorder.record(broken, moments: before.runs[0].moments)
        try recorded.write(to: file, atomically: true, encoding: .utf8)
        let after = CaseTestReport.run(directory: cases.path, evaluator: evaluator)
        #expect(after.summaryLine == "6 passed, 0 failed")
        #expect(CaseRecorder.record(recorded, moments: after.runs[0].moments) == recorded)
        // Outside the <expect> elements nothing changed.
        func outside(_ s: String) -> String {
            s.replacingOccurrences(
                of: "<expect[^>]*>[\\s\\S]*?</expect>", with: "<expect/>", options: .regularExpression)
        }
        #expect(outside(recorded) == outside(original))
        #expect(
            recorded.contains(
                """
                    <expect date="2022-10-24" name="moment 1: only a successful KB5016623">
                      <top hypothesis="no-failure-captured"/>
                """))
        #expect(
            recorded.contains(
                """
                      <finding id="request-repeated"><attr name="procedure" equals="offline-install-with-hash"/>\
                <attr name="times" equals="8"/><attr name="since" equals="2022-10-28"/><attr name="suggest" equals="close"/></finding>
                """))
        // Kept checks that still hold stay verbatim; recorded kinds are rewritten.
        #expect(recorded.contains("      <noFinding id=\"machine-mismatch\"/>\n"))
        #expect(!recorded.contains("<top hypothesis=\"pending-reboot\"/>"))
    }

    @Test func junitShape() throws {
        let dir = try temp()
        defer { try? fm.removeItem(at: dir) }
        try fm.copyItem(atPath: "\(Self.cases)/case.xsd", toPath: dir.appendingPathComponent("case.xsd").path)
        let a = dir.appendingPathComponent("a-fails")
        try fm.copyItem(atPath: "\(Self.cases)/no-failure-captured", toPath: a.path)
        let text = try String(contentsOf: a.appendingPathComponent("case.xml"), encoding: .utf8)
            .replacingOccurrences(of: "id=\"no-failure-captured\"", with: "id=\"a-fails\"")
            .replacingOccurrences(
                of: "<top hypothesis=\"no-failure-captured\"/>", with: "<top hypothesis=\"pending-reboot\"/>")
        try text.write(to: a.appendingPathComponent("case.xml"), atomically: true, encoding: .utf8)
        let b = dir.appendingPathComponent("b-bad")
        try fm.createDirectory(at: b, withIntermediateDirectories: true)
        try "<case id=\"b-bad\"><history><meeting date=\"2023-01-01\"/></history></case>"
            .write(to: b.appendingPathComponent("case.xml"), atomically: true, encoding: .utf8)
        let c = dir.appendingPathComponent("c-corpus")
        try fm.createDirectory(at: c, withIntermediateDirectories: true)
        try """
        <case id="c-corpus"><history><submission id="b1" date="2023-01-01" bundle="corpus:none/CBS.log"/>\
        <expect date="2023-01-01" name="real &lt;log&gt;"><top hypothesis="pending-reboot"/></expect></history></case>
        """.write(to: c.appendingPathComponent("case.xml"), atomically: true, encoding: .utf8)

        let evaluator = CaseEvaluator(knowledge: CaseEvaluatorTests.knowledge(), environment: [:])
        let report = CaseTestReport.run(directory: dir.path, evaluator: evaluator)
        #expect(report.summaryLine == "0 passed, 2 failed")
        #expect(report.skippedLine == "1 skipped (bundles absent)")
        #expect(report.rendered().hasSuffix("\n1 skipped (bundles absent)\n0 passed, 2 failed\n"))
        let xml = CaseJUnit.render(report)
        let lines = xml.components(separatedBy: "\n")
        #expect(
            Array(lines.prefix(3)) == [
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<testsuites name=\"triage test\" tests=\"3\" failures=\"2\" skipped=\"1\">",
                "  <testsuite name=\"a-fails\" tests=\"1\" failures=\"1\" skipped=\"0\">"
            ])
        #expect(
            lines[3]
                == "    <testcase classname=\"a-fails\" name=\"first bundle\" file=\"\(a.path)/case.xml\" line=\"7\">")
        #expect(
            lines[4].hasPrefix(
                "      <failure message=\"top hypothesis: expected pending-reboot\">--- a-fails / first bundle ("))
        #expect(
            xml.contains(
                "  <testsuite name=\"b-bad\" tests=\"1\" failures=\"1\" skipped=\"0\">\n"
                    + "    <testcase classname=\"b-bad\" name=\"case.xml\">\n      <failure message=\"case.xml does not load\">"
            ))
        #expect(
            xml.contains(
                "  <testsuite name=\"c-corpus\" tests=\"1\" failures=\"0\" skipped=\"1\">\n"
                    + "    <testcase classname=\"c-corpus\" name=\"real &lt;log&gt;\" file=\"\(c.path)/case.xml\" line=\"1\">\n"
                    + "      <skipped message=\"corpus file none/CBS.log not found"))
        #expect(xml.hasSuffix("  </testsuite>\n</testsuites>\n"))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3)
    }
}
