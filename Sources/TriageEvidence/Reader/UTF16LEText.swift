/// UTF-16LE strings of Windows' binary logs (event logs, ETW traces, Process Monitor captures) as Swift
/// strings, transcoded straight to UTF-8: the one decoder of the binary readers (text logs in UTF-16 stream
/// through ``UTF16Transcoder`` instead; the HTML report decodes its cited lines with it too). ASCII text is copied a byte per unit; a lone surrogate becomes U+FFFD;
/// an odd last byte is ignored.
public enum UTF16LEText {
    /// The bytes of an array slice (the HTML report's cited lines).
    public static func decode(_ bytes: ArraySlice<UInt8>, stopAtNUL: Bool = true) -> String {
        bytes.withUnsafeBytes { decode($0, stopAtNUL: stopAtNUL) }
    }

    /// `stopAtNUL`: the text ends at the first NUL unit (as Windows shows a string value).
    public static func decode(_ b: UnsafeRawBufferPointer, stopAtNUL: Bool = true) -> String {
        var units = b.count / 2
        var ascii = true
        var k = 0
        while k < units {
            let lo = b[2 * k]
            let hi = b[2 * k + 1]
            if stopAtNUL, lo == 0, hi == 0 {
                units = k
                break
            }
            if hi != 0 || lo >= 0x80 { ascii = false }
            k += 1
        }
        if units == 0 { return "" }
        if ascii {
            return String(unsafeUninitializedCapacity: units) { out in
                for i in 0..<units { out[i] = b[2 * i] }
                return units
            }
        }
        // At most 3 UTF-8 bytes per unit (4 for a surrogate pair, which takes 2 units).
        return String(unsafeUninitializedCapacity: 3 * units) { out in
            var n = 0
            func put(_ scalar: UInt32) {
                if scalar < 0x80 {
                    out[n] = UInt8(scalar)
                    n += 1
                } else if scalar < 0x800 {
                    out[n] = UInt8(0xC0 | scalar >> 6)
                    out[n + 1] = UInt8(0x80 | scalar & 0x3F)
                    n += 2
                } else if scalar < 0x10000 {
                    out[n] = UInt8(0xE0 | scalar >> 12)
                    out[n + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    out[n + 2] = UInt8(0x80 | scalar & 0x3F)
                    n += 3
                } else {
                    out[n] = UInt8(0xF0 | scalar >> 18)
                    out[n + 1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
                    out[n + 2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    out[n + 3] = UInt8(0x80 | scalar & 0x3F)
                    n += 4
                }
            }
            var i = 0
            while i < units {
                let u = UInt32(b[2 * i]) | UInt32(b[2 * i + 1]) << 8
                i += 1
                if u & 0xFC00 == 0xD800, i < units {
                    let low = UInt32(b[2 * i]) | UInt32(b[2 * i + 1]) << 8
                    if low & 0xFC00 == 0xDC00 {
                        i += 1
                        put(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))
                        continue
                    }
                }
                put(u & 0xF800 == 0xD800 ? 0xFFFD : u)
            }
            return n
        }
    }
}
