import Foundation
import Testing

/// `triage evidence --format json` as a user runs it: streamed, valid and exact even for awkward lines.
@Suite struct EvidenceCommandTests {
    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func jsonIsValidAndEscapesQuotesBackslashesAndTabs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line =
            "2022-10-27 10:59:47, Error                 CBS    Expand: Failed to extract files from container "
            + "C:\\Windows\\SoftwareDistribution\\Download\\a b\\\"q\"\tx.cab [HRESULT = 0x800f0821 - CBS_E_ABORT]"
        try Data(("\u{FEFF}" + line + "\r\n").utf8).write(to: dir.appendingPathComponent("CBS.log"))
        let run = try CaseCommandTests().triage(["evidence", dir.path, "--format", "json"])
        #expect(run.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let facts = try #require(root["facts"] as? [[String: Any]])
        let cited = facts.compactMap { $0["text"] as? String }
        #expect(cited.contains { $0.contains("Download\\a b\\\"q\"\tx.cab [HRESULT = 0x800f0821") })
        let codes = facts.filter { $0["kind"] as? String == "error-code" }
        #expect(codes.count == 1)
        #expect((codes.first?["attributes"] as? [String: String])?["code"] == "0x800f0821")
        let sources = try #require(root["sources"] as? [[String: Any]])
        #expect(sources.map { $0["path"] as? String } == ["CBS.log"])
        // Deterministic: the same bytes twice.
        #expect(try CaseCommandTests().triage(["evidence", dir.path, "--format", "json"]).out == run.out)
    }

    /// A Process Monitor boot log: the processes on servicing paths, failures by process and path, timeline.
    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func bootLogView() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pml/boot_log.pml").path
        let run = try CaseCommandTests().triage(["evidence", path])
        #expect(run.status == 0)
        let start = try #require(run.out.range(of: "Boot log (Process Monitor)"))
        let end = try #require(run.out.range(of: "\nSources\n"))
        #expect(
            String(run.out[start.lowerBound..<end.lowerBound]) == """
                Boot log (Process Monitor)
                  Processes on servicing paths
                    TiWorker.exe (2260)  microsoft  component-registry ×1 #5, pending-xml ×2 #6…#7, winsxs ×1 #8, servicing ×1 #9
                    cavsvc.exe (1880)  third-party (Contoso Security Ltd.)  pending-xml ×1 #2
                  Failures by process and path
                    TiWorker.exe (2260)  ACCESS DENIED  ×2  CreateFile  C:\\Windows\\WinSxS\\pending.xml  #6…#7
                    TiWorker.exe (2260)  SHARING VIOLATION  ×1  SetRenameInformationFile  C:\\Windows\\WinSxS\\Temp\\PendingRenames\\5f1c.cdf-ms  #8
                  Timeline (UTC)
                    07:41:02.0000000  #1  TrustedInstaller.exe (1104)  started  C:\\Windows\\servicing\\TrustedInstaller.exe
                    07:41:03.0000000  #2  cavsvc.exe (1880)  CreateFile C:\\Windows\\WinSxS\\pending.xml SUCCESS  (pending-xml ×1)
                    07:41:04.0000100  #4  TiWorker.exe (2260)  started  C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3990_none_7e1b4bfd47f0e5d2\\TiWorker.exe
                    07:41:06.0000000  #6  TiWorker.exe (2260)  CreateFile C:\\Windows\\WinSxS\\pending.xml ACCESS DENIED
                    07:41:07.0000000  #7  TiWorker.exe (2260)  CreateFile C:\\Windows\\WinSxS\\pending.xml ACCESS DENIED
                    07:41:08.0000000  #8  TiWorker.exe (2260)  SetRenameInformationFile C:\\Windows\\WinSxS\\Temp\\PendingRenames\\5f1c.cdf-ms SHARING VIOLATION
                    07:41:12.0000000  #10  TiWorker.exe (2260)  exited

                """)
    }
}
