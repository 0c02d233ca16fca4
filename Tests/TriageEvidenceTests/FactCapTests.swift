import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Past the per-file cap, identical error-code and signature facts are counted on one kept fact: memory is
/// bounded on an error-dense log, and the failure is counted, not lost.
@Suite struct FactCapTests {
    static let abort =
        "2022-10-27 10:41:12, Error                 CBS    Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]"
    static let corrupt =
        "2022-10-27 10:41:13, Error                 CBS    Failed to extract file. [HRESULT = 0x80070570 - ERROR_FILE_CORRUPT]"

    func read(lines: [String], cap: Int) throws -> EvidenceSet {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(Array((lines.joined(separator: "\r\n") + "\r\n").utf8), to: folder + "/CBS.log")
        return try EvidenceReader(limits: InputLimits(maxLineFactsPerSource: cap)).read(paths: [folder])
    }

    @Test func identicalFactsPastTheCapAreCountedOnOne() throws {
        let lines = (0..<1_000).map { $0 % 10 == 9 ? Self.corrupt : Self.abort }
        let set = try read(lines: lines, cap: 20)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        // 20 kept as they came (18 abort, 2 corrupt), then one kept for each code, carrying the rest.
        #expect(codes.count == 22)
        let total = codes.reduce(0) { $0 + 1 + (Int($1["repeats"] ?? "0") ?? 0) }
        #expect(total == 1_000)
        let folded = codes.filter { $0["repeats"] != nil }
        #expect(
            folded.map { "\($0["code"]!) ×\($0["repeats"]!) lines \($0.provenance.line)-\($0.provenance.endLine ?? 0)" }
                .sorted()
                == ["0x80070570 ×97 lines 30-1000", "0x800f0821 ×881 lines 21-999"])
        #expect(
            set.sources[0].notes == [
                "1000 error-code and signature facts: past the first 20, 978 identical facts counted on 2 kept (attribute repeats)"
            ])
    }

    @Test func underTheCapNothingChanges() throws {
        let set = try read(lines: [Self.abort, Self.abort, Self.corrupt], cap: 50_000)
        #expect(set.facts.filter { $0.kind == FactKind.errorCode }.count == 3)
        #expect(set.facts.allSatisfy { $0["repeats"] == nil })
        #expect(set.sources[0].notes.isEmpty)
    }

    /// Past the cap, a line equal to the one before it after its timestamp is counted on that line's facts
    /// without being parsed again; a line holding a trigger literal still changes the extractor's state, so
    /// the same error text after the session ended gets its own fact (another context, no attempt).
    @Test func repeatedLinesAreCountedAcrossAContextChange() throws {
        let package = "Package_for_KB5012170~31bf3856ad364e35~amd64~~19041.1880.1.0"
        func at(_ second: Int, _ level: String, _ text: String) -> String {
            "2022-10-27 10:41:\(second < 10 ? "0" : "")\(second), \(level.padding(toLength: 22, withPad: " ", startingAt: 0))CBS    \(text)"
        }
        let abort = "Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]"
        let lines =
            [
                at(0, "Info", "Session: 1_1 initialized by client WindowsUpdateAgent"),
                at(
                    0, "Info",
                    "Exec: Processing started.  Client: WindowsUpdateAgent, Session: 1_1, Package: \(package), Identifier: KB5012170"
                )
            ]
            + (1...10).map { at($0, "Error", abort) }
            + [at(11, "Info", "Session: 1_1 finalized. Reboot required: no [HRESULT = 0x800f0821 - CBS_E_ABORT]")]
            + (12...21).map { at($0, "Error", abort) }
        let set = try read(lines: lines, cap: 2)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        func summary(_ fact: Fact) -> String {
            "line \(fact.provenance.line)-\(fact.provenance.endLine ?? 0) \(fact["context"] ?? "-") \(fact["attempt"] ?? "-") ×\(fact["repeats"] ?? "1")"
        }
        #expect(
            codes.map(summary) == [
                "line 3-0 install cbs:2 ×1", "line 4-0 install cbs:2 ×1", "line 5-12 install cbs:2 ×7",
                "line 13-0 install cbs:2 ×1", "line 14-23 search - ×9"
            ])
        #expect(set.sources[0].last == "2022-10-27T10:41:21")
    }

    /// Past the cap, a line with nothing to read (no trigger, no code) between two equal lines leaves the
    /// record of the first one's facts in place: the second is counted on them, not lost.
    @Test func repeatedLinesAreCountedAcrossLinesWithNothingToRead() throws {
        let quiet = "2022-10-27 10:41:12, Info                  CBS    Nothing to read here"
        let lines =
            [Self.corrupt, Self.corrupt] + (0..<8).flatMap { _ in [Self.abort, quiet] } + [Self.abort, Self.abort]
        let set = try read(lines: lines, cap: 2)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        #expect(
            codes.map {
                "\($0["code"]!) line \($0.provenance.line)-\($0.provenance.endLine ?? 0) ×\($0["repeats"] ?? "1")"
            }
                == ["0x80070570 line 1-0 ×1", "0x80070570 line 2-0 ×1", "0x800f0821 line 3-20 ×9"])
        #expect(
            set.sources[0].notes == [
                "12 error-code and signature facts: past the first 2, 9 identical facts counted on 1 kept (attribute repeats)"
            ])
    }
}
