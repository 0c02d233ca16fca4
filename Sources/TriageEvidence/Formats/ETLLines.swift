import TriageCore

/// Renders a decoded trace as the text `Get-WindowsUpdateLog` writes, one line per event, so the
/// WindowsUpdate extractor and its rules read it unchanged:
/// `YYYY/MM/DD HH:MM:SS.fffffff PID   TID   Component       message` (times in UTC: ETW stamps are
/// FILETIME/QPC-based UTC; Get-WindowsUpdateLog shows local time). Line N is event N: an event that is not
/// decoded (kernel header, no schema, undecodable) is an empty line, so citations `file.etl:N` name the
/// event's ordinal.
enum ETLLines {
    static func render(_ trace: ETLTrace) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(trace.events.count * 120)
        for event in trace.events { append(event, to: &out) }
        return out
    }

    /// Appends the event's line (empty unless decoded and dated) and its line end.
    static func append(_ event: ETLTrace.Event, to out: inout [UInt8]) {
        if event.status == .decoded, let ft = event.filetime, stamp(ft, into: &out) {
            out.append(0x20)
            number(&out, event.processId, 5)
            number(&out, event.threadId, 5)
            var component = event.name.isEmpty ? event.provider : event.name
            if component.isEmpty { component = "-" }
            column(&out, component, 15, token: true)
            message(&out, event.fields)
        }
        out.append(0x0A)
    }

    /// `YYYY/MM/DD HH:MM:SS.fffffff` (UTC) for a FILETIME; nil before 1601 or past 9999.
    static func stamp(_ filetime: Int64) -> String? {
        var out: [UInt8] = []
        return stamp(filetime, into: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Appends the stamp's 27 bytes; false (nothing appended) before 1601 or past 9999.
    static func stamp(_ filetime: Int64, into out: inout [UInt8]) -> Bool {
        guard filetime >= 0 else { return false }
        let seconds = filetime / 10_000_000 - 11_644_473_600
        let fraction = Int(filetime % 10_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let date = CivilCalendar.date(days: days)
        guard date.year <= 9999 else { return false }
        func digits(_ v: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = v
            while divisor > 0 {
                out.append(0x30 + UInt8(v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        digits(date.year, 4)
        out.append(0x2F)
        digits(date.month, 2)
        out.append(0x2F)
        digits(date.day, 2)
        out.append(0x20)
        digits(rest / 3600, 2)
        out.append(0x3A)
        digits(rest / 60 % 60, 2)
        out.append(0x3A)
        digits(rest % 60, 2)
        out.append(0x2E)
        digits(fraction, 7)
        return true
    }

    /// A decimal number left-aligned in `width` columns, then a space.
    private static func number(_ out: inout [UInt8], _ value: UInt32, _ width: Int) {
        // The largest power of ten not above the value (10^9 at most: a UInt32 has 10 digits), and the digits.
        var divisor: UInt32 = 1
        var digits = 1
        while value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        var rest = value
        while divisor > 0 {
            out.append(0x30 + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        for _ in digits..<max(digits, width) { out.append(0x20) }
        out.append(0x20)
    }

    private static func column(_ out: inout [UInt8], _ text: String, _ width: Int, token: Bool = false) {
        var n = 0
        for c in text.utf8 {
            out.append(token && (c <= 0x20 || c == 0x7F) ? 0x5F : c)
            n += 1
        }
        for _ in n..<max(n, width) { out.append(0x20) }
        out.append(0x20)
    }

    /// One field: its value; several: `name=value, name=value`. Control characters become spaces (a value
    /// with a line break must not make two lines).
    private static func message(_ out: inout [UInt8], _ fields: [(name: String, value: String)]) {
        func put(_ s: String) { for c in s.utf8 { out.append(c < 0x20 || c == 0x7F ? 0x20 : c) } }
        if fields.count == 1 {
            put(fields[0].value)
            return
        }
        for (i, field) in fields.enumerated() {
            if i > 0 { put(", ") }
            put(field.name)
            put("=")
            put(field.value)
        }
    }
}
