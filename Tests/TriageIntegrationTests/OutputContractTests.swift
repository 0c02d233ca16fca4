import Foundation
import Testing
import TriageCore
import TriageEngine

/// DESIGN §7, the JSON contract other tools rely on, checked on the seed's third bundle.
@Suite struct OutputContractTests {
    @Test func analyzeJSONCarriesTheContractKeys() throws {
        let analysis = try Pipeline.analyze(
            [Pipeline.seedBundle("2022-11-08-BR0101-PC023")],
            observations: ["rollback-at-reboot": "true"])
        let json = JSONReport.render(analysis)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let hypotheses = try #require(root["hypotheses"] as? [[String: Any]])
        #expect(hypotheses.first?["id"] as? String == "payload-corrupt")
        for hypothesis in hypotheses {
            for key in ["id", "probability", "support", "against", "missing"] {
                #expect(hypothesis[key] != nil, "\(key)")
            }
            let p = try #require(hypothesis["probability"] as? Double)
            #expect(p >= 0 && p <= 1)
        }
        // Best first on the tree of causes (docs/reasoning.md §3): the competing top-level causes by probability,
        // each preceded by a child that leads it; then the children that lead nothing, by probability.
        let parents = hypotheses.map { $0["parent"] as? String }
        let ids = hypotheses.map { $0["id"] as? String }
        #expect(parents.count == hypotheses.count && hypotheses.allSatisfy { $0.keys.contains("parent") })
        let firstRefinement =
            parents.indices.first { i in parents[i] != nil && ids.firstIndex(of: parents[i]) != i + 1 }
            ?? hypotheses.count
        let rivals = hypotheses[..<firstRefinement].filter { $0["parent"] is NSNull }.compactMap {
            $0["probability"] as? Double
        }
        #expect(rivals == rivals.sorted(by: >))
        let refinements = hypotheses[firstRefinement...].compactMap { $0["probability"] as? Double }
        #expect(refinements == refinements.sorted(by: >))
        #expect(hypotheses[firstRefinement...].allSatisfy { !($0["parent"] is NSNull) })
        let payload = try #require(hypotheses.first)
        #expect(payload["children"] as? [String] == ["payload-download-corrupt", "wsus-content-corrupt"])
        #expect((payload["residual"] as? Double).map { $0 > 0 && $0 < 0.693 } == true)
        let support = try #require(hypotheses.first?["support"] as? [[String: Any]])
        #expect(!support.isEmpty)
        for item in support {
            #expect((item["file"] as? String)?.isEmpty == false)
            #expect((item["line"] as? Int).map { $0 > 0 } == true)
        }
        let boot = try #require(hypotheses.first { $0["id"] as? String == "boot-phase-failure" })
        let against = try #require(boot["against"] as? [[String: Any]])
        #expect(against.contains { $0["file"] as? String == "EventLogs/System.txt" && $0["line"] as? Int == 14 })
        let steps = try #require(root["nextSteps"] as? [[String: Any]])
        #expect(steps.first?["procedure"] as? String == "offline-install-with-hash")
        #expect((steps.first?["reason"] as? String)?.isEmpty == false)
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.map { $0["id"] as? String } == ["collector-outdated"])
        let sources = try #require(root["sources"] as? [[String: Any]])
        #expect(
            sources.map { $0["path"] as? String } == [
                "CollectorInfo.txt", "EventLogs/System.txt", "Logs/CBS/CBS.log", "WindowsUpdate.log"
            ])
        #expect(sources.allSatisfy { $0["kind"] is String && $0["status"] as? String == "parsed" })
    }
}
