import Foundation
import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A zip member's name as text. Flag 11 says UTF-8; without it, a name that is valid UTF-8 is taken as
/// UTF-8 (many tools write it without the flag), else as GB18030 (Windows "Send to compressed folder" on a
/// Chinese system writes the OEM code page, GBK: `日志/` is `C8 D5 D6 BE 2F`), else as CP437 (the zip
/// specification's default). Never empty for a non-empty name; no byte is dropped.
enum ZipNameDecoder {
    static func decode(_ raw: [UInt8], utf8Flag: Bool) -> String {
        if let text = UTF8Text.decode(raw) { return text }
        if !utf8Flag, let text = convert(raw, from: "GB18030") { return text }
        if let text = convert(raw, from: "CP437") { return text }
        return String(decoding: raw, as: UTF8.self)  // U+FFFD for what cannot be decoded
    }

    /// `raw` converted to UTF-8 by iconv, or nil when any byte sequence is invalid in `encoding`.
    private static func convert(_ raw: [UInt8], from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = raw.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: raw.count * 4 + 4)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return false }
                outBuffer[outBuffer.count - outLeft] = 0
                return true
            }
        }
        guard ok else { return nil }
        return UTF8Text.decode(output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }
}
