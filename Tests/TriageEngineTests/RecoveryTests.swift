import Testing
import TriageCore

@testable import TriageEngine

/// "A later success weighs against a failure": scan codes followed by a successful scan, and download codes
/// followed by an installed update, in the same file, get `recovered=true`; nothing else does.
@Suite struct RecoveryTests {
    func fact(
        _ kind: String, _ attributes: [String: String], file: String = "WindowsUpdate.log", line: Int, at time: String
    )
        -> Fact
    {
        Fact(kind: kind, attributes: attributes, provenance: Provenance(file: file, line: line, timestamp: time))
    }

    @Test func aLaterSuccessfulScanRecoversEarlierScanCodesOnly() {
        let facts = [
            fact("error-code", ["code": "0x8024402c", "context": "search"], line: 1, at: "2024-03-12T19:49:23"),
            fact("error-code", ["code": "0x80d05001", "context": "download"], line: 2, at: "2024-03-12T19:49:30"),
            fact(
                "error-code", ["code": "0x8024402c", "context": "search"], file: "other.log", line: 1,
                at: "2024-03-12T19:49:23"),
            fact("signature", ["id": "wu.search-end", "hresult": "0x00000000"], line: 3, at: "2024-03-12T19:56:15"),
            fact("error-code", ["code": "0x8024402c", "context": "search"], line: 4, at: "2024-03-12T20:10:00")
        ]
        let marked = Recovery.markRecovered(facts).map { $0["recovered"] }
        #expect(marked == ["true", nil, nil, nil, nil])
    }

    @Test func aLaterInstalledUpdateRecoversADownloadButAnAppDoesNot() {
        let download = fact(
            "error-code", ["code": "0x80d05001", "context": "download"], line: 1, at: "2021-07-13T15:04:05")
        let app = fact(
            "install-attempt", ["result": "succeeded", "target": "app"], line: 2, at: "2021-07-13T16:00:00")
        #expect(Recovery.markRecovered([download, app]).first?["recovered"] == nil)
        let update = fact("install-attempt", ["result": "succeeded"], line: 3, at: "2021-07-13T18:08:37")
        #expect(Recovery.markRecovered([download, app, update]).first?["recovered"] == "true")
    }

    /// The fact store keeps the facts as the evidence holds them and computes the same marks from its columns:
    /// each fact read through the store equals the fact `markRecovered` returns, and a pattern on `recovered`
    /// matches exactly the marked facts.
    @Test func theStoreMarksWhatMarkRecoveredMarks() {
        let facts = [
            fact("error-code", ["code": "0x8024402c", "context": "search"], line: 1, at: "2024-03-12T19:49:23"),
            fact("error-code", ["code": "0x80d05001", "context": "download"], line: 2, at: "2024-03-12T19:49:30"),
            fact(
                "error-code", ["code": "0x8024402c", "context": "idle"], file: "other.log", line: 1,
                at: "2024-03-12T19:49:23"),
            fact("signature", ["id": "wu.search-end", "hresult": "0x00000000"], line: 3, at: "2024-03-12T19:56:15"),
            fact("error-code", ["code": "0x8024402c", "context": "search"], line: 4, at: "2024-03-12T20:10:00"),
            fact("install-attempt", ["result": "succeeded"], line: 5, at: "2024-03-12T20:00:00"),
            fact("error-code", ["code": "0x80d05001", "context": "download"], line: 6, at: "2024-03-12T20:20:00"),
            fact("error-code", ["code": "0x80d05001"], line: 7, at: "2024-03-12T19:00:00")
        ]
        let expected = Recovery.markRecovered(facts)
        #expect(expected.map { $0["recovered"] } == ["true", "true", nil, nil, nil, nil, nil, nil])
        let store = FactStore(evidence: Fx.evidence(facts), knowledge: Fx.kb(hypotheses: [], rules: []))
        #expect(store.facts == facts)
        #expect(facts.indices.map(store.fact) == expected)
        #expect(facts.indices.map { store.attribute($0, "recovered") } == expected.map { $0["recovered"] })
        let recovered = FactPattern(
            kind: "error-code", sources: [],
            predicates: [AttributePredicate(name: "recovered", test: .exists(true), location: Fx.here)],
            location: Fx.here)
        #expect(Array(store.matches(recovered)) == [0, 1])
    }
}
