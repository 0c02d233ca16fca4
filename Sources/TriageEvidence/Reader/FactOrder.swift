import TriageCore

/// The order of an evidence set's facts: `Fact.stableOrder`, equal facts kept in their order. A kernel routine
/// (it reads and moves the facts through the array's buffer): the sort orders indices and then moves the facts
/// into place by swaps, because copying a fact retains and releases every string in it, and a 1 GB log has
/// hundreds of thousands of facts.
enum FactOrder {
    static func sort(_ facts: inout [Fact]) {
        // File and line decide almost every comparison: sort by them packed into one integer (the file's
        // rank among the sorted distinct paths, then the line), and use the full order only within a line.
        var keys: [UInt64] = []
        keys.reserveCapacity(facts.count)
        facts.withUnsafeBufferPointer { all in
            var fileRank: [String: Int] = [:]
            for i in all.indices where fileRank[all[i].provenance.file] == nil { fileRank[all[i].provenance.file] = 0 }
            for (rank, file) in fileRank.keys.sorted().enumerated() { fileRank[file] = rank }
            for i in all.indices {
                keys.append(UInt64(fileRank[all[i].provenance.file]!) << 40 | UInt64(max(0, all[i].provenance.line)))
            }
        }
        var order = Array(facts.indices)
        order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        if order.count > 1 {
            facts.withUnsafeBufferPointer { all in
                var runStart = 0
                for k in 1...order.count {
                    guard k == order.count || keys[order[k]] != keys[order[runStart]] else { continue }
                    if k - runStart > 1 {
                        order[runStart..<k].sort { a, b in
                            // Kinds first, as `stableOrder` does: passing whole facts to it copies them.
                            if all[a].kind != all[b].kind { return all[a].kind < all[b].kind }
                            if Fact.stableOrder(all[a], all[b]) { return true }
                            if Fact.stableOrder(all[b], all[a]) { return false }
                            return a < b
                        }
                    }
                    runStart = k
                }
            }
        }
        // Position k takes the fact at order[k]: follow each cycle of the permutation with swaps (of the
        // buffer: they move facts, where the array's swapAt copies them).
        facts.withUnsafeMutableBufferPointer { all in
            for start in order.indices where order[start] != start {
                var k = start
                while order[k] != start {
                    let next = order[k]
                    all.swapAt(k, next)
                    order[k] = k
                    k = next
                }
                order[k] = k
            }
        }
    }
}
