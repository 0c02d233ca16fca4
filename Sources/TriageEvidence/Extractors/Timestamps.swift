import TriageCore

/// A local timestamp packed as the decimal number `YYYYMMDDhhmmss`: comparable, allocation-free.
public struct Stamp: Comparable, Sendable, Hashable {
    let value: UInt64

    init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1601...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var v = UInt64(year)
        v = v * 100 + UInt64(month)
        v = v * 100 + UInt64(day)
        v = v * 100 + UInt64(hour)
        v = v * 100 + UInt64(minute)
        value = v * 100 + UInt64(second)
    }

    public static func < (a: Stamp, b: Stamp) -> Bool { a.value < b.value }

    /// `YYYY-MM-DDTHH:MM:SS`.
    var text: String { Self.text(packed: value) }

    /// `YYYY-MM-DDTHH:MM:SS` from the packed decimal `YYYYMMDDhhmmss`, written digit by digit (this runs
    /// once per fact).
    static func text(packed: UInt64) -> String {
        ASCIIString.build(capacity: 19) { out in
            var v = packed
            func digit(_ i: Int) {
                out.put(UInt8(truncatingIfNeeded: 0x30 + v % 10), at: i)
                v /= 10
            }
            // From the last digit: ss, mm, hh, DD, MM, YYYY.
            digit(18)
            digit(17)
            digit(15)
            digit(14)
            digit(12)
            digit(11)
            digit(9)
            digit(8)
            digit(6)
            digit(5)
            digit(3)
            digit(2)
            digit(1)
            digit(0)
            out.put(0x2D, at: 4)
            out.put(0x2D, at: 7)
            out.put(0x54, at: 10)
            out.put(0x3A, at: 13)
            out.put(0x3A, at: 16)
        }
    }

    /// Seconds since 0001-01-01 (proleptic Gregorian), for window comparisons.
    var seconds: Int64 {
        var v = value
        let s = Int64(v % 100)
        v /= 100
        let mi = Int64(v % 100)
        v /= 100
        let h = Int64(v % 100)
        v /= 100
        let d = Int64(v % 100)
        v /= 100
        let mo = Int64(v % 100)
        v /= 100
        return Int64(CivilCalendar.days(year: Int(v), month: Int(mo), day: Int(d))) * 86400 + h * 3600 + mi * 60 + s
    }

    /// A Windows FILETIME (100 ns ticks since 1601-01-01 UTC).
    init?(fileTime: UInt64) {
        let secs = Int64(fileTime / 10_000_000) - 11_644_473_600
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        let (y, m, d) = CivilCalendar.date(days: Int(days))
        self.init(year: y, month: m, day: d, hour: Int(rem / 3600), minute: Int(rem % 3600 / 60), second: Int(rem % 60))
    }
}

/// Timestamp parsing on bytes. Each parser returns the stamp and the end offset of the timestamp as written.
enum Timestamps {
    @inline(__always) static func num(_ bytes: LineBytes, _ i: Int, _ n: Int) -> Int? {
        guard i + n <= bytes.count else { return nil }
        var v = 0
        for k in i..<(i + n) {
            let c = bytes[k]
            guard ASCII.isDigit(c) else { return nil }
            v = v * 10 + Int(c &- 0x30)
        }
        return v
    }

