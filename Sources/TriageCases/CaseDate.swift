/// A date in a case history: `YYYY-MM-DD`, optionally with a time `THH:MM` or `THH:MM:SS`.
///
/// Kept as text (the manifest's own spelling), compared by day and then by time; a date without a time
/// sorts before any time of the same day. Pure value type: no clocks, no time zones.
package struct CaseDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `YYYY-MM-DD`.
    package let day: String
    /// `HH:MM` or `HH:MM:SS`, when given.
    package let time: String?

    /// Parses `2022-10-24` or `2022-10-24T16:12` (also with a space instead of `T`). Nil when malformed.
    package init?(_ text: String) {
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

    package var description: String { time.map { "\(day)T\($0)" } ?? day }

    package static func < (a: CaseDate, b: CaseDate) -> Bool {
        a.day != b.day ? a.day < b.day : (a.time ?? "") < (b.time ?? "")
    }

    /// True when this date is not later than `cut`. A cut without a time includes the whole day.
    package func isOnOrBefore(_ cut: CaseDate) -> Bool {
        if day != cut.day { return day < cut.day }
        guard let cutTime = cut.time else { return true }
        return (time ?? "") <= cutTime
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    package func days(until later: CaseDate) -> Int { later.dayNumber - dayNumber }

    /// Days since a fixed epoch (proleptic Gregorian), for differences only.
    var dayNumber: Int {
        let f = day.split(separator: "-").compactMap { Int($0) }
        var (y, m) = (f[0], f[1])
        let d = f[2]
        if m <= 2 {
            y -= 1
            m += 12
        }
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
    }

    /// `YYYY-MM-DD` in ASCII digits, a real calendar day (no 2022-02-31, no month 13).
    private static func isDay(_ s: Substring) -> Bool {
        guard let f = asciiNumbers(s, separator: UInt8(ascii: "-"), widths: [4, 2, 2]), (1...12).contains(f[1]) else {
            return false
        }
        return (1...daysIn(month: f[1], year: f[0])).contains(f[2])
    }

    /// `HH:MM` or `HH:MM:SS` in ASCII digits, within the day.
    private static func isTime(_ s: Substring) -> Bool {
        guard
            let f = asciiNumbers(s, separator: UInt8(ascii: ":"), widths: [2, 2])
                ?? asciiNumbers(s, separator: UInt8(ascii: ":"), widths: [2, 2, 2])
        else { return false }
        return f[0] < 24 && f[1] < 60 && (f.count == 2 || f[2] < 60)
    }

    /// The numbers of fields of exactly `widths` ASCII digits joined by `separator`, judged on the bytes (a
    /// digit followed by a combining mark is not a digit), or nil.
    private static func asciiNumbers(_ s: Substring, separator: UInt8, widths: [Int]) -> [Int]? {
        let bytes = Array(s.utf8)
        guard bytes.count == widths.reduce(0, +) + widths.count - 1 else { return nil }
        var numbers: [Int] = []
        var i = 0
        for (k, width) in widths.enumerated() {
            if k > 0 {
                guard bytes[i] == separator else { return nil }
                i += 1
            }
            var value = 0
            for _ in 0..<width {
                guard (0x30...0x39).contains(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            numbers.append(value)
        }
        return numbers
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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
