import TriageCore

/// One status code found on a line.
struct CodeHit: Sendable, Hashable {
    var code: HRESULT
    /// Symbol exactly as the log wrote it next to the code (`CBS_E_SOURCE_MISSING`), if any.
    var symbol: String?
    /// Offset of the first byte of the code token.
    var offset: Int
}

/// Which textual forms a log kind writes codes in. `0x…` is always scanned.
struct CodeForms: OptionSet, Sendable {
    let rawValue: Int
    /// `[80070490]`: eight hex digits in brackets (WindowsUpdate.log `*FAILED*`).
    static let bracketed = CodeForms(rawValue: 1)
    /// `hr = 80072ee2`, `hr=80072EE2`, `resultUnMapped=800F0828`: eight hex digits after a key.
    static let keyed = CodeForms(rawValue: 2)
    /// `error 2388526074`, `[hr] : -2145124322`: decimal and negative decimal.
    static let decimal = CodeForms(rawValue: 4)
    static let all: CodeForms = [.bracketed, .keyed, .decimal]
}

/// Finds failure status codes in a line's bytes. Only codes with the severity bit set are returned, plus
/// small Win32 errors written right after an error keyword (`Error: 0x00000057` → 0x80070057).
/// Skipped: `S_OK` and other success codes, `@0x…` addresses, hex runs longer than eight digits,
/// tokens glued to letters or digits, and `gle=`/`flags` values.
enum CodeScanner {
    static func scan(_ bytes: LineBytes, from start: Int = 0, forms: CodeForms) -> [CodeHit] {
        var hits: [CodeHit] = []
        func add(_ v: UInt32, at off: Int, symbolFrom: Int?) {
            // 0x80000000 alone is a flag word (`prior state: 0x80000000`), not a status.
            guard v != 0x8000_0000, !hits.contains(where: { $0.code.value == v }) else { return }
            hits.append(CodeHit(code: HRESULT(v), symbol: symbolFrom.flatMap { symbol(bytes, after: $0) }, offset: off))
        }
        // 0x / 0X forms.
        var i = start
        while i + 2 < bytes.count, let z = bytes.firstIndex(of: 0x30, from: i) {
            i = z + 1
            guard z + 2 < bytes.count, bytes[z + 1] | 0x20 == 0x78 else { continue }
            if z > 0 {
                let p = bytes[z - 1]
                if ASCII.isAlnum(p) || p == 0x40 || p == 0x5F { continue }  // glued or `@0x` address
            }
            var e = z + 2
            var v: UInt32 = 0
            while e < bytes.count, let digit = ASCII.hexValue(bytes[e]), e - z - 2 < 9 {
                v = v << 4 | digit
                e += 1
            }
            let digits = e - z - 2
            i = e
            guard digits >= 1, digits <= 8 else { continue }
            if e < bytes.count, ASCII.isAlnum(bytes[e]) || bytes[e] == 0x5F { continue }
            if v & 0x8000_0000 != 0 {
                add(v, at: z, symbolFrom: e)
            } else if v != 0, v < 0x1_0000, afterErrorKeyword(bytes, z) {
                add(0x8007_0000 | v, at: z, symbolFrom: e)
            }
        }
        if forms.contains(.bracketed) {
            var j = start
            while let l = bytes.firstIndex(of: ASCII.leftBracket, from: j) {
                j = l + 1
                guard l + 9 < bytes.count, bytes[l + 9] == ASCII.rightBracket, let v = hex8(bytes, l + 1) else {
                    continue
                }
                if v & 0x8000_0000 != 0 { add(v, at: l + 1, symbolFrom: l + 10) }
            }
        }
        if forms.contains(.keyed) {
            for key in keys {
                var j = start
                while let k = bytes.firstIndex(of: key, from: j) {
                    j = k + key.count
                    if k > 0, ASCII.isAlpha(bytes[k - 1]), key.first == 0x68 { continue }  // `…hr=` inside a word
                    guard j + 8 <= bytes.count, let v = hex8(bytes, j) else { continue }
                    if j + 8 < bytes.count, ASCII.isAlnum(bytes[j + 8]) { continue }
                    if v & 0x8000_0000 != 0 { add(v, at: j, symbolFrom: j + 8) }
                }
            }
        }
        if forms.contains(.decimal) {
            var j = start
            while let m = bytes.firstIndex(of: 0x2D, from: j) {
                j = m + 1
                if m > 0, ASCII.isAlnum(bytes[m - 1]) { continue }
                if let (v, e) = decimal(bytes, m), v & 0x8000_0000 != 0 { add(v, at: m, symbolFrom: e) }
            }
            j = start
            while let afterKeyword = bytes.end(of: "rror ", from: j) {
                j = afterKeyword
                let d = j
                if d < bytes.count, ASCII.isDigit(bytes[d]), let (v, e) = decimal(bytes, d), v & 0x8000_0000 != 0 {
                    add(v, at: d, symbolFrom: e)
                }
            }
        }
        return hits.count < 2 ? hits : hits.sorted { $0.offset < $1.offset }
    }

