import Testing
import TriageCore

@testable import TriageEngine

/// The install timeline counts one install once, however many logs wrote it.
@Suite struct InstallTimelineTests {
    static func attempt(
        _ file: String, _ line: Int, started: String, ended: String? = nil, hresult: String = "0x80070570"
    ) -> Fact {
        var attributes = ["kb": "KB5016623", "result": "failed", "hresult": hresult, "started": started]
        if let ended { attributes["ended"] = ended }
        return Fx.fact(FactKind.installAttempt, attributes, file: file, line: line)
    }

    @Test func eventInUTCAndWindowsUpdateLogInLocalTimeAreOneAttempt() {
        let installs = Summaries.installs([
            Self.attempt("WindowsUpdate.log", 12, started: "2022-11-01T09:06:02", ended: "2022-11-01T09:09:47"),
            Self.attempt("EventLogs/System.txt", 14, started: "2022-11-01T01:09:47"),  // +08:00 → UTC
            Self.attempt("EventLogs/System.txt", 29, started: "2022-11-02T02:18:02"),  // another day
            Self.attempt("WindowsUpdate.log", 42, started: "2022-11-02T10:14:30", ended: "2022-11-02T10:18:02"),
            Self.attempt(
                "WindowsUpdate.log", 72, started: "2022-11-03T17:21:09", ended: "2022-11-03T17:30:02",
                hresult: "0x8024001e"),
            // 8 h − 2 s
            Self.attempt("EventLogs/System.txt", 59, started: "2022-11-03T09:30:04", hresult: "0x8024001e"),
            Self.attempt("EventLogs/System.txt", 74, started: "2022-11-03T09:40:00")  // not an offset apart
        ])
        #expect(installs.count == 1)
        let attempts = installs[0].attempts
        #expect(
            attempts.map { "\($0.fact.provenance.file):\($0.fact.provenance.line)" } == [
                "EventLogs/System.txt:14", "EventLogs/System.txt:29", "EventLogs/System.txt:59",
                "EventLogs/System.txt:74"
            ])
        #expect(attempts.map { $0.alsoIn.map(\.provenance.line) } == [[12], [42], [72], []])
        #expect(installs[0].failed == 4)
    }
}
