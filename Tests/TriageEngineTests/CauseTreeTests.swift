import Foundation
import Testing
import TriageCore

@testable import TriageEngine

/// The tree of causes (docs/reasoning.md, "A tree of causes"), with the numbers computed by hand.
@Suite struct CauseTreeTests {
    // Class c (prior 0.2) with children c1 (share 0.4) and c2 (share 0.3), residual 0.3; rival root r (0.1).
    // Roots: c = 0.9·0.2/0.3 = 0.6, r = 0.3, other 0.1. Atoms: c1 0.24, c2 0.18, c residual 0.18.
    static func child(_ id: String, of parent: String, share: Double, remedies: [String] = []) -> Hypothesis {
        var h = Fx.hypothesis(id, prior: share, remedies: remedies)
        h.parent = parent
        return h
    }
    let hypotheses = [
        Fx.hypothesis("c", prior: 0.2, remedies: ["fix-c"]),
        child("c1", of: "c", share: 0.4), child("c2", of: "c", share: 0.3, remedies: ["fix-c2"]),
        Fx.hypothesis("r", prior: 0.1)
    ]
    let facts = [Fx.fact("error-code", ["code": "0x1"], line: 1), Fx.fact("error-code", ["code": "0x2"], line: 2)]
    let classRule = Fx.rule(
        "x/class", Fx.has("error-code", ["code": "0x1"]), supports: [("c", .strong)], recommends: ["fix-c"])
    let childRule = Fx.rule("x/child", Fx.has("error-code", ["code": "0x2"]), supports: [("c2", .strong)])

    func analyze(_ rules: [Rule], procedures: [Procedure] = []) -> Analysis {
        Analyzer(knowledge: Fx.kb(hypotheses: hypotheses, rules: rules, procedures: procedures))
            .analyze(evidence: Fx.evidence(facts))
    }

    func near(_ a: Double?, _ b: Double) -> Bool { abs((a ?? .nan) - b) < 1e-12 }

    @Test func priorsSplitAClassBetweenItsChildrenAndItsResidual() {
        let analysis = analyze([])
        #expect(near(analysis.hypothesis("c")?.probability, 0.6))
        #expect(near(analysis.hypothesis("c")?.residual, 0.18))
        #expect(near(analysis.hypothesis("c1")?.probability, 0.24))
        #expect(near(analysis.hypothesis("c2")?.prior, 0.18))
        #expect(analysis.hypothesis("c1")?.residual == nil)
        #expect(analysis.hypothesis("c")?.children == ["c1", "c2"])
        #expect(analysis.hypothesis("c2")?.parent == "c")
        // Rivals first (c, r), then the refinements that lead nothing.
        #expect(analysis.hypotheses.map(\.id) == ["c", "r", "c1", "c2"])
    }

    @Test func aRuleNamingAClassMovesEveryAtomUnderIt() {
        // ×10 on c1, c2 and the residual: 2.4, 1.8, 1.8; r 0.3; other 0.1; Σ = 6.4.
        let analysis = analyze([classRule])
        #expect(near(analysis.hypothesis("c")?.probability, 6.0 / 6.4))
        #expect(near(analysis.hypothesis("c")?.residual, 1.8 / 6.4))
        #expect(near(analysis.hypothesis("c1")?.probability, 2.4 / 6.4))
        #expect(near(analysis.other.probability, 0.1 / 6.4))
        // No child holds more than half of the class: the class leads, with its residual.
        #expect(analysis.hypotheses.first?.id == "c")
    }

    @Test func aSupportedChildLeadsAheadOfItsClass() {
        // c2 ×10 more: 18; Σ = 2.4 + 18 + 1.8 + 0.3 + 0.1 = 22.6.
        let analysis = analyze([classRule, childRule])
        #expect(near(analysis.hypothesis("c2")?.probability, 18 / 22.6))
        #expect(near(analysis.hypothesis("c")?.probability, 22.2 / 22.6))
        #expect(near(analysis.hypothesis("c")?.residual, 1.8 / 22.6))
        #expect(analysis.hypotheses.map(\.id) == ["c2", "c", "r", "c1"])
        // The child's support lists only the rule that names it; the class keeps its own.
        #expect(analysis.hypothesis("c2")?.support.map(\.rule) == ["x/child"])
        #expect(analysis.hypothesis("c")?.support.map(\.rule) == ["x/class"])
    }

