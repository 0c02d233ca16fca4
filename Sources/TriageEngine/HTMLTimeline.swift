import TriageCore

/// The install timeline of the HTML report: every attempt of every update on one UTC axis. Event-log times
/// are UTC; text-log times are local, converted with the machine's UTC offset when the bundle shows it (the
/// same attempt in an event log and in a text log), else placed as they are and marked "offset unknown".
public struct HTMLTimeline: Sendable {
    public struct Entry: Sendable, Hashable {
        public var kb: String
        public var attempt: InstallAttempt
        /// Seconds since 1970 on the UTC axis (nil: no time).
        public var utc: Int?
        /// `2022-11-01 01:09:47 UTC`.
        public var utcText: String?
        /// The local time when a local log records the attempt (`2022-11-01 09:09:47 local`): its own time,
        /// or for an event-log attempt also in a local log, the UTC time by the offset.
        public var localText: String?
    }

    /// Local minus UTC in seconds, when the bundle shows it.
    public var offset: Int?
    /// Sorted by UTC time (attempts without a time last), then KB, then file and line.
    public var entries: [Entry]

    public init(_ installs: [InstallSummary]) {
        let offset = Self.offset(installs)
        self.offset = offset
        var entries: [Entry] = []
        for summary in installs {
            for attempt in summary.attempts {
                var entry = Entry(kb: summary.kb, attempt: attempt)
                if let started = attempt.started, let seconds = Self.seconds(started) {
                    if attempt.isUTC {
                        entry.utc = seconds
                        // Also recorded by a local log: its local time, by the offset.
                        if let offset, attempt.alsoIn.contains(where: { !Self.isUTCLog($0) }) {
                            entry.localText = Self.text(seconds + offset) + " local"
                        }
                    } else {
                        entry.utc = seconds - (offset ?? 0)
                        entry.localText = Self.text(seconds) + " local"
                    }
                    entry.utcText =
                        Self.text(entry.utc!) + (attempt.isUTC || offset != nil ? " UTC" : " (UTC offset unknown)")
                }
                entries.append(entry)
            }
        }
        entries.sort { a, b in
            switch (a.utc, b.utc) {
            case (let x?, let y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default:
                if a.kb != b.kb { return a.kb < b.kb }
                return Fact.stableOrder(a.attempt.fact, b.attempt.fact)
            }
        }
        self.entries = entries
    }

    /// The most frequent difference, rounded to a quarter hour, between a UTC attempt and the same attempt
    /// in a local log (both ends compared: `ended` when both have it, else `started`).
    static func offset(_ installs: [InstallSummary]) -> Int? {
        var counts: [Int: Int] = [:]
        for attempt in installs.flatMap(\.attempts) where attempt.isUTC {
            for other in attempt.alsoIn where !isUTCLog(other) {
                let pair: (String?, String?) =
                    attempt.fact["ended"] != nil && other["ended"] != nil
                    ? (attempt.fact["ended"], other["ended"]) : (attempt.fact["started"], other["started"])
                guard let u = pair.0.flatMap(seconds), let l = pair.1.flatMap(seconds) else { continue }
                let quarter = Int((Double(l - u) / 900).rounded()) * 900
                if abs(quarter) <= 14 * 3600 { counts[quarter, default: 0] += 1 }
            }
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// Event logs (`.evtx` and their text exports) write UTC; the text logs local time.
    static func isUTCLog(_ fact: Fact) -> Bool {
        fact["log"] == LogKind.evtx.rawValue || fact["log"] == LogKind.eventsText.rawValue
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS]` (fractions and zone letters ignored) as seconds since 1970.
    static func seconds(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= digits.count else { return nil }
            var value = 0
            for byte in digits[at..<(at + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let hour = number(11, 2) ?? 0
        let minute = number(14, 2) ?? 0
        let second = number(17, 2) ?? 0
        guard hour < 24, minute < 60, second < 61 else { return nil }
        return CivilCalendar.days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
    }

    /// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS`.
    static func text(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let date = CivilCalendar.date(days: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(date.year)-\(two(date.month))-\(two(date.day)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }
}