    /// True when the `0x`/`0X` token whose `0` is at `z` could be a code ``scan(_:from:forms:)`` returns: not
    /// glued to a word or an `@` address, one to eight hex digits, and either the severity bit set or a small
    /// value (which `scan` takes only after an error keyword). Lets the reader pick out the lines that can
    /// hold a code without reading every line.
    @inline(__always)
    static func mayBeStatus(_ bytes: LineBytes, zero z: Int) -> Bool {
        guard z + 2 < bytes.count, bytes[z] == 0x30, bytes[z + 1] | 0x20 == 0x78 else { return false }
        if z > 0 {
            let p = bytes[z - 1]
            if ASCII.isAlnum(p) || p == 0x40 || p == 0x5F { return false }
        }
        var e = z + 2
        var v: UInt32 = 0
        while e < bytes.count, let digit = ASCII.hexValue(bytes[e]), e - z - 2 < 9 {
            v = v << 4 | digit
            e += 1
        }
        let digits = e - z - 2
        guard digits >= 1, digits <= 8 else { return false }
        if e < bytes.count, ASCII.isAlnum(bytes[e]) || bytes[e] == 0x5F { return false }
        return (v & 0x8000_0000 != 0 && v != 0x8000_0000) || (v != 0 && v < 0x1_0000)
    }

    static let keys: [Literal] = ["hr = ", "hr=", "resultUnMapped=", "resultMapped=", "hr: "]

    /// Exactly eight hex digits at `i` (not followed by a ninth).
    static func hex8(_ bytes: LineBytes, _ i: Int) -> UInt32? {
        guard i + 8 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 8) {
            guard let digit = ASCII.hexValue(bytes[k]) else { return nil }
            v = v << 4 | digit
        }
        if i + 8 < bytes.count, ASCII.isHex(bytes[i + 8]) { return nil }
        return v
    }

    /// A decimal status at `i`: `-2145124322` or a 10-digit `2388526074`. Returns value and end offset.
    static func decimal(_ bytes: LineBytes, _ i: Int) -> (UInt32, Int)? {
        var j = i
        var neg = false
        if j < bytes.count, bytes[j] == 0x2D {
            neg = true
            j += 1
        }
        let s = j
        var v: Int64 = 0
        while j < bytes.count, ASCII.isDigit(bytes[j]), j - s < 11 {
            v = v * 10 + Int64(bytes[j] &- 0x30)
            j += 1
        }
        let n = j - s
        guard n >= 7, n <= 10 else { return nil }
        if j < bytes.count,
            ASCII.isAlnum(bytes[j]) || bytes[j] == 0x2E && j + 1 < bytes.count && ASCII.isDigit(bytes[j + 1])
        {
            return nil
        }
        if neg {
            guard v <= 2_147_483_648 else { return nil }
            return (UInt32(bitPattern: Int32(truncatingIfNeeded: -v)), j)
        }
        guard v <= Int64(UInt32.max) else { return nil }
        return (UInt32(v), j)
    }

    /// True when the code at `z` directly follows `error`, `Error:`, `error =`, `Err =`, `Last Error =`.
    static func afterErrorKeyword(_ bytes: LineBytes, _ z: Int) -> Bool {
        var k = z - 1
        while k >= 0, bytes[k] == ASCII.space || bytes[k] == ASCII.colon || bytes[k] == 0x3D { k -= 1 }
        guard k >= 2 else { return false }
        // k is the last letter of the keyword.
        let r = bytes[k] | 0x20
        let r2 = bytes[k - 1] | 0x20
        let r3 = bytes[k - 2] | 0x20
        return (r == 0x72 && r2 == 0x6F && r3 == 0x72) || (r == 0x72 && r2 == 0x72 && r3 == 0x65)
    }

    /// The symbol written after a code: ` - CBS_E_SOURCE_MISSING]`, ` – ERROR_NOT_FOUND`, ` [ERROR_FAIL_REBOOT_REQUIRED]`.
    static func symbol(_ bytes: LineBytes, after e: Int) -> String? {
        var i = bytes.skipSpaces(from: e)
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x2D {
            i += 1
        } else if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x93 {
            i += 3
        } else if bytes[i] == ASCII.leftBracket {
            i += 1
        } else if bytes[i] == 0x28, i + 1 < bytes.count, ASCII.isUpper(bytes[i + 1]) {
            i += 1
        } else {
            return nil
        }
        i = bytes.skipSpaces(from: i)
        let s = i
        var underscore = false
        while i < bytes.count, ASCII.isUpper(bytes[i]) || ASCII.isDigit(bytes[i]) || bytes[i] == 0x5F {
            if bytes[i] == 0x5F { underscore = true }
            i += 1
        }
        guard underscore, i - s >= 3, ASCII.isUpper(bytes[s]) else { return nil }
        if i < bytes.count, ASCII.isAlpha(bytes[i]) { return nil }
        return bytes.trimmedText(from: s, to: i)
    }
}
