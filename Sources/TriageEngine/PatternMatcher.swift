import TriageCore

/// Attribute predicates. String tests ignore ASCII case (the catalog writes `0x800F0821`, facts carry
/// `0x800f0821`; `KB5016623` and `kb5016623` are the same update). Numeric tests accept decimal and `0x` hex.
/// Comparisons run on UTF-8 bytes without allocating.
enum PatternMatcher {
    static func matches(_ fact: Fact, _ predicates: [AttributePredicate]) -> Bool {
        for predicate in predicates where !passes(fact, predicate) { return false }
        return true
    }

    static func passes(_ fact: Fact, _ predicate: AttributePredicate) -> Bool {
        passes(value: fact.attributes[predicate.name], predicate.test)
    }

    /// The test on an attribute's value (nil: the fact has no such attribute).
    static func passes(value: String?, _ test: AttributePredicate.Test) -> Bool {
        switch test {
        case .exists(let expected):
            return (value != nil) == expected
        case .equals(let expected):
            guard let value else { return false }
            return equalsIgnoringCase(value, expected)
        case .oneOf(let options):
            guard let value else { return false }
            return options.contains { equalsIgnoringCase(value, $0) }
        case .prefix(let prefix):
            guard let value else { return false }
            return startsIgnoringCase(value.utf8, prefix.utf8)
        case .contains(let part):
            guard let value else { return false }
            return containsIgnoringCase(value, part)
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

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.count == y.count else { return false }
        return startsIgnoringCase(x, y)
    }

    static func startsIgnoringCase(_ text: String.UTF8View, _ prefix: String.UTF8View) -> Bool {
        var i = text.makeIterator()
        for p in prefix {
            guard let t = i.next(), lower(t) == lower(p) else { return false }
        }
        return true
    }

    static func containsIgnoringCase(_ text: String, _ part: String) -> Bool {
        let needle = Array(part.utf8).map(lower)
        guard !needle.isEmpty else { return true }
        let hay = Array(text.utf8)
        guard hay.count >= needle.count else { return false }
        outer: for start in 0...(hay.count - needle.count) {
            for k in 0..<needle.count where lower(hay[start + k]) != needle[k] { continue outer }
            return true
        }
        return false
    }

    /// ASCII lower-casing; other characters unchanged.
    static func fold(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// Decimal (with sign and fraction) or `0x` hex, surrounding spaces allowed.
    static func number(_ text: String) -> Double? {
        var bytes = Substring(text).utf8[...]
        while bytes.first == 0x20 { bytes = bytes.dropFirst() }
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes.first == 0x30, let x = bytes.dropFirst().first, x == 0x78 || x == 0x58 {
            var value: UInt64 = 0
            var digits = 0
            for b in bytes.dropFirst(2) {
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                case 0x61...0x66: d = b - 0x61 + 10
                default: return nil
                }
                digits += 1
                guard digits <= 16 else { return nil }
                value = value << 4 | UInt64(d)
            }
            return Double(value)
        }
        return Double(Substring(bytes))
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
