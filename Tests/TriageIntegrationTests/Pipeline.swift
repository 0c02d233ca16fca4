import Foundation
import TriageCore
import TriageEngine
import TriageEvidence
import TriageKnowledge

/// The shipped knowledge base and the read → analyse pipeline, as `triage analyze` runs them.
enum Pipeline {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared/corpus` beside the repo (or one level further up, as in a worktree), or nil.
    static let corpus: String? = {
        for candidate in ["/../shared/corpus", "/../../shared/corpus"] {
            let path = URL(fileURLWithPath: repoRoot + candidate).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: path + "/SOURCES.md") { return path }
        }
        return nil
    }()

    static let knowledge: KnowledgeBase = TriagePipeline.loadKnowledge(
        rulesDirectory: repoRoot + "/Rules",
        knowledgeDirectory: repoRoot + "/KnowledgeBase"
    )
    .knowledgeBase

    /// The facade `triage analyze` runs.
    static let pipeline = TriagePipeline(knowledge: knowledge)

    static func analyze(_ paths: [String], observations: [String: String] = [:], done: Set<String> = []) throws
        -> Analysis
    {
        pipeline.analyze(try pipeline.read(paths: paths), observations: observations, done: done)
    }

    static func seedBundle(_ name: String) -> String { repoRoot + "/Tests/Cases/CAS-07397/bundles/" + name }
}
