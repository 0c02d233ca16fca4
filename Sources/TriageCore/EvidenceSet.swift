/// What the reader made of the inputs: every file accounted for, and the facts found in them.
public struct EvidenceSet: Sendable, Hashable, Codable {
    public var sources: [SourceRecord]
    public var facts: [Fact]

    public init(sources: [SourceRecord] = [], facts: [Fact] = []) {
        self.sources = sources
        self.facts = facts
    }

    /// Log kinds of the files that were parsed (what "collected" means for three-valued conditions).
    public var collectedKinds: Set<LogKind> {
        Set(sources.lazy.filter { $0.status == .parsed }.map(\.kind))
    }
}
