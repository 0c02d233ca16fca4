import Foundation
import Testing
import TriageCore

@testable import TriageEngine

/// Byte-for-byte reports of a small hand-made analysis (GoldenFixture), in English and Chinese.
@Suite struct GoldenReportTests {
    let analysis = GoldenFixture().analysis()

    func check(_ name: String, _ actual: String, _ expected: String) {
        if actual != expected {
            try? actual.write(toFile: "/tmp/triage-golden-\(name).txt", atomically: true, encoding: .utf8)
        }
        #expect(actual == expected, "golden \(name) differs; actual output in /tmp/triage-golden-\(name).txt")
    }

    @Test func text() {
        check("text-en", TextReport.render(analysis), Golden.textEN)
        check("text-zh", TextReport.render(analysis, language: .zhCN), Golden.textZH)
    }

    @Test func json() {
        check("json-en", JSONReport.render(analysis), Golden.jsonEN)
        check("json-zh", JSONReport.render(analysis, language: .zhCN), Golden.jsonZH)
    }

    @Test func markdown() {
        check("md-en", MarkdownReport.render(analysis), Golden.markdownEN)
        check("md-zh", MarkdownReport.render(analysis, language: .zhCN), Golden.markdownZH)
    }

    @Test func colourOnlyWhenAsked() {
        #expect(!TextReport.render(analysis).contains("\u{1B}["))
        let coloured = TextReport.render(analysis, color: true)
        #expect(coloured.contains("\u{1B}[1mHypotheses:\u{1B}[0m"))
        #expect(
            coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
                == TextReport.render(analysis))
    }

    @Test func jsonContract() throws {
        let object = try JSONSerialization.jsonObject(with: Data(JSONReport.render(analysis).utf8)) as! [String: Any]
        for key in ["hypotheses", "nextSteps", "findings", "sources", "installs", "machine"] {
            #expect(object[key] != nil)
        }
        let hypotheses = object["hypotheses"] as! [[String: Any]]
        #expect(
            hypotheses.map { $0["id"] as! String } == [
                "payload-corrupt", "servicing-interrupted",
                "component-store-corrupt", "no-failure-captured"
            ])
        let evidence = (hypotheses[0]["support"] as! [[String: Any]])[0]["evidence"] as! [[String: Any]]
        #expect(evidence[0]["file"] as? String == "WindowsUpdate.log")
        #expect(evidence[0]["line"] as? Int == 12)
        let steps = object["nextSteps"] as! [[String: Any]]
        #expect(
            steps.map { $0["procedure"] as! String }.prefix(2) == [
                "clear-download-cache-retry", "offline-install-with-hash"
            ])
        #expect(
            (object["sources"] as! [[String: Any]]).map { $0["status"] as! String } == ["parsed", "parsed", "skipped"])
    }
}
