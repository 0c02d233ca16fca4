/// The facts a pattern matches: evaluator indices, ascending, each once.
///
/// Kept as an index list when the answer is small, and as a bit set over the positions of the kind's facts
/// when it is large: an answer of 250,000 facts is 2 MB as an `[Int]` and 1 bit per fact of the kind as a
/// bit set (125 KB for a million facts). A dense answer is cached for the whole evaluation, so the bytes of
/// fresh memory it takes (page faults, zeroing) were a third of the evaluation of 1,000 rules × 1,000,000
/// facts. Iteration yields indices in ascending order in both forms.
struct FactSet: Sequence {
    private enum Storage {
        /// Ascending indices (shared with the store's arrays, never copied).
        case list([Int])
        /// Bit `p` of `words` set: `members[p]` is in the set. `members` ascending.
        case bits(words: [UInt64], members: [Int])
    }

    private let storage: Storage
    /// How many indices the set holds.
    let count: Int

    /// `indices` must be ascending, each once.
    init(_ indices: [Int]) {
        storage = .list(indices)
        count = indices.count
    }

    /// The members whose position's bit is set; `count` is the number of set bits.
    init(bits words: [UInt64], of members: [Int], count: Int) {
        storage = .bits(words: words, members: members)
        self.count = count
    }

    static let empty = FactSet([])

    var isEmpty: Bool { count == 0 }

    /// The largest index, nil when empty.
    var last: Int? {
        switch storage {
        case .list(let indices): return indices.last
        case .bits(let words, let members):
            guard let word = words.lastIndex(where: { $0 != 0 }) else { return nil }
            return members[word << 6 | (63 - words[word].leadingZeroBitCount)]
        }
    }

    /// Whether the set holds fact `index`, whose position among the facts of its kind is `position`
    /// (``FactStore/kindPositions``): one bit test in the bit-set form, a binary search in the list form.
    func contains(_ index: Int, position: Int) -> Bool {
        switch storage {
        case .list(let indices):
            var low = 0
            var high = indices.count
            while low < high {
                let mid = (low + high) / 2
                if indices[mid] < index { low = mid + 1 } else { high = mid }
            }
            return low < indices.count && indices[low] == index
        case .bits(let words, let members):
            guard position >= 0, position < members.count, members[position] == index else { return false }
            return words[position >> 6] & (1 << UInt64(position & 63)) != 0
        }
    }

    /// The union of sets held as bit sets over the same members (facts of one kind), nil when any is not.
    static func union(_ sets: [FactSet]) -> FactSet? {
        guard let first = sets.first, case .bits(var words, let members) = first.storage else { return nil }
        for set in sets.dropFirst() {
            // Arrays sharing one buffer compare equal at once: the members of one kind are one array.
            guard case .bits(let other, let otherMembers) = set.storage, other.count == words.count,
                otherMembers == members
            else { return nil }
            for w in words.indices { words[w] |= other[w] }
        }
        var count = 0
        for word in words { count += word.nonzeroBitCount }
        return FactSet(bits: words, of: members, count: count)
    }

    /// Whether the bit-set form pays: it takes one bit per member, the list one `Int` per fact.
    static func prefersBits(count: Int, members: Int) -> Bool { count >= 1024 && count * 64 > members }

    func makeIterator() -> Iterator {
        switch storage {
        case .list(let indices): return Iterator(list: indices)
        case .bits(let words, let members): return Iterator(words: words, members: members)
        }
    }

    struct Iterator: IteratorProtocol {
        private let list: [Int]
        private let words: [UInt64]
        private let members: [Int]
        private var position = 0
        private var current: UInt64 = 0
        private let isBits: Bool

        fileprivate init(list: [Int]) {
            self.list = list
            words = []
            members = []
            isBits = false
        }

        fileprivate init(words: [UInt64], members: [Int]) {
            list = []
            self.words = words
            self.members = members
            isBits = true
            current = words.first ?? 0
        }

        mutating func next() -> Int? {
            guard isBits else {
                guard position < list.count else { return nil }
                defer { position += 1 }
                return list[position]
            }
            while current == 0 {
                position += 1
                guard position < words.count else { return nil }
                current = words[position]
            }
            let bit = current.trailingZeroBitCount
            current &= current - 1
            return members[position << 6 | bit]
        }
    }
}
