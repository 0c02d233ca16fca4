import Foundation
import Testing

/// `triage evidence --format json` as a user runs it: streamed, valid and exact even for awkward lines.
@Suite struct EvidenceCommandTests {
    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func jsonIsValidAndEscapesQuotesBackslashesAndTabs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = "2022-10-27 10:59:47, Error                 CBS    Expand: Failed to extract files from container "
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
}
