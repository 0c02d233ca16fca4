import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// A setupact.log and setup's own rollback copy of it (`$Windows.~BT\Sources\Rollback\setupact.log`) are one
/// feature-update attempt, not two; two runs days apart stay two. Logs are written in the setupact layout.
@Suite struct FeatureUpdateMergeTests {
    static let line = SetupModelTests.setupLine

    static let panther = [
        line(
            "00:21:30", "Info", "", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1"),
        line("00:21:30", "Info", "", "Target OS version: 10.0.22621.1"),
        line("00:27:53", "Info", "SP", "OPERATIONTRACK ExecuteOperations: Start execution phase Downlevel"),
        line("00:28:55", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Downlevel")
    ]
    static let rollback = [
        line(
            "00:33:57", "Info", "", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1"),
        line("00:33:57", "Info", "", "Target OS version: 10.0.22621.1"),
        line("00:34:02", "Info", "MOUPG", "SetupHost: Reporting post reboot event -> [0x8007000D, 0x2000C]"),
        line("00:35:40", "Info", "SP", "Initiating rollback")
    ]

    func attempts(_ files: [(String, [String])]) -> [String] {
        let set = EvidenceReader().read(
            files: files.map { ($0.0, Array($0.1.joined(separator: "\r\n").utf8)) })
        return set.facts.filter { $0.kind == FactKind.installAttempt }.map { "\($0.provenance.file):\($0.summary)" }
    }

    @Test func theRollbackCopyIsTheSameAttempt() {
        #expect(
            attempts([
                ("Panther/setupact.log", Self.panther), ("Sources/Rollback/setupact.log", Self.rollback)
            ]) == [
                "Panther/setupact.log:1 install-attempt also=Sources/Rollback/setupact.log:1 channel=setup client=Windows Setup ended=2023-05-23T00:35:40 extend=0x2000C hresult=0x8007000d id=setup:1 log=setupact operation=apply-image phase=safe-os result=failed rolled-back=true source-build=10.0.19045.0 stage=install started=2023-05-23T00:21:30 target-build=10.0.22621.1"
            ])
    }

    @Test func twoRunsDaysApartStayTwo() {
        let later = Self.rollback.map { $0.replacingOccurrences(of: "2023-05-23", with: "2023-05-27") }
        #expect(
            attempts([("Panther/setupact.log", Self.panther), ("Panther/setupact_1.log", later)]).count == 2)
        // A rollback log of another target build is another run, however close in time.
        let other = Self.rollback.map { $0.replacingOccurrences(of: "10.0.22621.1", with: "10.0.26100.1") }
        #expect(
            attempts([("Panther/setupact.log", Self.panther), ("Sources/Rollback/setupact.log", other)]).count == 2)
    }

    @Test func civilSeconds() {
        #expect(
            FeatureUpdateMerge.seconds("2023-05-23T00:35:40")! - FeatureUpdateMerge.seconds("2023-05-22T23:35:40")!
                == 3600)
        #expect(
            FeatureUpdateMerge.seconds("2024-03-01T00:00:00")! - FeatureUpdateMerge.seconds("2024-02-28T00:00:00")! == 2
                * 86400)
        #expect(FeatureUpdateMerge.seconds("2023-13-01T00:00:00") == nil)
        #expect(FeatureUpdateMerge.seconds("2023-05") == nil)
    }
}
