import Foundation
import Testing

/// A bundle where every file is skipped (binary junk and an empty file): the report leads with "nothing could be
/// read", names each skipped file and why, and ranks no failure cause, in text and in JSON (issue 11 item 13).
@Suite struct NothingReadTests {
    static func bundle() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-nothing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Deterministic junk: NUL bytes and control bytes make it binary.
        let junk = (0..<4096).map { UInt8(truncatingIfNeeded: ($0 &* 131) ^ ($0 >> 3)) }
        try Data(junk).write(to: dir.appendingPathComponent("junk.bin"))
        try Data().write(to: dir.appendingPathComponent("empty.log"))
        return dir
    }

    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func textLeadsWithNothingReadAndShowsNoBars() throws {
        let dir = try Self.bundle()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try TriageProcess.run(["analyze", dir.path], environment: ["COLUMNS": "200", "NO_COLOR": "1"])
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix(
                "  ! no-servicing-log: Nothing could be read: all 2 file(s) were skipped "
                    + "(empty.log: empty; junk.bin: binary). No failure cause is ranked.") == true)
        #expect(lines.contains("Hypotheses: not ranked: nothing read (--verbose lists the priors)"))
        #expect(!run.out.contains("█"))
        #expect(!run.out.contains("%"))
    }

    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func jsonSaysNotRanked() throws {
        let dir = try Self.bundle()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try TriageProcess.run(["analyze", "--format", "json", dir.path])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        #expect(object["ranked"] as? Bool == false)
        let findings = object["findings"] as! [[String: Any]]
        #expect(findings.map { $0["id"] as? String } == ["no-servicing-log"])
        #expect(findings.first?["files"] as? String == "2")
        #expect(findings.first?["skipped"] as? String == "2")
        #expect((findings.first?["message"] as? String)?.hasPrefix("Nothing could be read: all 2 file(s)") == true)
        let sources = object["sources"] as! [[String: Any]]
        #expect(sources.map { $0["reason"] as? String } == ["empty", "binary"])
    }

    @Test(.enabled(if: CaseCommandTests.binary != nil, "build triage first (swift build)"))
    func aReadableLogIsRanked() throws {
        let dir = try Self.bundle()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line =
            "2024-01-09 10:00:00, Info                  CBS    Starting TrustedInstaller initialization.\r\n"
        try Data(line.utf8).write(to: dir.appendingPathComponent("CBS.log"))
        let run = try TriageProcess.run(["analyze", "--format", "json", dir.path])
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        #expect(object["ranked"] as? Bool == true)
        #expect((object["findings"] as! [[String: Any]]).isEmpty)
    }
}
