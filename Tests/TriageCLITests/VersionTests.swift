import Foundation
import Testing

/// `triage --version` names the tool and the knowledge base (a digest of its files); JSON reports carry both.
@Suite(.enabled(if: TriageProcess.binary != nil)) struct VersionTests {
    @Test func versionLineAndJSONAgree() throws {
        let run = try TriageProcess.run(["--version"])
        #expect(run.status == 0)
        let pattern = #"^triage 0\.14\.0, knowledge kb-[0-9a-f]{16} \([0-9]+ files\)\n$"#
        #expect(run.out.range(of: pattern, options: .regularExpression) != nil, "\(run.out)")
        let json = try TriageProcess.run([
            "analyze", "--format", "json", "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        ])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        let version = object["version"] as! [String: Any]
        #expect(version["tool"] as? String == "0.14.0")
        let kb = version["knowledge"] as! String
        #expect(run.out.contains("knowledge \(kb) (\(version["knowledgeFiles"] as! Int) files)"))
    }

    @Test func eventLogTimesAreLabelledUTCAndTextLogTimesLocal() throws {
        let bundle = "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        let text = try TriageProcess.run(["analyze", bundle], environment: ["COLUMNS": "80"])
        #expect(
            text.out.contains("\n    2022-10-27T10:41:12 local  failed     wsus  0x800f0821  Logs/CBS/CBS.log:20\n"))
        #expect(
            text.out.contains(
                "\n    2022-11-01T01:09:47 UTC failed wsus 0x80070570 EventLogs/System.txt:14\n        also WindowsUpdate.log:12\n"
            ))
        let evidence = try TriageProcess.run(["evidence", bundle])
        #expect(
            evidence.out.contains(
                "\n    2022-11-01T01:09:47 UTC  wsus  failed  0x80070570  at install  EventLogs/System.txt:14\n"))
        #expect(
            evidence.out.contains(
                "\n    2022-11-01T09:06:02 local  wsus  failed  0x80070570  at install  WindowsUpdate.log:12\n"))
    }
}
