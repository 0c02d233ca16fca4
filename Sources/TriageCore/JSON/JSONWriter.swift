/// The one JSON writer: values, pretty-printed with two-space indentation and keys sorted by UTF-8 bytes,
/// and strings escaped as JSON requires (`"`, `\` and every control character; other characters as they
/// are). Writes UTF-8 bytes; `triage evidence` streams through ``appendString(_:to:)`` the same escaping.
///
/// Two layouts, so that outputs keep the bytes they had: `.report` (`"key": value`, `[]` when empty) for
/// the analysis reports, `.spaced` (`"key" : value`, empty containers on two lines) for lint, code,
/// rules and evidence output.
public struct JSONWriter: Sendable {
    public enum Style: Sendable { case report, spaced }

    public let style: Style
    public private(set) var bytes: [UInt8] = []

    public init(style: Style = .report) { self.style = style }

    public mutating func newline() { bytes.append(0x0A) }

    public mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .string(let s): Self.appendString(s, to: &bytes, style: style)
        case .int(let i): append(String(i))
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { append(String(Int64(d))) } else { append("\(d)") }
        case .bool(let b): append(b ? "true" : "false")
        case .null: append("null")
        case .array(let items):
            guard !items.isEmpty else {
                empty("[", "]", indent)
                return
            }
            bytes.append(0x5B)  // [
            bytes.append(0x0A)
            for (i, item) in items.enumerated() {
                pad(indent + 1)
                write(item, indent: indent + 1)
                endMember(last: i + 1 == items.count)
            }
            pad(indent)
            bytes.append(0x5D)  // ]
        case .object(let members):
            guard !members.isEmpty else {
                empty("{", "}", indent)
                return
            }
            bytes.append(0x7B)  // {
            bytes.append(0x0A)
            // The members sorted as pairs: no lookup of each key again.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in sorted.enumerated() {
                pad(indent + 1)
                Self.appendString(member.key, to: &bytes, style: style)
                if style == .spaced { bytes.append(0x20) }
                bytes.append(0x3A)  // :
                bytes.append(0x20)
                write(member.value, indent: indent + 1)
                endMember(last: i + 1 == sorted.count)
            }
            pad(indent)
            bytes.append(0x7D)  // }
        }
    }

    private mutating func empty(_ open: String, _ close: String, _ indent: Int) {
        append(open)
        if style == .spaced {
            append("\n\n")
            pad(indent)
        }
        append(close)
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    private mutating func pad(_ level: Int) {
        var count = 2 * level
        while count > 0 {
            let n = min(count, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<n])
            count -= n
        }
    }

    /// `,` unless last, and the line end.
    private mutating func endMember(last: Bool) {
        if !last { bytes.append(0x2C) }
        bytes.append(0x0A)
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t` (and `\b`, `\f`
    /// in the spaced style) or `\u00XX`.
    public static func appendString(_ text: String, to buffer: inout [UInt8], style: Style = .report) {
        buffer.append(0x22)
        // Most strings need no escape: copied whole.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            buffer.append(contentsOf: utf8)
            return true
        }
        if copied != true {
            for byte in text.utf8 {
                switch byte {
                case 0x22:
                    buffer.append(0x5C)
                    buffer.append(0x22)
                case 0x5C:
                    buffer.append(0x5C)
                    buffer.append(0x5C)
                case 0x0A:
                    buffer.append(0x5C)
                    buffer.append(0x6E)
                case 0x0D:
                    buffer.append(0x5C)
                    buffer.append(0x72)
                case 0x09:
                    buffer.append(0x5C)
                    buffer.append(0x74)
                case 0x08 where style == .spaced:
                    buffer.append(0x5C)
                    buffer.append(0x62)
                case 0x0C where style == .spaced:
                    buffer.append(0x5C)
                    buffer.append(0x66)
                case 0..<0x20:
                    buffer.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])  // \u00
                    buffer.append(hex[Int(byte >> 4)])
                    buffer.append(hex[Int(byte & 0xF)])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x22)
    }
}
