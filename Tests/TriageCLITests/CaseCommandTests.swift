import Foundation
import Testing

/// `triage test` and `triage next` as a user runs them (the built executable; skipped when not built).
@Suite struct CaseCommandTests {
    static var repo: URL { TriageProcess.repo }
    static var binary: String? { TriageProcess.binary }

    func triage(_ args: [String]) throws -> (out: String, status: Int32) {
        // The text report fits the terminal: 80 columns, whatever the environment running the tests says.
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        let run = try TriageProcess.run(args, environment: environment)
        return (run.out, run.status)
    }

    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func testCommandEndsWithTheCountsAndExitsByFailures() throws {
        let r = try triage(["test", "Tests/Cases/no-failure-captured"])
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("CASE") == true)
        #expect(r.out.hasSuffix("\n1 passed, 0 failed\n"))
        #expect(r.status == 0)
        let missing = try triage(["test", "Tests/Cases/does-not-exist"])
        #expect(missing.status == 66)
    }

    @Test(.enabled(if: binary != nil, "build triage first (swift build)"))
    func nextFlagsTheMachineChangeAndTheRepeatedRequest() throws {
        let moment3 = try triage(["next", "Tests/Cases/CAS-07397", "--as-of", "2022-10-28"])
        #expect(moment3.status == 0)
        #expect(
            moment3.out.contains(
                "\n  ! machine-mismatch: The bundle of 2022-10-28 comes from BR0101-PC023, but\n    earlier bundles came from BR0101-PC017"
            ))
        let all = try triage(["next", "Tests/Cases/CAS-07397"])
        #expect(
            all.out.contains(
                "\n  ! request-repeated: offline-install-with-hash was requested 8 times since\n    2022-10-28 (last 2022-11-17, 20 days) and no result has arrived."
            ))
        #expect(all.out.contains("Done: collect-logs, confirm-failing-update\n"))
        let summary = try triage(["next", "Tests/Cases/CAS-07397", "--summary", "--lang", "zh-CN"])
        #expect(summary.out.hasPrefix("案例总结：\n----\n问题定义：\n用户反馈系统安装更新补丁失败的问题，需要协助排查。\n问题总结：\n"))
        // As the seed's last mail counts them: failures per install, not log lines; the case's KB in the steps.
        #expect(
            summary.out.contains("\n在 WindowsUpdate.log 中可以看到安装失败的错误代码：4× 0x80070570、1× 0x80070490、1× 0x8024001e。\n"))
        #expect(summary.out.contains("\n在 CBS.log 中可以看到安装失败的错误代码：1× 0x800f0821。\n"))
        #expect(summary.out.contains("\n   Get-FileHash -Algorithm SHA256 C:\\temp\\KB5016623.msu\n"))
        #expect(!summary.out.contains("<kb>"))
    }
}
