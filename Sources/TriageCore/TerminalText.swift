/// Text from inputs (file and zip member names, cited log lines, case notes) made safe to print on a
/// terminal: control characters that could move the cursor, clear the screen, retitle the window or forge
/// report lines (ESC, CR, BEL, backspace, DEL, the C1 range, and LF where the text is one field) are written
/// as visible escapes (`\e`, `\r`, `\n`, `\x07`, `\u{9B}`).
public enum TerminalText {
    /// `text` with every control character escaped; `keepingNewlines` keeps LF and tab (a whole report);
    /// `keepingColour` keeps SGR sequences (`ESC [ digits ; … m`: colour and weight only, which cannot move
    /// the cursor, clear the screen or retitle the window) for a report coloured for a terminal.
    public static func escape(_ text: String, keepingNewlines: Bool = false, keepingColour: Bool = false) -> String {
        guard needsEscape(text, keepingNewlines: keepingNewlines) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            let v = scalar.value
            i += 1
            if keepingColour, v == 0x1B, let end = sgrEnd(scalars, from: i) {
                for k in (i - 1)..<end { out.unicodeScalars.append(scalars[k]) }
                i = end
            } else if keepingNewlines, v == 0x0A || v == 0x09 {
                out.unicodeScalars.append(scalar)
            } else if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                switch v {
                case 0x1B: out += "\\e"
                case 0x0D: out += "\\r"
                case 0x0A: out += "\\n"
                case 0x09: out += "\\t"
                case 0x80...0x9F: out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
                default: out += "\\x" + (v < 0x10 ? "0" : "") + String(v, radix: 16, uppercase: true)
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The index past an SGR sequence whose `[` is at `start`, or nil.
    private static func sgrEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start < scalars.count, scalars[start] == "[" else { return nil }
        var k = start + 1
        while k < scalars.count, k - start < 32 {
            let c = scalars[k]
            if c == "m" { return k + 1 }
            guard ("0"..."9").contains(c) || c == ";" else { return nil }
            k += 1
        }
        return nil
    }

    /// Whether any byte needs escaping (a byte scan; most text needs none).
    public static func needsEscape(_ text: String, keepingNewlines: Bool = false) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b < 0x20 {
                if !(keepingNewlines && (b == 0x0A || b == 0x09)) { return true }
            } else if b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) {
                return true
            }
            previous = b
        }
        return false
    }
}
