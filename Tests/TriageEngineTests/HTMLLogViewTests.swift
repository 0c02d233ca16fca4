import Testing
import TriageCore

@testable import TriageEngine

/// The HTML report embeds the surroundings of at most `HTMLLogViews.maxViews` cited lines, the first cited
/// first, and says how many more it cites without a view.
@Suite struct HTMLLogViewTests {
    @Test func viewsStopAtTheCapAndTheRestAreCounted() {
        let count = HTMLLogViews.maxViews + 120
        let attempts = (0..<count).map { i in
            Fx.fact(
                FactKind.installAttempt,
                ["kb": "KB50\(10_000 + i)", "result": "succeeded", "channel": "windows-update"], line: 10 + 3 * i)
        }
        let a = Analyzer(knowledge: Fx.kb(hypotheses: [Fx.hypothesis("no-failure-captured", prior: 0.1)], rules: []))
            .analyze(evidence: Fx.evidence(attempts, collected: [.cbs]))
        var options = HTMLReport.Options()
        options.lines = { _, from, to in (from...to).map { ($0, "line \($0)") } }
        let html = HTMLReport.render(a, options: options)
        let views = html.components(separatedBy: "<div class=\"log\" id=\"log-").count - 1
        #expect(views == HTMLLogViews.maxViews)
        #expect(html.contains("Cited lines without a log view: 120 (a report embeds at most 500)."))
        // A cited line past the cap is shown as its location, without a link.
        #expect(html.contains("<a href=\"#log-500\">"))
        #expect(!html.contains("<a href=\"#log-501\">"))
    }
}
