import TriageCore

/// Where the timestamp, level and component sit on a line of each log layout, read by position.
/// Used for signature level/component filters, signature fact times and a file's time span.
enum LineLayout: Sendable {
    /// CBS, DISM, Panther setupact/setuperr: `YYYY-MM-DD HH:MM:SS, Level(22 wide)Component(7 wide)text`.
    case panther
    /// WindowsUpdate.log in any of its three layouts (told apart per line).
    case windowsUpdate
    /// `{GUID}<TAB>YYYY-MM-DD HH:MM:SS:mmm+zzzz<TAB>…`
    case reportingEvents
    /// `<![LOG[text]LOG]!><time="HH:MM:SS.mmm+bias" date="MM-DD-YYYY" component="…" … type="1|2|3" …>`
    case cmtrace
    /// wevtutil text: the time is on its own `  Date: 2023-05-22T08:05:28.871Z` line.
    case eventsText
    case none

    /// The layout its ``LogFormat`` declares (`.none` for an unregistered kind).
    init(kind: LogKind) {
        self = LogFormats.format(for: kind)?.layout ?? .none
    }

    static let pantherStart = BytePattern("####-##-## ##:##:##, ")
    static let wuModern = BytePattern("####/##/## ##:##:##.")
    static let wuDashed = BytePattern("####-##-## ##:##:##.")
    static let wuLegacy = BytePattern("####-##-##\t##:##:##:###\t")
    static let reportingStart = BytePattern("{%%%%%%%%-%%%%-%%%%-%%%%-%%%%%%%%%%%%}\t####-##-## ##:##:##:")
    static let eventsDate = BytePattern("  Date: ####-##-##T##:##:##")

    /// Timestamp as written (byte range) and packed as the integer YYYYMMDDhhmmss, or nil.
    @inline(__always)
    func timestamp(_ p: LineBytes) -> (range: Range<Int>, packed: UInt64)? {
        switch self {
        case .panther:
            guard Self.pantherStart.matches(p) else { return nil }
            return (0..<19, Self.pack(p, year: 0, month: 5, day: 8, hour: 11, minute: 14, second: 17))
        case .windowsUpdate:
            if Self.wuModern.matches(p) || Self.wuDashed.matches(p) {
                var end = 20
                while end < p.count, ASCII.isDigit(p[end]) { end += 1 }
                return (0..<end, Self.pack(p, year: 0, month: 5, day: 8, hour: 11, minute: 14, second: 17))
            }
            if Self.wuLegacy.matches(p) {
                return (0..<23, Self.pack(p, year: 0, month: 5, day: 8, hour: 11, minute: 14, second: 17))
            }
            return nil
        case .reportingEvents:
            guard Self.reportingStart.matches(p) else { return nil }
            var end = 62
            while end < p.count, p[end] != 0x09 { end += 1 }
            return (39..<end, Self.pack(p, year: 39, month: 44, day: 47, hour: 50, minute: 53, second: 56))
        case .eventsText:
            guard Self.eventsDate.matches(p) else { return nil }
            var end = 27
            while end < p.count, !ASCII.isSpace(p[end]) { end += 1 }
            return (8..<end, Self.pack(p, year: 8, month: 13, day: 16, hour: 19, minute: 22, second: 25))
        case .cmtrace:
            return Self.cmtraceTimestamp(p)
        case .none:
            return nil
        }
    }

    /// Byte range of the level word (`Info`, `Error`, `Warning`), when the layout has one.
    func level(_ p: LineBytes) -> Range<Int>? {
        switch self {
        case .panther:
            guard Self.pantherStart.matches(p) else { return nil }
            return Self.word(p, from: 21)
        case .cmtrace:
            guard let at = p.firstIndex(of: " type=\""), at + 8 < p.count else { return nil }
            // Mapped to a level name by the matcher (1 Info, 2 Warning, 3 Error).
            return (at + 7)..<(at + 8)
        default:
            return nil
        }
    }