    /// `YYYY-MM-DD HH:MM:SS` / `YYYY/MM/DD HH:MM:SS` / `YYYY-MM-DD<TAB>HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS`
    /// at `i`, followed optionally by a fraction (`.1234567`, `:762`). Returns the end of the fraction.
    static func isoLike(_ bytes: LineBytes, at i: Int = 0) -> (Stamp, Int)? {
        guard i >= 0, i + 19 <= bytes.count else { return nil }
        // One test per digit: this runs on every line of every log.
        let p = bytes.slice(from: i, to: i + 19)
        let sep = p[4]
        let timeSeparator = p[10]
        guard sep == 0x2D || sep == 0x2F, p[7] == sep,
            timeSeparator == ASCII.space || timeSeparator == ASCII.tab || timeSeparator == 0x54,
            p[13] == ASCII.colon, p[16] == ASCII.colon
        else { return nil }
        let y0 = p[0] &- 0x30
        let y1 = p[1] &- 0x30
        let y2 = p[2] &- 0x30
        let y3 = p[3] &- 0x30
        let mo0 = p[5] &- 0x30
        let mo1 = p[6] &- 0x30
        let d0 = p[8] &- 0x30
        let d1 = p[9] &- 0x30
        let h0 = p[11] &- 0x30
        let h1 = p[12] &- 0x30
        let mi0 = p[14] &- 0x30
        let mi1 = p[15] &- 0x30
        let s0 = p[17] &- 0x30
        let s1 = p[18] &- 0x30
        guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, mo0 < 10, mo1 < 10, d0 < 10, d1 < 10, h0 < 10, h1 < 10,
            mi0 < 10, mi1 < 10, s0 < 10, s1 < 10
        else { return nil }
        let y = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
        guard
            let stamp = Stamp(
                year: y, month: Int(mo0) * 10 + Int(mo1), day: Int(d0) * 10 + Int(d1),
                hour: Int(h0) * 10 + Int(h1), minute: Int(mi0) * 10 + Int(mi1),
                second: Int(s0) * 10 + Int(s1))
        else { return nil }
        var e = i + 19
        if e + 1 < bytes.count, bytes[e] == 0x2E || bytes[e] == ASCII.colon, ASCII.isDigit(bytes[e + 1]) {
            e += 1
            while e < bytes.count, ASCII.isDigit(bytes[e]) { e += 1 }
        }
        return (stamp, e)
    }

    /// Whether `bytes` has the shape `isoLike` reads at `i` (digits and separators in place), whatever the
    /// values: a line whose shape is right but whose values are not (month 13, hour 25) is a header with
    /// an impossible time, not a continuation line.
    static func hasIsoShape(_ bytes: LineBytes, at i: Int = 0) -> Bool {
        guard i + 19 <= bytes.count else { return false }
        let sep = bytes[i + 4]
        let timeSeparator = bytes[i + 10]
        guard sep == 0x2D || sep == 0x2F, bytes[i + 7] == sep,
            timeSeparator == ASCII.space || timeSeparator == ASCII.tab || timeSeparator == 0x54,
            bytes[i + 13] == ASCII.colon, bytes[i + 16] == ASCII.colon
        else { return false }
        for k in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !ASCII.isDigit(bytes[i + k]) { return false }
        return true
    }

    /// `M/D/YYYY h:mm:ss AM` (PowerShell CSV, SetupDiag). Returns the end offset.
    static func usDate(_ bytes: LineBytes, at i0: Int = 0) -> (Stamp, Int)? {
        var i = i0
        func int(_ maxDigits: Int) -> Int? {
            var v = 0
            var n = 0
            while i < bytes.count, n < maxDigits, ASCII.isDigit(bytes[i]) {
                v = v * 10 + Int(bytes[i] &- 0x30)
                i += 1
                n += 1
            }
            return n == 0 ? nil : v
        }
        func expect(_ c: UInt8) -> Bool {
            if i < bytes.count, bytes[i] == c {
                i += 1
                return true
            }
            return false
        }
        guard let mo = int(2), expect(0x2F), let d = int(2), expect(0x2F), let y = int(4), expect(ASCII.space),
            var h = int(2), expect(ASCII.colon), let mi = int(2), expect(ASCII.colon), let s = int(2)
        else { return nil }
        if i + 2 < bytes.count, bytes[i] == ASCII.space {
            let a = bytes[i + 1] | 0x20
            if a == 0x61 || a == 0x70, bytes[i + 2] | 0x20 == 0x6D {
                if a == 0x70, h < 12 { h += 12 }
                if a == 0x61, h == 12 { h = 0 }
                i += 3
            }
        }
        guard let stamp = Stamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s) else { return nil }
        return (stamp, i)
    }
}
