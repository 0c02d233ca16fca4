/// A date in a case history: `YYYY-MM-DD`, optionally with a time `THH:MM` or `THH:MM:SS`.
///
/// Kept as text (the manifest's own spelling), compared by day and then by time; a date without a time
/// sorts before any time of the same day. Pure value type: no clocks, no time zones.
public struct CaseDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `YYYY-MM-DD`.
    public let day: String
    /// `HH:MM` or `HH:MM:SS`, when given.
    public let time: String?

    /// Parses `2022-10-24` or `2022-10-24T16:12` (also with a space instead of `T`). Nil when malformed.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: " ")
        let parts = trimmed.split(maxSplits: 1, omittingEmptySubsequences: true) { $0 == "T" || $0 == " " }
        guard let first = parts.first, Self.isDay(first) else { return nil }
        day = String(first)
        if parts.count == 2 {
            guard Self.isTime(parts[1]) else { return nil }
            time = String(parts[1])
        } else {
            time = nil
        }
    }

    public var description: String { time.map { "\(day)T\($0)" } ?? day }

    public static func < (a: CaseDate, b: CaseDate) -> Bool {
        a.day != b.day ? a.day < b.day : (a.time ?? "") < (b.time ?? "")
    }

    /// True when this date is not later than `cut`. A cut without a time includes the whole day.
    public func isOnOrBefore(_ cut: CaseDate) -> Bool {
        if day != cut.day { return day < cut.day }
        guard let cutTime = cut.time else { return true }
        return (time ?? "") <= cutTime
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    public func days(until later: CaseDate) -> Int { later.dayNumber - dayNumber }

    /// Days since a fixed epoch (proleptic Gregorian), for differences only.
    var dayNumber: Int {
        let f = day.split(separator: "-").compactMap { Int($0) }
        var (y, m) = (f[0], f[1])
        let d = f[2]
        if m <= 2 { y -= 1; m += 12 }
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
    }

    private static func isDay(_ s: Substring) -> Bool {
        let f = s.split(separator: "-", omittingEmptySubsequences: false)
        guard f.count == 3, f[0].count == 4, f[1].count == 2, f[2].count == 2,
              f.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let m = Int(f[1]), let d = Int(f[2]), (1...12).contains(m), (1...31).contains(d) else { return false }
        return true
    }

    private static func isTime(_ s: Substring) -> Bool {
        let f = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(f.count), f.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let h = Int(f[0]), let m = Int(f[1]), h < 24, m < 60 else { return false }
        return f.count == 2 || Int(f[2])! < 60
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
