/// A fact's attributes, name → value: a handful to a dozen, held as one array of pairs sorted by name.
///
/// A fact is made once and read a few times (by the engine's columns, the summaries, the writers), and there
/// are up to hundreds of thousands of them: against a `[String: String]`, building one hashes nothing and
/// allocates one buffer, finding a name compares a few short strings (most fit in a `String` without a heap
/// buffer, so comparing is comparing two words), and iterating goes in name order, the same in every run.
public struct FactAttributes: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral,
    CustomStringConvertible
{
    public typealias Element = (key: String, value: String)

    @usableFromInline
    struct Pair: Sendable, Hashable {
        @usableFromInline var key: String
        @usableFromInline var value: String

        @inlinable init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Sorted by key, keys distinct.
    @usableFromInline var pairs: [Pair]

    public init() { pairs = [] }

    /// From pairs in any order (the order they were found in); a name given twice keeps its last value, as
    /// assigning into a dictionary would. Inlined, so that it is specialised where facts are built; each pair is
    /// inserted at its place (a builder adds a few names, most often in the same order, so this is about two
    /// comparisons a pair).
    @inlinable
    public init<S: Sequence>(pairs given: S) where S.Element == (String, String) {
        var pairs: [Pair] = []
        pairs.reserveCapacity(given.underestimatedCount)
        for (key, value) in given {
            var index = pairs.count
            while index > 0, key < pairs[index - 1].key { index -= 1 }
            if index > 0, pairs[index - 1].key == key {
                pairs[index - 1].value = value
                continue
            }
            if index == pairs.count {
                pairs.append(Pair(key, value))
            } else {
                pairs.insert(Pair(key, value), at: index)
            }
        }
        self.pairs = pairs
    }

    public init(_ dictionary: [String: String]) {
        pairs = dictionary.map { Pair($0.key, $0.value) }
        pairs.sort { $0.key < $1.key }
    }

    /// As a dictionary literal (a name given twice keeps its last value).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(pairs: elements)
    }

    @inlinable
    public subscript(name: String) -> String? {
        get {
            for pair in pairs where pair.key == name { return pair.value }
            return nil
        }
        set {
            if let index = pairs.firstIndex(where: { $0.key == name }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.insert(Pair(name, newValue), at: pairs.firstIndex { $0.key > name } ?? pairs.count)
            }
        }
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    /// The names, sorted.
    public var keys: [String] { pairs.map(\.key) }
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: pairs.lazy.map { ($0.key, $0.value) })
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: IndexingIterator<[Pair]>

        @inlinable init(base: IndexingIterator<[Pair]>) { self.base = base }

        @inlinable public mutating func next() -> Element? { base.next().map { ($0.key, $0.value) } }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(base: pairs.makeIterator()) }

    public var underestimatedCount: Int { pairs.count }

    /// `name=value` pairs in name order, as `[name: value]`.
    public var description: String {
        if pairs.isEmpty { return "[:]" }
        return "["
            + pairs.map { "\(String(reflecting: $0.key)): \(String(reflecting: $0.value))" }.joined(separator: ", ")
            + "]"
    }
}

extension FactAttributes: Codable {
    /// Encoded as a JSON object, as a dictionary would be.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }
}
