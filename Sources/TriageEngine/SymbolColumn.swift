import TriageCore

/// One attribute of the facts of one kind, as symbols: each distinct value is interned once, a fact holds
/// its value's code, and a predicate is tested once per distinct value instead of once per fact.
///
/// Codes: 0 means "no such attribute", `1 + s` the value `values[s]`. Members are the positions of the
/// kind's facts (``FactStore/facts(ofKind:)``), ascending.
struct SymbolColumn {
    /// Per member: the code of its value.
    let codes: [Int32]
    /// Distinct values, in order of first appearance.
    let values: [String]
    /// Members per code, ascending: `postings[offsets[c]..<offsets[c + 1]]`.
    let offsets: [Int32]
    let postings: [Int32]

    /// Reads attributes of `members` in place by index (iterating the facts would copy each one), all in one
    /// pass: a fact's attributes are visited once for every column.
    static func read(facts: [Fact], members: [Int], attributes: [String]) -> [SymbolColumn] {
        merge([read(facts: facts, members: members[...], attributes: attributes)])
    }

    /// The symbols of `attributes` over a contiguous share of a kind's members, one interner per attribute:
    /// shares read on different threads are joined by ``merge(_:)``.
    static func read(facts: [Fact], members: ArraySlice<Int>, attributes: [String]) -> [Interner] {
        var interners = attributes.map { _ in Interner(capacity: members.count) }
        var found = [String?](repeating: nil, count: attributes.count)
        // Names are compared by length first: comparing two different strings costs more than two integers.
        let lengths = attributes.map(\.utf8.count)
        for member in members {
            // The fact's few attributes walked once and matched by name, instead of one hashed lookup per
            // column. (Each fact's dictionary is a heap object of its own: the walk's cost is mostly the
            // cache miss of reaching it, which is why shares of the members, not of the attributes, go to
            // different threads.)
            for (name, value) in facts[member].attributes {
                let length = name.utf8.count
                for k in attributes.indices where lengths[k] == length && attributes[k] == name {
                    found[k] = value
                    break
                }
            }
            for k in attributes.indices {
                interners[k].add(found[k])
                found[k] = nil
            }
        }
        return interners
    }

    /// The columns of consecutive shares of the members (``read(facts:members:attributes:)-(_,ArraySlice<Int>,_)``),
    /// joined in member order: a value keeps the code of its first appearance, so the columns equal those read
    /// in one pass.
    static func merge(_ shares: [[Interner]]) -> [SymbolColumn] {
        guard let first = shares.first else { return [] }
        return first.indices.map { k in merge(shares.map { $0[k] }) }
    }

    /// One column from the interners of its consecutive shares.
    static func merge(_ shares: [Interner]) -> SymbolColumn {
        var merged = shares[0]
        for (s, share) in shares.enumerated().dropFirst() { merged.append(share, last: s == shares.count - 1) }
        return SymbolColumn(codes: merged.codes, values: merged.values)
    }

    /// Interns the values of one column as they come.
    struct Interner {
        private(set) var codes: [Int32] = []
        private(set) var values: [String] = []
        private var symbols: [String: Int32] = [:]
        // A run of facts often repeats the previous value (the same KB, the same code): no hash for it.
        private var previous: (value: String, code: Int32)? = nil

        init(capacity: Int) { codes.reserveCapacity(capacity) }

        mutating func add(_ value: String?) {
            guard let value else {
                codes.append(0)
                return
            }
            if let previous, previous.value == value {
                codes.append(previous.code)
                return
            }
            let code = intern(value)
            previous = (value, code)
            codes.append(code)
        }

        private mutating func intern(_ value: String) -> Int32 {
            if let known = symbols[value] { return known }
            values.append(value)
            let code = Int32(values.count)
            // Mostly distinct values (a line number, an id): room for all members at once, instead of
            // growing the table by doublings, each hashing every value again.
            if values.count == 1024 && codes.count < 4096 { symbols.reserveCapacity(codes.capacity) }
            symbols[value] = code
            return code
        }

        /// The members of `next`, which follow this interner's: its values get this interner's codes
        /// (new ones in their order of first appearance in `next`).
        /// `last`: no share follows, so new values need no entry in the table (each is distinct within `next`).
        mutating func append(_ next: Interner, last: Bool) {
            var code = [Int32](repeating: 0, count: next.values.count + 1)
            for (s, value) in next.values.enumerated() {
                if !last {
                    code[s + 1] = intern(value)
                } else if let known = symbols[value] {
                    code[s + 1] = known
                } else {
                    values.append(value)
                    code[s + 1] = Int32(values.count)
                }
            }
            codes.reserveCapacity(codes.count + next.codes.count)
            for c in next.codes { codes.append(code[Int(c)]) }
            previous = nil
        }
    }

    init(codes: [Int32], values: [String]) {
        // Postings by a counting sort of the members on their codes (stable: positions stay ascending).
        var offsets = [Int32](repeating: 0, count: values.count + 2)
        for code in codes { offsets[Int(code) + 1] += 1 }
        for c in 1..<offsets.count { offsets[c] += offsets[c - 1] }
        var next = offsets
        var postings = [Int32](repeating: 0, count: codes.count)
        for (position, code) in codes.enumerated() {
            postings[Int(next[Int(code)])] = Int32(position)
            next[Int(code)] += 1
        }
        self.codes = codes
        self.values = values
        self.offsets = offsets
        self.postings = postings
    }

    /// The code of a value, nil when no member holds it.
    func code(of value: String) -> Int32? { values.firstIndex(of: value).map { Int32($0 + 1) } }

