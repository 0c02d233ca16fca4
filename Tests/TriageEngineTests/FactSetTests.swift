import Testing
import TriageCore

@testable import TriageEngine

/// Large answers are kept as bit sets over a kind's members, columns of many facts are read on several
/// threads and merged: each must give exactly what the plain form gives.
@Suite struct FactSetTests {
    /// Members of a kind: every third fact from 5.
    static let members = Array(stride(from: 5, to: 30_000, by: 3))

    static func bits(_ positions: [Int]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: members.count / 64 + 1)
        for p in positions { words[p >> 6] |= 1 << UInt64(p & 63) }
        return words
    }

    @Test func bitSetsHoldTheMembersOfTheirBits() {
        let positions = Array(stride(from: 7, to: Self.members.count, by: 2))
        let set = FactSet(bits: Self.bits(positions), of: Self.members, count: positions.count)
        let indices = positions.map { Self.members[$0] }
        #expect(Array(set) == indices)
        #expect(set.count == indices.count && set.last == indices.last && !set.isEmpty)
        // Membership: a member whose bit is set; not its neighbour, not a fact of another kind at that position.
        let position = positions[100]
        #expect(set.contains(Self.members[position], position: position))
        #expect(!set.contains(Self.members[position + 1], position: position + 1))
        #expect(!set.contains(Self.members[position] + 1, position: position))
        let list = FactSet(indices)
        #expect(list.contains(indices[50], position: -1) && !list.contains(indices[50] + 1, position: -1))
        #expect(FactSet.empty.last == nil && Array(FactSet.empty).isEmpty)
    }

    @Test func unionOfBitSetsOverOneKind() {
        let a = Array(stride(from: 0, to: Self.members.count, by: 5))
        let b = Array(stride(from: 0, to: Self.members.count, by: 7))
        let setA = FactSet(bits: Self.bits(a), of: Self.members, count: a.count)
        let setB = FactSet(bits: Self.bits(b), of: Self.members, count: b.count)
        let union = FactSet.union([setA, setB])
        let expected = Set(a + b).sorted().map { Self.members[$0] }
        #expect(union.map(Array.init) == expected)
        #expect(union?.count == expected.count)
        // Not over the same members, or not all bit sets: no union.
        let other = Array(Self.members.dropFirst())
        #expect(FactSet.union([setA, FactSet(bits: Self.bits(b), of: other, count: b.count)]) == nil)
        #expect(FactSet.union([setA, FactSet([5, 8])]) == nil)
    }

    /// Rules naming the attributes of ``IndexedMatchingTests/many``, so the store reads their columns.
    static let knowledge: KnowledgeBase = {
        let rule = Fx.rule(
            "r/1",
            Fx.all(
                Fx.has("error-code", ["code": "0x800F0821", "kb": "KB5016623", "line-number": "3", "context": "x"]),
                Fx.has("install-attempt", ["result": "failed"]), Fx.has("rollback", ["phase": "startup"])))
        return Fx.kb(hypotheses: [], rules: [rule])
    }()

    @Test func columnsReadOnTwoThreadsEqualOneThread() {
        let facts = IndexedMatchingTests.many
        let one = FactStore(evidence: Fx.evidence(facts), knowledge: Self.knowledge)
        // Every kind in shares (from 8 facts), on two threads and on three.
        for workers in [2, 3] {
            let several = FactStore(
                evidence: Fx.evidence(facts), knowledge: Self.knowledge, workers: workers, parallelFrom: 32)
            for (kind, attributes) in FactStore.namedAttributes(Self.knowledge.rules) {
                for attribute in attributes + ["harmless", "recovered", "repeats"] {
                    let a = one.symbols(kind: kind, attribute: attribute)
                    let b = several.symbols(kind: kind, attribute: attribute)
                    #expect(a.codes == b.codes && a.values == b.values, "\(kind) \(attribute)")
                    #expect(a.offsets == b.offsets && a.postings == b.postings)
                }
            }
            #expect(several.marks == one.marks)
        }
    }

    @Test func sharesMergeToTheColumnOfOnePass() {
        let facts = IndexedMatchingTests.many
        let members = Array(facts.indices)
        let attributes = ["code", "kb", "line-number", "phase"]
        let whole = SymbolColumn.read(facts: facts, members: members, attributes: attributes)
        for cuts in [[0, 5000, 12_000], [0, 1, 2, 7000, 12_000], [0, 12_000, 12_000]] {
            let shares = zip(cuts, cuts.dropFirst()).map {
                SymbolColumn.read(facts: facts, members: members[$0..<$1], attributes: attributes)
            }
            let merged = SymbolColumn.merge(shares)
            for k in attributes.indices {
                #expect(merged[k].codes == whole[k].codes && merged[k].values == whole[k].values, "\(cuts)")
            }
        }
    }

    @Test func citationsOfLargeAnswersInLogOrder() {
        let facts = IndexedMatchingTests.many
        let store = FactStore(evidence: Fx.evidence(facts), knowledge: Self.knowledge)
        let evaluator = Evaluator(store: store, observations: [:])
        let codes = store.matches(Fx.pattern("error-code"))
        let failed = store.matches(
            FactPattern(
                kind: "error-code", sources: [],
                predicates: [AttributePredicate(name: "code", test: .prefix("0x8"), location: Fx.here)],
                location: Fx.here))
        let attempts = store.matches(Fx.pattern("install-attempt"))
        // One answer, two over one kind (a union), two over two kinds (the general path).
        for lists in [[failed], [failed, codes], [codes, attempts]] {
            var citations = Citations()
            for list in lists { citations.append(Citations(list)) }
            let all = Set(lists.flatMap { Array($0) }).sorted { store.ranks[$0] < store.ranks[$1] }
            for limit in [1, 200, 100_000] {
                let sorted = evaluator.sortedCitations(citations, limit: limit)
                #expect(sorted.first == Array(all.prefix(limit)) && sorted.count == all.count)
            }
        }
        #expect(failed.count > 4096 && FactSet.prefersBits(count: failed.count, members: codes.count))
    }
}
