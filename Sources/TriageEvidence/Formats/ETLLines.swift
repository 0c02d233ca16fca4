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
        for event in trace.events {
            if event.status == .decoded, let ft = event.filetime, let stamp = stamp(ft) {
                out.append(contentsOf: stamp.utf8)
                out.append(0x20)
                column(&out, String(event.processId), 5)
                column(&out, String(event.threadId), 5)
                var component = event.name.isEmpty ? event.provider : event.name
                if component.isEmpty { component = "-" }
                column(&out, component, 15, token: true)
                message(&out, event.fields)
            }
            out.append(0x0A)
        }
        return out
    }

    /// `YYYY/MM/DD HH:MM:SS.fffffff` (UTC) for a FILETIME; nil before 1601 or past 9999.
    static func stamp(_ filetime: Int64) -> String? {
        guard filetime >= 0 else { return nil }
        let seconds = filetime / 10_000_000 - 11_644_473_600
        let fraction = Int(filetime % 10_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let date = CivilCalendar.date(days: days)
        guard date.year <= 9999 else { return nil }
        func p(_ v: Int, _ w: Int) -> String { TraceLoggingSchema.pad(v, w) }
        return "\(p(date.year, 4))/\(p(date.month, 2))/\(p(date.day, 2)) \(p(rest / 3600, 2)):\(p(rest / 60 % 60, 2)):\(p(rest % 60, 2)).\(p(fraction, 7))"
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
