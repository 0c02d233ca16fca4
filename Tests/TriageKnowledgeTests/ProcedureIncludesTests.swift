import Testing
import TriageCore

@testable import TriageKnowledge

/// `<includes procedure=…/>` must name another existing procedure.
@Suite struct ProcedureIncludesTests {
    static func procedure(_ id: String, includes: [String]) -> Procedure {
        var p = Procedure(
            id: id, kind: .test, title: LocalizedText(en: id, zh: id), purpose: LocalizedText(en: ""),
            cost: .init(minutes: 5, reboot: false, admin: false, risk: .none), steps: [:],
            yields: .init(), outcomes: [], tools: [],
            location: SourceLocation(file: "KnowledgeBase/procedures/\(id).xml", line: 2, column: 1))
        p.includes = includes
        return p
    }

    @Test func unknownOrSelfIncludesAreErrors() {
        let kb = KnowledgeBase(procedures: [
            Self.procedure("a", includes: ["b", "nope", "a"]),
            Self.procedure("b", includes: [])
        ])
        let messages = KnowledgeLinter.check(kb).filter { $0.id == KnowledgeDiagnosticID.unknownProcedure }
            .map(\.message)
        #expect(
            messages == [
                "procedure 'a' includes unknown procedure 'nope'",
                "procedure 'a' includes unknown procedure 'a'"
            ])
    }

    @Test func theShippedOfflineInstallIncludesTheCacheRetry() {
        let kb = KnowledgeLoader.load(
            rulesDirectory: Fixtures.repoRoot + "/Rules",
            knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
        ).knowledgeBase
        #expect(
            kb.procedures.first { $0.id == "offline-install-with-hash" }?.includes == ["clear-download-cache-retry"])
    }
}
