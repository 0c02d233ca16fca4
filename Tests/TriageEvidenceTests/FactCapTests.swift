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

    /// Past the cap, a failure line met before in the same context and attempt is counted where its codes
    /// went, even with other lines between (two failures alternating, a session's records): by its bytes after
    /// the timestamp and its state, so the same text in another attempt, or without a timestamp (read as a
    /// continuation line, all of it text), still gets facts of its own.
    @Test func linesMetBeforeInTheSameStateAreCountedWhereTheirCodesWent() throws {
        func at(_ second: Int, _ level: String, _ text: String) -> String {
            "2022-10-27 10:42:\(second < 10 ? "0" : "")\(second), \(level.padding(toLength: 22, withPad: " ", startingAt: 0))CBS    \(text)"
        }
        func attempt(_ session: String, _ kb: String, from second: Int) -> [String] {
            let package = "Package_for_\(kb)~31bf3856ad364e35~amd64~~19041.1880.1.0"
            return [
                at(second, "Info", "Session: \(session) initialized by client WindowsUpdateAgent"),
                at(
                    second, "Info",
                    "Exec: Processing started.  Client: WindowsUpdateAgent, Session: \(session), Package: \(package), Identifier: \(kb)"
                )
            ]
                + (1...6).flatMap {
                    [
                        at(second + $0, "Error", "Failed to extract file. [HRESULT = 0x80070570 - ERROR_FILE_CORRUPT]"),
                        at(
                            second + $0, "Error",
                            "Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]")
                    ]
                }
        }
        let continuation =
            "Error                 CBS    Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]"
        let lines =
            attempt("1_1", "KB5012170", from: 0) + attempt("2_1", "KB5013942", from: 20) + [continuation, continuation]
        let set = try read(lines: lines, cap: 2)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        func summary(_ fact: Fact) -> String {
            "\(fact["code"]!) line \(fact.provenance.line)-\(fact.provenance.endLine ?? 0) \(fact["level"]!) \(fact["context"]!) \(fact["attempt"] ?? "-") ×\(fact["repeats"] ?? "1")"
        }
        #expect(
            codes.map(summary) == [
                "0x80070570 line 3-0 Error install cbs:2 ×1", "0x800f0821 line 4-0 Error install cbs:2 ×1",
                "0x80070570 line 5-13 Error install cbs:2 ×4", "0x800f0821 line 6-14 Error install cbs:2 ×4",
                "0x80070570 line 17-27 Error install cbs:16 ×5", "0x800f0821 line 18-28 Error install cbs:16 ×5",
                "0x800f0821 line 29-30 Info install cbs:16 ×1"
            ])
        let lineCount = codes.reduce(0) { (sum: Int, fact: Fact) in sum + 1 + (Int(fact["repeats"] ?? "0") ?? 0) }
        #expect(lineCount == 26)
    }

    /// A log whose failure lines seldom repeat (each with a number of its own) stops remembering them once
    /// the table fills with few repeats found; the facts are the same: each distinct line kept, each repeat
    /// counted.
    @Test func distinctLinesPastTheCapAreEachKept() throws {
        let distinct = RepeatedCodeLines.capacity + 100
        let lines = (0..<distinct).map {
            "2022-10-27 10:43:00, Error                 CBS    Failed to resolve package \($0) [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]"
        }
        // The first two are kept under the cap; the lines after them, past it, are the ones counted on.
        let set = try read(lines: lines + lines.suffix(3) + lines[2..<4], cap: 2)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        #expect(codes.count == distinct)
        let counted = codes.filter { $0["repeats"] != nil }.map {
            "line \($0.provenance.line)-\($0.provenance.endLine ?? 0) ×\($0["repeats"]!)"
        }
        let (n, m) = (distinct, distinct - 1)
        let expected = [
            "line 3-\(n + 4) ×1", "line 4-\(n + 5) ×1", "line \(n - 2)-\(n + 1) ×1", "line \(m)-\(n + 2) ×1",
            "line \(n)-\(n + 3) ×1"
        ]
        #expect(counted == expected)
    }

    /// The table itself: a line is found only under the same state and the same bytes after the timestamp;
    /// filled with fewer repeats than lines, it is given up.
    @Test func repeatedCodeLinesAreFoundByBytesAndState() {
        var table = RepeatedCodeLines()
        let line = Array("2022-10-27 10:43:00, Error   CBS    Failed [HRESULT = 0x800f0805]".utf8)
        let other = Array("2022-10-27 10:43:59, Error   CBS    Failed [HRESULT = 0x800f0805]".utf8)
        let changed = Array("2022-10-27 10:43:59, Error   CBS    Failed [HRESULT = 0x800f0806]".utf8)
        line.withLineBytes { bytes in
            table.remember(
                RepeatedCodeLines.Key(bytes, from: 21, context: "install", attempt: "cbs:2"), bytes,
                outcomes: [.slot(7), .dropped])
        }
        func found(_ text: [UInt8], from start: Int = 21, _ context: String = "install", _ attempt: String? = "cbs:2")
            -> [ExtractionContext.PastCap]?
        {
            text.withLineBytes {
                table.outcomes(RepeatedCodeLines.Key($0, from: start, context: context, attempt: attempt), $0)
            }
        }
        #expect(found(other) == [.slot(7), .dropped])
        #expect(found(changed) == nil)
        #expect(found(other, "staging") == nil)
        #expect(found(other, "install", nil) == nil)
        #expect(found(Array(other[21...]), from: 0) == nil)
        // A line longer than a failure line is not remembered (the table's memory stays bounded).
        let long = Array(("2022-10-27 10:43:00, Error   CBS    Failed " + String(repeating: "x", count: 1100)).utf8)
        long.withLineBytes { bytes in
            table.remember(
                RepeatedCodeLines.Key(bytes, from: 21, context: "install", attempt: nil), bytes, outcomes: [.slot(1)])
        }
        #expect(found(long, "install", nil) == nil)
        #expect(table.isUsed)
        for n in 0..<RepeatedCodeLines.capacity {
            Array("2022-10-27 10:43:00, Error   CBS    Failed \(n)".utf8).withLineBytes { bytes in
                table.remember(
                    RepeatedCodeLines.Key(bytes, from: 21, context: "idle", attempt: nil), bytes, outcomes: [])
            }
        }
        #expect(table.isUsed == false)
        #expect(found(other) == nil)
    }
}
