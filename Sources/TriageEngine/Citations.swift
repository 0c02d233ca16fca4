/// The facts a condition cites (evaluator indices), kept as the ascending index lists its leaves matched:
/// the lists are shared with the fact store's caches, never copied or concatenated, so a rule that cites a
/// quarter of a million facts costs no allocation until its citations are ordered for display. A fact may
/// appear in more than one list.
struct Citations: Sequence {
    /// Ascending, none empty.
    private(set) var lists: [FactSet] = []

    init() {}

    /// `list` must be ascending.
    init(_ list: [Int]) { self.init(FactSet(list)) }

    init(_ set: FactSet) {
        if !set.isEmpty { lists = [set] }
    }

    var isEmpty: Bool { lists.isEmpty }

    mutating func append(_ other: Citations) { lists += other.lists }

    func makeIterator() -> FlattenSequence<[FactSet]>.Iterator { lists.joined().makeIterator() }

    /// One past the largest index (0 when empty).
    var bound: Int { lists.reduce(0) { Swift.max($0, ($1.last ?? -1) + 1) } }

    /// All cited indices, ascending, each once.
    func sortedUnique() -> [Int] {
        if lists.count <= 1 { return lists.first.map(Array.init) ?? [] }
        var marked = [UInt64](repeating: 0, count: bound / 64 + 1)
        for list in lists {
            for index in list { marked[index >> 6] |= 1 << UInt64(index & 63) }
        }
        var result: [Int] = []
        for (word, bits) in marked.enumerated() where bits != 0 {
            var rest = bits
            while rest != 0 {
                result.append(word << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }
}
