/// Numbers strings by first appearance (0, 1, 2, …). The facts of a bundle alternate among a few kinds and
/// files, so the few most recently numbered strings are compared before the dictionary is hashed: a million
/// facts of four kinds in two files cost no hash at all.
struct FirstSeenNumbering {
    /// The strings, by number.
    private(set) var names: [String] = []
    private var numbers: [String: Int32] = [:]
    /// Numbers of the strings seen last, most recent first (at most ``recentLimit``).
    private var recent: [Int32] = []
    private static let recentLimit = 4

    mutating func number(_ name: String) -> Int32 {
        for k in recent.indices where names[Int(recent[k])] == name {
            if k > 0 { recent.swapAt(k, 0) }
            return recent[0]
        }
        let number: Int32
        if let known = numbers[name] {
            number = known
        } else {
            number = Int32(names.count)
            names.append(name)
            numbers[name] = number
        }
        if recent.count == Self.recentLimit { recent.removeLast() }
        recent.insert(number, at: 0)
        return number
    }
}
