/// Columns a text takes on a terminal: East Asian wide and fullwidth characters take two, combining marks
/// and zero-width characters none, everything else one. Enough for report layout (not a full UAX #11).
public enum DisplayWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F || v == 0xFEFF { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// Display width of `text`, ignoring SGR colour sequences (`ESC [ … m`).
    public static func of(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar.value == 0x1B {
                inEscape = true
                continue
            }
            width += of(scalar)
        }
        return width
    }

    /// `text` cut to at most `width` columns, ending in `…` when cut.
    public static func clip(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = character.unicodeScalars.reduce(0) { $0 + of($1) }
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// A word cut into wide characters (one each) and runs of narrow characters; an opening bracket or
    /// quote stays with what follows it, closing punctuation with what precedes it (no line starts with
    /// `，` or ends with `（`).
    static func segments<S: StringProtocol>(_ word: S) -> [String] {
        let opening: Set<Character> = ["（", "“", "‘", "《", "「", "『", "【"]
        let closing: Set<Character> = ["）", "”", "’", "》", "」", "』", "】", "，", "。", "、", "：", "；", "！", "？"]
        var result: [String] = []
        var current = ""
        var currentIsRun = false
        var held = ""
        for character in word {
            let isWide = character.unicodeScalars.contains { of($0) == 2 }
            if closing.contains(character) || (!isWide && currentIsRun) {
                current.append(character)
                continue
            }
            if !current.isEmpty { result.append(current) }
            if opening.contains(character) {
                held.append(character)
                current = ""
                currentIsRun = false
                continue
            }
            current = held + String(character)
            held = ""
            currentIsRun = !isWide
        }
        current += held
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// `text` broken into lines of at most `width` columns: at spaces where it can, inside a word (or a run
    /// of Chinese text, which has no spaces) where it must. The first line is prefixed with `first`, the
    /// others with `rest` (both counted in the width).
    public static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var used = of(first)
        var lineHasWord = false
        func newLine() {
            while line.hasSuffix(" ") && of(line) > of(rest) { line.removeLast() }
            lines.append(line)
            line = rest
            used = of(rest)
            lineHasWord = false
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = of(String(word))
            let gap = lineHasWord ? 1 : 0
            if used + gap + wordWidth <= width {
                if lineHasWord { line += " " }
                line += word
                used += gap + wordWidth
                lineHasWord = true
                continue
            }
            // Chinese text runs on without spaces: break it where the line ends rather than start a new line.
            let wide = wordWidth > word.unicodeScalars.count
            if lineHasWord, !wide, of(rest) + wordWidth <= width {
                newLine()
                line += word
                used += wordWidth
                lineHasWord = true
                continue
            }
            // The word does not fit: break it between wide characters and the runs of narrow ones (a run
            // moves to the next line whole when it fits there), or inside a run that fits no line.
            if lineHasWord {
                if used + 1 < width {
                    line += " "
                    used += 1
                } else {
                    newLine()
                }
            }
            for segment in segments(word) {
                let segmentWidth = of(segment)
                if used + segmentWidth > width, used > of(rest), of(rest) + segmentWidth <= width { newLine() }
                for character in segment {
                    let w = character.unicodeScalars.reduce(0) { $0 + of($1) }
                    if used + w > width, used > of(rest) || lineHasWord { newLine() }
                    line.append(character)
                    used += w
                    lineHasWord = true
                }
            }
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }
}
