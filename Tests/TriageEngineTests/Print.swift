import Foundation
import Testing
import TriageCore
@testable import TriageEngine
@Test func printGolden() throws {
    let a = GoldenFixture().analysis()
    let e = Explainer(knowledge: GoldenFixture().knowledge)
    let outputs: [String: String] = [
        "text-en": TextReport.render(a), "text-zh": TextReport.render(a, language: .zhCN),
        "json-en": JSONReport.render(a), "json-zh": JSONReport.render(a, language: .zhCN),
        "md-en": MarkdownReport.render(a), "md-zh": MarkdownReport.render(a, language: .zhCN),
        "how": ExplanationReport.text(e.how("payload-corrupt", in: a)!),
        "whynot": ExplanationReport.text(e.whyNot("dism/store-corrupt", in: a)!) + ExplanationReport.text(e.whyNot("wu/service-stop", in: a)!, language: .zhCN),
    ]
    for (k, v) in outputs { try v.write(toFile: "/tmp/g-\(k).txt", atomically: true, encoding: .utf8) }
}