    @Test func remediesAreThoseOfTheLeadingChildOnly() {
        let procedures = [Fx.procedure("fix-c", kind: .remediate), Fx.procedure("fix-c2", kind: .remediate)]
        let analysis = analyze([classRule, childRule], procedures: procedures)
        // c2 leads with 0.796 ≥ 0.6: its remedy first; the class's repair, recommended by x/class, is dropped.
        #expect(analysis.nextSteps.map(\.id) == ["fix-c2"])
        #expect(analysis.nextSteps.first?.role == .remedy)
        // Without the child's evidence the class leads and its recommended repair stays.
        #expect(analyze([classRule], procedures: procedures).nextSteps.map(\.id) == ["fix-c"])
    }

    @Test func entropyGroupsSplitOnlyTheLeadingClass() {
        var r1 = Fx.hypothesis("r1", prior: 0.5)
        r1.parent = "r"
        let tree = CauseTree(hypotheses + [r1])  // positions: c 0, c1 1, c2 2, r 3, r1 4; other 5
        #expect(tree.groups(totals: [0.6, 0.24, 0.18, 0.3, 0.15], other: 0.1) == [0, 1, 2, 3, 3, 5])
        #expect(tree.groups(totals: [0.2, 0.1, 0.05, 0.7, 0.3], other: 0.1) == [0, 0, 0, 3, 4, 5])
        #expect(
            CauseTree.grouped([0.125, 0.25, 0.25, 0.125, 0.125, 0.125], [0, 0, 0, 3, 3, 5]) == [
                0.625, 0, 0, 0.25, 0, 0.125
            ])
    }

    @Test func aCycleOrUnknownParentIsTreatedAsARoot() {
        var a = Fx.hypothesis("a", prior: 0.5)
        var b = Fx.hypothesis("b", prior: 0.5)
        var d = Fx.hypothesis("d", prior: 0.2)
        a.parent = "b"
        b.parent = "a"
        d.parent = "nope"
        let tree = CauseTree([a, b, d])
        #expect(tree.parent.filter { $0 == nil }.count >= 2)
        #expect(tree.parent[2] == nil)
        #expect(tree.lineage.allSatisfy { $0.count <= 2 })
    }

    @Test func symptomsSayTheRollbackPhaseAndTheFailingInstaller() {
        let facts = [
            Fx.fact("rollback", ["phase": "startup", "kb": "KB1"], line: 31),
            Fx.fact("signature", ["id": "cbs.csi-installer-failed", "installer": "Task Scheduler"], line: 30),
            Fx.fact("install-attempt", ["result": "failed", "channel": "wsus", "stage": "boot"], line: 20)
        ]
        let symptoms = Symptoms.find(facts, observations: ["rollback-at-reboot": "true"], text: ShippedText.catalog)
        #expect(symptoms.map(\.id) == ["rollback-at-reboot", "failing-phase", "failing-installer", "install-channel"])
        #expect(
            symptoms[0].message[.en]
                == "rolls back at reboot — startup phase, advanced installer 'Task Scheduler' failed")
        #expect(symptoms[0].evidence.map(\.provenance.line) == [0, 31])
        #expect(symptoms[1].value == "startup")
        #expect(symptoms[3].message[.en] == "online install (wsus)")
        #expect(symptoms[0].message[.zhCN] == "重启时回滚 —— 启动阶段，高级安装程序 'Task Scheduler' 失败")
        #expect(Symptoms.find([], observations: [:], text: ShippedText.catalog).isEmpty)
    }

    @Test func jsonCarriesParentChildrenAndResidual() {
        let json = JSONReport.render(analyze([classRule, childRule]))
        #expect(json.contains("\"parent\":\"c\"") || json.contains("\"parent\": \"c\""))
        #expect(json.contains("\"residual\""))
        #expect(json.contains("\"symptoms\""))
    }
}
