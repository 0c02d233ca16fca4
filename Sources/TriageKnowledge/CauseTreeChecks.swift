import TriageCore

/// Checks of the tree of causes (`parent` in hypothesis files): the parent exists and is not the cause
/// itself, no cycles, the shares of one class's children leave it a residual (sum below 1).
enum CauseTreeChecks {
    static func check(_ kb: KnowledgeBase, _ index: KnowledgeIndex, into sink: inout DiagnosticSink) {
        for hypothesis in kb.hypotheses.sorted(by: { $0.id < $1.id }) {
            guard let parent = hypothesis.parent else { continue }
            if parent == hypothesis.id {
                sink.error(
                    KnowledgeDiagnosticID.causeTree, "hypothesis '\(hypothesis.id)' names itself as its parent",
                    at: hypothesis.location)
            } else if index.hypotheses[parent] == nil {
                sink.error(
                    KnowledgeDiagnosticID.unknownHypothesis,
                    "hypothesis '\(hypothesis.id)' names unknown parent '\(parent)'", at: hypothesis.location)
            } else if let cycle = cycle(from: hypothesis.id, index) {
                sink.error(
                    KnowledgeDiagnosticID.causeTree,
                    "hypothesis '\(hypothesis.id)' is its own ancestor: \(cycle.joined(separator: " → "))",
                    at: hypothesis.location)
            }
        }
        let children = Dictionary(grouping: kb.hypotheses.filter { $0.parent != nil }, by: { $0.parent! })
        for (parent, group) in children.sorted(by: { $0.key < $1.key }) {
            guard let owner = index.hypotheses[parent] else { continue }
            let shares = group.reduce(0) { $0 + $1.prior }
            if shares >= 1 {
                let ids = group.map(\.id).sorted().joined(separator: ", ")
                sink.error(
                    KnowledgeDiagnosticID.causeTree,
                    "the children of '\(parent)' (\(ids)) claim \(shares) of its mass; their priors are shares "
                        + "of the class and must sum below 1 to leave it a residual", at: owner.location)
            }
        }
    }

    /// The chain of parents from `id` back to `id`, when there is one.
    private static func cycle(from id: String, _ index: KnowledgeIndex) -> [String]? {
        var chain = [id]
        var current = index.hypotheses[id]?.parent
        while let next = current {
            chain.append(next)
            if next == id { return chain }
            if chain.dropLast().contains(next) { return nil }  // a cycle above, reported for its own members
            current = index.hypotheses[next]?.parent
        }
        return nil
    }
}
