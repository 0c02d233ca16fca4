/// Log-collector names and versions written in file, folder and zip names or in a collector's info file.
///
/// Recognised: a word ending in `LogCollector` (any case: `CMGELogCollector`, `WULogCollector`), optionally
/// followed by a version — `V2`, `v1.11`, `_v1.11`, `-v2.0`, ` 1.11` or `2.0` directly attached (dotted).
/// A bare number after `_` (`_20221028`) is a date, not a version. The name keeps the spelling found.
enum CollectorNames {
    struct Found: Hashable, Sendable {
        var name: String
        var version: String?
    }

    static func find(in text: String) -> [Found] {
        let chars = Array(text.utf8)
        var results: [Found] = []
        for i in occurrences(of: "logcollector", in: chars) {
            var start = i
            while start > 0, ASCII.isLetter(chars[start - 1]) || ASCII.isDigit(chars[start - 1]) { start -= 1 }
            let end = i + 12
            let name = String(decoding: chars[start..<end], as: UTF8.self)
            results.append(Found(name: name, version: version(after: end, in: chars)))
        }
        return results
    }

    /// `Version: 1.11` / `Version = v2` / `version 2.0` anywhere on the line.
    static func versionField(in text: String) -> String? {
        let chars = Array(text.utf8)
        for i in occurrences(of: "version", in: chars) {
            var j = i + 7
            while j < chars.count, chars[j] == 0x20 || chars[j] == 0x3A || chars[j] == 0x3D || chars[j] == 0x09 {
                j += 1
            }
            if j < chars.count, chars[j] | 0x20 == 0x76 { j += 1 }
            if let v = number(at: j, in: chars) { return v }
        }
        return nil
    }

    /// Offsets of a lower-case ASCII word in `chars`, ignoring case, not overlapping.
    private static func occurrences(of word: String, in chars: [UInt8]) -> [Int] {
        let key = Array(word.utf8)
        return chars.withLineBytes { buffer in
            var found: [Int] = []
            var from = 0
            while let i = ASCII.firstIndexIgnoringCase(key, in: buffer, from: from) {
                found.append(i)
                from = i + key.count
            }
            return found
        }
    }

    private static func version(after end: Int, in chars: [UInt8]) -> String? {
        var j = end
        var sawSeparator = false
        if j < chars.count, chars[j] == 0x5F || chars[j] == 0x2D || chars[j] == 0x20 {
            j += 1
            sawSeparator = true
        }
        if j < chars.count, chars[j] | 0x20 == 0x76 {
            return number(at: j + 1, in: chars)
        }
        guard let v = number(at: j, in: chars) else { return nil }
        // Without a `v`, only a dotted number is a version (`_20221028` is a date).
        if v.contains(".") || (!sawSeparator && v.count <= 2) { return v }
        return nil
    }

    private static func number(at start: Int, in chars: [UInt8]) -> String? {
        var j = start
        var end = start
        while j < chars.count, ASCII.isDigit(chars[j]) {
            j += 1
            end = j
            if j + 1 < chars.count, chars[j] == 0x2E, ASCII.isDigit(chars[j + 1]) { j += 1 }
        }
        guard end > start else { return nil }
        return String(decoding: chars[start..<end], as: UTF8.self)
    }
}
