import Testing
import TriageCore

@testable import TriageKnowledge

/// The results extractors write (`AttemptResult`) are exactly the closed vocabulary `fact-kinds.xml` declares
/// for an install attempt's `result` and an error code's `attempt-result`, in the same order: a value added on
/// one side only fails here.
@Test func attemptResultsAreTheDeclaredVocabulary() {
    let kb = KnowledgeLoader.load(
        rulesDirectory: Fixtures.repoRoot + "/Rules", knowledgeDirectory: Fixtures.repoRoot + "/KnowledgeBase"
    ).knowledgeBase
    let declared = AttemptResult.allCases.map(\.rawValue)
    #expect(declared == ["succeeded", "failed", "pending", "cancelled", "unknown"])
    let attempt = kb.factKinds.first { $0.id == "install-attempt" }
    let code = kb.factKinds.first { $0.id == "error-code" }
    #expect(attempt?.closedValues["result"] == declared)
    #expect(code?.closedValues["attempt-result"] == declared)
}
