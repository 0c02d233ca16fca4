import Testing
import TriageCore

@testable import TriageKnowledge

/// `parent` in hypothesis files: the lint checks of the tree of causes.
@Suite struct CauseTreeLintTests {
    static func hypothesis(_ id: String, parent: String? = nil, prior: Double = 0.1) -> Hypothesis {
        Hypothesis(
            id: id, title: LocalizedText(en: id, zh: id), description: LocalizedText(en: ""), prior: prior,
            remediation: LocalizedText(en: ""), remedies: [], parent: parent,
            location: SourceLocation(file: "KnowledgeBase/hypotheses/\(id).xml", line: 3, column: 1))
    }

    func messages(_ hypotheses: [Hypothesis]) -> [String] {
        KnowledgeLinter.check(KnowledgeBase(hypotheses: hypotheses))
            .filter { $0.id == KnowledgeDiagnosticID.causeTree || $0.message.contains("parent") }
            .map(\.message)
    }

    @Test func unknownParentSelfParentAndCyclesAreErrors() {
        #expect(messages([Self.hypothesis("a", parent: "nope")]) == ["hypothesis 'a' names unknown parent 'nope'"])
        #expect(messages([Self.hypothesis("a", parent: "a")]) == ["hypothesis 'a' names itself as its parent"])
        #expect(
            messages([Self.hypothesis("a", parent: "b"), Self.hypothesis("b", parent: "a")]) == [
                "hypothesis 'a' is its own ancestor: a → b → a",
                "hypothesis 'b' is its own ancestor: b → a → b"
            ])
    }

    @Test func childrenMustLeaveTheirClassAResidual() {
        let kb = [
            Self.hypothesis("c"), Self.hypothesis("c1", parent: "c", prior: 0.6),
            Self.hypothesis("c2", parent: "c", prior: 0.4)
        ]
        #expect(
            messages(kb) == [
                "the children of 'c' (c1, c2) claim 1.0 of its mass; their priors are shares of the class and must sum below 1 to leave it a residual"
            ])
        #expect(messages([Self.hypothesis("c"), Self.hypothesis("c1", parent: "c", prior: 0.6)]).isEmpty)
    }

    @Test func theShippedTreeHasTheIssueEighteenChildren() {
        let kb = KnowledgeLoader.load(
            rulesDirectory: Fixtures.repoRoot + "/Rules",
            knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
        ).knowledgeBase
        let children = { (parent: String) in kb.hypotheses.filter { $0.parent == parent }.map(\.id).sorted() }
        #expect(
            children("boot-phase-failure") == [
                "boot-advanced-installer-failed", "boot-critical-driver-failed",
                "boot-system-partition-full", "boot-third-party-blocker"
            ])
        #expect(children("payload-corrupt") == ["payload-download-corrupt", "wsus-content-corrupt"])
        #expect(KnowledgeLinter.check(kb).filter { $0.id == KnowledgeDiagnosticID.causeTree }.isEmpty)
    }
}
