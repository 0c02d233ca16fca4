import TriageCore

/// Seconds since 1970-01-01 for a normalised timestamp `YYYY-MM-DDTHH:MM:SS` (local time as logged;
/// only differences matter). Nil when the text is not in that form.
enum Timestamp {
    static func seconds(_ text: String?) -> Int? {
        guard var text else { return nil }
        // Native strings are contiguous UTF-8; bridged ones are made so (no allocation for the common case).
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count >= 19 else { return nil }
            func number(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for i in start..<(start + length) {
                    let b = bytes[i]
                    guard b >= 0x30, b <= 0x39 else { return nil }
                    value = value * 10 + Int(b - 0x30)
                }
                return value
            }
            guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let hh = number(11, 2),
                let mm = number(14, 2), let ss = number(17, 2), (1...12).contains(m), (1...31).contains(d)
            else { return nil }
            return CivilCalendar.days(year: y, month: m, day: d) * 86_400 + hh * 3600 + mm * 60 + ss
        }
    }
}
