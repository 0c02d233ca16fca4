import Foundation
import Testing

/// An engineer often has only an excerpt a customer pasted into a mail: a few lines, runs of spaces collapsed,
/// no file name. `triage analyze -` reads it from standard input and recognises its kind from the content.
@Suite(.enabled(if: TriageProcess.binary != nil, "build triage first (swift build)"))
struct PastedExcerptTests {
    /// The seed case's CBS.log lines 15–30 as a mail client leaves them: every run of spaces collapsed.
    static let excerpt = """
        2022-10-27 10:41:10, Info CBS Exec: Processing started. Client: WindowsUpdateAgent, Session: 30999871_2341287611, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889.1.6
        2022-10-27 10:41:12, Error CBS Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]
        2022-10-27 10:59:47, Error CBS Expand: Failed to extract files from container C:\\Windows\\SoftwareDistribution\\Download\\7c1a5e0b\\Windows10.0-KB5016623-x64.cab [HRESULT = 0x800f0821 - CBS_E_ABORT]

        """

    @Test func aCollapsedCBSExcerptReadsAsCBSWithItsFailure() throws {
        let evidence = try TriageProcess.run(["evidence", "-"], stdin: Self.excerpt)
        #expect(evidence.status == 0)
        #expect(
            evidence.out.contains(
                "  pasted.txt  cbs  parsed  3 lines  utf-8 lf  2022-10-27T10:41:10 … 2022-10-27T10:59:47"))
        #expect(evidence.out.contains("0x800f0821 CBS_E_ABORT  ×2  in cbs  first at pasted.txt:2"))
        let analysis = try TriageProcess.run(["analyze", "-", "--format", "json"], stdin: Self.excerpt)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(analysis.out.utf8)) as? [String: Any])
        let top = try #require((root["hypotheses"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(top != "no-failure-captured")
    }

    @Test func standardInputIsTheOnlyInput() throws {
        let run = try TriageProcess.run(["analyze", "-", "Tests/Cases"], stdin: Self.excerpt)
        #expect(run.status == 64)
        #expect(run.err.contains("'-' (standard input) cannot be combined with other inputs"))
    }
}
