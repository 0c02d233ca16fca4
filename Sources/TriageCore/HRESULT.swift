/// A Windows status code normalised to its 32-bit HRESULT value.
///
/// Logs write the same code as `0x800f0821`, `800F0821`, `[800F0821]`, decimal `2148469793`
/// or signed `-2146498527`; all parse to one value. Win32 errors (`2`, `0x00000002`) are kept as
/// written; ``hresultFromWin32`` maps them to `0x8007xxxx` when a caller wants that form.
public struct HRESULT: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses every textual form seen in logs and on the phone. Surrounding brackets, whitespace and
    /// a trailing `L`/`h` are ignored. Returns nil for text that is not a number.
    public init?(parsing text: some StringProtocol) {
        var s = Substring(text)
        s = s.drop(while: { $0 == " " || $0 == "[" || $0 == "(" || $0 == "\t" })
        while let last = s.last,
            last == " " || last == "]" || last == ")" || last == "\t" || last == "."
                || last == "," || last == ";"
        {
            s = s.dropLast()
        }
        // C literal suffix `L` / `UL` and assembler-style `h` (`0x800f0821L`, `800F0821h`).
        if s.count > 1, let last = s.last, last == "L" || last == "l" || last == "h" || last == "H" {
            s = s.dropLast()
            if let u = s.last, u == "U" || u == "u" { s = s.dropLast() }
        }
        guard !s.isEmpty else { return nil }
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            let hex = s.dropFirst(2)
            guard !hex.isEmpty, hex.count <= 8, let v = UInt32(hex, radix: 16) else { return nil }
            value = v
        } else if s.hasPrefix("-") {
            guard let v = Int64(s), v >= Int64(Int32.min) else { return nil }
            value = UInt32(bitPattern: Int32(truncatingIfNeeded: v))
        } else if s.count == 8, s.allSatisfy(\.isHexDigit), let v = UInt32(s, radix: 16) {
            // Bare eight hex digits (`800F0821`, `[80070570]`) are always hex in logs; a failure HRESULT
            // written in decimal has ten digits.
            value = v
        } else if let v = UInt64(s), v <= UInt64(UInt32.max) {
            value = UInt32(v)
        } else if s.count < 8, s.contains(where: { $0.isLetter }), let v = UInt32(s, radix: 16) {
            value = v
        } else {
            return nil
        }
    }

    /// `0x800f0821`: lower-case, eight digits. The form facts and rules use.
    public var hex: String { Self.text(value, digits: Self.lowerDigits) }

    /// `0x800F0821`: upper-case, eight digits. The form the error-code catalog uses.
    public var upperHex: String { Self.text(value, digits: Self.upperDigits) }

    private static let lowerDigits = Array("0123456789abcdef".utf8)
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// `0x` and eight digits, written as bytes (a code on every error line of a large log is formatted).
    private static func text(_ value: UInt32, digits: [UInt8]) -> String {
        var bytes: [UInt8] = [0x30, 0x78, 0, 0, 0, 0, 0, 0, 0, 0]
        for i in 0..<8 { bytes[2 + i] = digits[Int((value >> UInt32(28 - 4 * i)) & 0xF)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var signed: Int32 { Int32(bitPattern: value) }
    public var isFailure: Bool { value & 0x8000_0000 != 0 }
    public var facility: UInt32 { (value >> 16) & 0x1FFF }
    public var code: UInt32 { value & 0xFFFF }
    /// True for `HRESULT_FROM_WIN32` values (`0x8007xxxx`).
    public var isWin32: Bool { value & 0xFFFF_0000 == 0x8007_0000 }

    /// `HRESULT_FROM_WIN32(e)`: `0x8007xxxx` for a Win32 error below 0x10000, otherwise unchanged.
    public static func hresultFromWin32(_ win32: UInt32) -> HRESULT {
        win32 == 0 || win32 > 0xFFFF ? HRESULT(win32) : HRESULT(0x8007_0000 | win32)
    }

    public var description: String { hex }
    public static func < (a: HRESULT, b: HRESULT) -> Bool { a.value < b.value }
}