    /// Byte range of the component / source column, when the layout has one (may be empty: Panther lines
    /// with a blank component).
    func component(_ p: LineBytes) -> Range<Int>? {
        switch self {
        case .panther:
            guard Self.pantherStart.matches(p) else { return nil }
            // The level is padded to column 43 in a log as written; in an excerpt pasted through a mail, runs
            // of spaces are often collapsed to one, and the component is the word after the level.
            var afterLevel = Self.word(p, from: 21)?.upperBound ?? p.count
            while afterLevel < p.count, ASCII.isSpace(p[afterLevel]) { afterLevel += 1 }
            if afterLevel < 43, let word = Self.word(p, from: afterLevel) {
                let isComponent = word.count <= 12 && word.allSatisfy { ASCII.isUpper(p[$0]) || ASCII.isDigit(p[$0]) }
                return isComponent ? word : afterLevel..<afterLevel
            }
            guard p.count > 43 else { return p.count..<p.count }
            guard !ASCII.isSpace(p[43]) else { return 43..<43 }
            return Self.word(p, from: 43)
        case .windowsUpdate:
            if Self.wuModern.matches(p) || Self.wuDashed.matches(p) {
                var i = 20
                while i < p.count, ASCII.isDigit(p[i]) { i += 1 }
                for _ in 0..<2 {  // PID, TID
                    while i < p.count, ASCII.isSpace(p[i]) { i += 1 }
                    while i < p.count, !ASCII.isSpace(p[i]) { i += 1 }
                }
                while i < p.count, ASCII.isSpace(p[i]) { i += 1 }
                return Self.word(p, from: i)
            }
            if Self.wuLegacy.matches(p) {
                var field = 0
                var i = 0
                while i < p.count, field < 4 {
                    if p[i] == 0x09 { field += 1 }
                    i += 1
                }
                var end = i
                while end < p.count, p[end] != 0x09 { end += 1 }
                return i..<end
            }
            return nil
        case .cmtrace:
            guard let at = p.firstIndex(of: " component=\"") else { return nil }
            var end = at + 12
            while end < p.count, p[end] != 0x22 { end += 1 }
            return (at + 12)..<end
        default:
            return nil
        }
    }

    @inline(__always)
    private static func word(_ p: LineBytes, from: Int) -> Range<Int>? {
        guard from < p.count else { return nil }
        var end = from
        while end < p.count, !ASCII.isSpace(p[end]) { end += 1 }
        return from..<end
    }

    @inline(__always)
    /// Whether a packed `YYYYMMDDhhmmss` is a possible time (no month 13, no hour 25).
    static func isPossible(_ packed: UInt64) -> Bool {
        let second = packed % 100
        let minute = packed / 100 % 100
        let hour = packed / 10_000 % 100
        let day = packed / 1_000_000 % 100
        let month = packed / 100_000_000 % 100
        return (1...12).contains(month) && (1...31).contains(day) && hour < 24 && minute < 60 && second <= 60
    }

    private static func pack(
        _ p: LineBytes, year: Int, month: Int, day: Int, hour: Int,
        minute: Int, second: Int
    ) -> UInt64 {
        var v = ASCII.number(p, year, 4)
        v = v &* 100 &+ ASCII.number(p, month, 2)
        v = v &* 100 &+ ASCII.number(p, day, 2)
        v = v &* 100 &+ ASCII.number(p, hour, 2)
        v = v &* 100 &+ ASCII.number(p, minute, 2)
        return v &* 100 &+ ASCII.number(p, second, 2)
    }

    private static let cmTime = BytePattern("<time=\"##:##:##")
    private static let cmDate = BytePattern(" date=\"##-##-####\"")

    private static func cmtraceTimestamp(_ p: LineBytes) -> (range: Range<Int>, packed: UInt64)? {
        guard let t = p.firstIndex(of: "<time=\""), cmTime.matches(p, at: t) else { return nil }
        var i = t + 7
        while i < p.count, p[i] != 0x22 { i += 1 }
        guard cmDate.matches(p, at: i + 1) else { return nil }
        let d = i + 8
        var v = ASCII.number(p, d + 6, 4)
        v = v &* 100 &+ ASCII.number(p, d, 2)
        v = v &* 100 &+ ASCII.number(p, d + 3, 2)
        v = v &* 100 &+ ASCII.number(p, t + 7, 2)
        v = v &* 100 &+ ASCII.number(p, t + 10, 2)
        v = v &* 100 &+ ASCII.number(p, t + 13, 2)
        return ((t + 7)..<(d + 10), v)
    }

    /// `YYYY-MM-DDTHH:MM:SS` from the packed form.
    static func format(_ packed: UInt64) -> String { Stamp.text(packed: packed) }
}
