/// Streams UTF-16 (either byte order) to UTF-8, chunk by chunk: a code unit or surrogate pair split across
/// chunks is carried over, so line numbers come out exactly as in the original. Unpaired surrogates become
/// U+FFFD.
struct UTF16Transcoder {
    let littleEndian: Bool
    private var carriedByte: UInt8?
    private var highSurrogate: UInt16?

    init(littleEndian: Bool) { self.littleEndian = littleEndian }

    /// Transcodes `input` into the framer, as many units at a time as fit its free space.
    mutating func feed<S: LineSink>(_ input: UnsafeRawBufferPointer, into framer: LineFramer, sink: inout S) {
        var index = 0
        let count = input.count
        while index < count {
            let space = framer.reserve()
            let out = space.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let room = space.count - 8
            var written = 0
            while index < count, written < room {
                let unit: UInt16
                if let first = carriedByte {
                    unit = combine(first, input[index])
                    carriedByte = nil
                    index += 1
                } else if index + 1 < count {
                    unit = combine(input[index], input[index + 1])
                    index += 2
                } else {
                    carriedByte = input[index]
                    index += 1
                    break
                }
                written += encode(unit, to: out + written)
            }
            framer.commit(written, to: &sink)
        }
    }

    /// Flushes what is left (an odd byte or a lone high surrogate) as U+FFFD.
    mutating func finish<S: LineSink>(into framer: LineFramer, sink: inout S) {
        guard carriedByte != nil || highSurrogate != nil else { return }
        carriedByte = nil
        highSurrogate = nil
        var replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        replacement.withUnsafeMutableBytes { framer.append(UnsafeRawBufferPointer($0), to: &sink) }
    }

    @inline(__always)
    private func combine(_ a: UInt8, _ b: UInt8) -> UInt16 {
        littleEndian ? UInt16(a) | UInt16(b) << 8 : UInt16(a) << 8 | UInt16(b)
    }

    /// Writes the UTF-8 for `unit` (or for the pair it completes); returns the bytes written (0…7).
    @inline(__always)
    private mutating func encode(_ unit: UInt16, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        if let high = highSurrogate {
            highSurrogate = nil
            if unit >= 0xDC00 && unit <= 0xDFFF {
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                out[0] = UInt8(0xF0 | (scalar >> 18))
                out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[3] = UInt8(0x80 | (scalar & 0x3F))
                return 4
            }
            out[0] = 0xEF
            out[1] = 0xBF
            out[2] = 0xBD
            written = 3
        }
        let target = out + written
        switch unit {
        case 0..<0x80:
            target[0] = UInt8(unit)
            return written + 1
        case 0x80..<0x800:
            target[0] = UInt8(0xC0 | (unit >> 6))
            target[1] = UInt8(0x80 | (unit & 0x3F))
            return written + 2
        case 0xD800...0xDBFF:
            highSurrogate = unit
            return written
        case 0xDC00...0xDFFF:
            target[0] = 0xEF
            target[1] = 0xBF
            target[2] = 0xBD
            return written + 3
        default:
            target[0] = UInt8(0xE0 | (unit >> 12))
            target[1] = UInt8(0x80 | ((unit >> 6) & 0x3F))
            target[2] = UInt8(0x80 | (unit & 0x3F))
            return written + 3
        }
    }
}
