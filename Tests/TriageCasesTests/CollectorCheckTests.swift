import Testing
import TriageCore

@testable import TriageCases

@Suite struct CollectorCheckTests {
    let tools = [
        Tool(
            id: "cmge-log-collector", name: "CMGELogCollector",
            versions: [
                .init(value: "1.0", current: false, files: ["CMGELogCollector.exe"]),
                .init(value: "1.11", current: false, files: []),
                .init(value: "2.0", current: true, files: ["CMGELogCollectorV2.exe"])
            ], location: SourceLocation(file: "tools.xml", line: 1, column: 1))
    ]
    /// The shipped interface texts (the finding's message).
    static let text = CaseEvaluatorTests.knowledge().uiText

    @Test func olderVersionsAreOutdated() {
        let f = CollectorCheck.outdated(name: "CMGELogCollector", version: "1.0", tools: tools, text: Self.text)
        #expect(f?.attributes == ["collector": "CMGELogCollector", "version": "1.0", "current": "2.0"])
        #expect(
            f?.message[.en] == "The bundle was collected with CMGELogCollector 1.0; the current version is 2.0. "
                + "Ask for the next bundle with the current collector.")
        #expect(f?.message[.zhCN] == "此日志由 CMGELogCollector 1.0 收集，当前版本为 2.0。请用户使用最新版本的工具收集下一次日志。")
        #expect(
            CollectorCheck.outdated(name: "cmgelogcollector", version: "v1.11", tools: tools, text: Self.text)?
                .attributes["version"] == "1.11")
    }

    @Test func currentOrUnknownIsNotOutdated() {
        #expect(CollectorCheck.outdated(name: "CMGELogCollector", version: "2.0", tools: tools, text: Self.text) == nil)
        #expect(CollectorCheck.outdated(name: "CMGELogCollectorV2", version: nil, tools: tools, text: Self.text) == nil)
        #expect(CollectorCheck.outdated(name: "CMGELogCollector", version: "2", tools: tools, text: Self.text) == nil)
        #expect(CollectorCheck.outdated(name: "TSS", version: "1.0", tools: tools, text: Self.text) == nil)
    }

    @Test func versionsCompareNumerically() {
        #expect(CollectorCheck.compare("1.11", "1.2") == 1)
        #expect(CollectorCheck.compare("2", "2.0") == 0)
        #expect(CollectorCheck.compare("1.0", "2.0") == -1)
    }
}
