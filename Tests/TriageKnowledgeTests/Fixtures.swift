import Foundation
import TriageCore
import TriageEvidence

@testable import TriageKnowledge

/// Paths of the repository and its knowledge fixtures, computed from this file's location.
enum Fixtures {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let root = repoRoot + "/Tests/Fixtures/knowledge"
    static let goodRules = root + "/good/Rules"
    static let goodKnowledge = root + "/good/KnowledgeBase"
    static let broken = root + "/broken"

    /// The schemas that ship in the repository, compiled once for all tests.
    static let schemas: KnowledgeSchemas = {
        let (schemas, diagnostics) = KnowledgeSchemas.load(
            rulesDirectory: repoRoot + "/Rules",
            knowledgeDirectory: repoRoot + "/KnowledgeBase")
        precondition(diagnostics.isEmpty, "\(diagnostics)")
        return schemas
    }()

    /// Lints `paths` against the good fixture knowledge base; the text report, paths relative to the fixtures.
    static func lint(_ paths: [String], format: ReportFormat = .text) -> (text: String, exitCode: Int32) {
        let report = KnowledgeLint.run(
            paths: paths, rulesDirectory: goodRules, knowledgeDirectory: goodKnowledge,
            schemas: schemas, logKinds: LogFormats.kinds)
        return (report.rendered(format, relativeTo: root), report.exitCode)
    }

    static func loadGood() -> KnowledgeLoadResult {
        KnowledgeLoader.load(
            rulesDirectory: goodRules, knowledgeDirectory: goodKnowledge, schemas: schemas, logKinds: LogFormats.kinds)
    }
}