    /// This column with the value `true` for the members whose fact (`members[position]`) has `mark` set in
    /// `marks`: an attribute the analysis sets (``FactStore/marks``).
    func marking(_ members: [Int], _ marks: [UInt8], _ mark: UInt8) -> SymbolColumn {
        var codes = self.codes
        var values = self.values
        var trueCode = code(of: "true")
        var changed = false
        for (position, member) in members.enumerated() where marks[member] & mark != 0 {
            if trueCode == nil {
                values.append("true")
                trueCode = Int32(values.count)
            }
            if codes[position] != trueCode! {
                codes[position] = trueCode!
                changed = true
            }
        }
        return changed ? SymbolColumn(codes: codes, values: values) : self
    }

    /// How many members hold code `c`.
    func frequency(_ c: Int) -> Int { Int(offsets[c + 1] - offsets[c]) }

}

/// A column's numeric values, sorted: a comparison is a range of it, found by binary search.
struct NumericIndex {
    /// Each symbol as a number (``PatternMatcher/number(_:)``), NaN when it is not one.
    let numbers: [Double]
    /// Members with a numeric value, by value (then position), and their values.
    let positions: [Int32]
    let values: [Double]
    /// The members with a numeric value, as a bit set over member positions.
    let numericBits: [UInt64]

    init(_ column: SymbolColumn) {
        numbers = column.values.map { PatternMatcher.number($0) ?? .nan }
        var entries: [(value: Double, position: Int32)] = []
        for (position, code) in column.codes.enumerated() where code > 0 && !numbers[Int(code) - 1].isNaN {
            entries.append((numbers[Int(code) - 1], Int32(position)))
        }
        entries.sort { $0.value != $1.value ? $0.value < $1.value : $0.position < $1.position }
        positions = entries.map(\.position)
        values = entries.map(\.value)
        var bits = [UInt64](repeating: 0, count: column.codes.count / 64 + 1)
        for position in positions { bits[Int(position) >> 6] |= 1 << UInt64(position & 63) }
        numericBits = bits
    }

    /// The positions in ``positions`` whose value passes the comparison.
    func range(_ comparison: AttributePredicate.Comparison, _ bound: Double) -> Range<Int> {
        func partition(strict: Bool) -> Int {  // first index whose value is ≥ bound (strict: > bound)
            var low = 0
            var high = values.count
            while low < high {
                let mid = (low + high) / 2
                if strict ? values[mid] <= bound : values[mid] < bound { low = mid + 1 } else { high = mid }
            }
            return low
        }
        switch comparison {
        case .lessThan: return 0..<partition(strict: false)
        case .atMost: return 0..<partition(strict: true)
        case .greaterThan: return partition(strict: true)..<values.count
        case .atLeast: return partition(strict: false)..<values.count
        }
    }
}

/// A predicate evaluated over a column: whether each code passes (string tests, once per distinct value) or
/// the range of the column's sorted numbers that passes (comparisons), and how many members pass.
struct PredicateTable {
    let passes: [Bool]
    let count: Int
    /// For a comparison: the passing range of the numeric index.
    let range: Range<Int>?
    let numeric: NumericIndex?
    let test: AttributePredicate.Test

    init(column: SymbolColumn, test: AttributePredicate.Test, numeric: () -> NumericIndex) {
        self.test = test
        if case .compare(let comparison, let bound) = test {
            let index = numeric()
            let range = index.range(comparison, bound)
            (passes, count, self.range, self.numeric) = ([], range.count, range, index)
            return
        }
        var passes = [Bool](repeating: false, count: column.values.count + 1)
        passes[0] = PatternMatcher.passes(value: nil, test)
        for (s, value) in column.values.enumerated() { passes[s + 1] = PatternMatcher.passes(value: value, test) }
        var count = 0
        for c in passes.indices where passes[c] { count += column.frequency(c) }
        (self.passes, self.count, range, self.numeric) = (passes, count, nil, nil)
    }

    /// Whether a member holding `code` passes.
    func passes(code: Int32) -> Bool {
        guard let numeric, case .compare(let comparison, let bound) = test else { return passes[Int(code)] }
        guard code > 0 else { return false }
        let number = numeric.numbers[Int(code) - 1]
        guard !number.isNaN else { return false }
        switch comparison {
        case .lessThan: return number < bound
        case .atMost: return number <= bound
        case .greaterThan: return number > bound
        case .atLeast: return number >= bound
        }
    }

    /// The members that pass, as a bit set over member positions.
    func bits(_ column: SymbolColumn) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: column.codes.count / 64 + 1)
        if let range, let numeric {
            if range.count > numeric.positions.count / 2 {
                // Most numeric members pass (a range is a prefix or a suffix): all of them, less the others.
                bits = numeric.numericBits
                for position in numeric.positions[..<range.lowerBound] {
                    bits[Int(position) >> 6] &= ~(1 << UInt64(position & 63))
                }
                for position in numeric.positions[range.upperBound...] {
                    bits[Int(position) >> 6] &= ~(1 << UInt64(position & 63))
                }
                return bits
            }
            for position in numeric.positions[range] { bits[Int(position) >> 6] |= 1 << UInt64(position & 63) }
            return bits
        }
        let codes = column.codes
        for position in codes.indices where passes[Int(codes[position])] {
            bits[position >> 6] |= 1 << UInt64(position & 63)
        }
        return bits
    }

    /// The members that pass, ascending (for a table that few members pass).
    func positions(_ column: SymbolColumn) -> [Int32] {
        if let range, let numeric { return numeric.positions[range].sorted() }
        var positions: [Int32] = []
        positions.reserveCapacity(count)
        var runs = 0
        for c in passes.indices where passes[c] && column.frequency(c) > 0 {
            positions += column.postings[Int(column.offsets[c])..<Int(column.offsets[c + 1])]
            runs += 1
        }
        if runs > 1 { positions.sort() }
        return positions
    }
}
