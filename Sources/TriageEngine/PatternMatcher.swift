import TriageCore

/// Attribute predicates. String tests ignore ASCII case (the catalog writes `0x800F0821`, facts carry
/// `0x800f0821`; `KB5016623` and `kb5016623` are the same update). Numeric tests accept decimal and `0x` hex.
enum PatternMatcher {
    static func matches(_ fact: Fact, _ predicates: [AttributePredicate]) -> Bool {
        predicates.allSatisfy { passes(fact, $0) }
    }

    static func passes(_ fact: Fact, _ predicate: AttributePredicate) -> Bool {
        let value = fact.attributes[predicate.name]
        switch predicate.test {
        case .exists(let expected):
            return (value != nil) == expected
        case .equals(let expected):
            guard let value else { return false }
            return fold(value) == fold(expected)
        case .oneOf(let options):
            guard let value else { return false }
            let folded = fold(value)
            return options.contains { fold($0) == folded }
        case .prefix(let prefix):
            guard let value else { return false }
            return fold(value).hasPrefix(fold(prefix))
        case .contains(let part):
            guard let value else { return false }
            return fold(value).contains(fold(part))
        case .compare(let comparison, let bound):
            guard let value, let number = number(value) else { return false }
            switch comparison {
            case .lessThan: return number < bound
            case .atMost: return number <= bound
            case .greaterThan: return number > bound
            case .atLeast: return number >= bound
            }
        }
    }

    /// ASCII lower-casing; other characters unchanged.
    static func fold(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
            return UInt64(trimmed.dropFirst(2), radix: 16).map { Double($0) }
        }
        return Double(trimmed)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
