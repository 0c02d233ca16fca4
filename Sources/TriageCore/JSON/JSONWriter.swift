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
            var elements = beginArray(indent: indent)
            for item in items { element(item, of: &elements) }
            end(elements)
        case .object(let members):
            var object = beginObject(indent: indent)
            // The members sorted as pairs: no lookup of each key again.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for member in sorted { self.member(member.key, member.value, of: &object) }
            end(object)
        }
    }

    // MARK: - Streaming: objects and arrays written part by part

    /// An object being written member by member (``beginObject(indent:)``): members must come in the order
    /// ``write(_:indent:)`` gives them, by the UTF-8 bytes of their keys (checked in debug builds).
    public struct ObjectMembers {
        public let indent: Int
        fileprivate var count = 0
        fileprivate var lastKey: String?
    }

    /// An array being written element by element (``beginArray(indent:)``).
    public struct ArrayElements {
        public let indent: Int
        fileprivate var count = 0
    }

    /// Starts an object at nesting level `indent`: the same bytes as a ``JSONValue/object(_:)`` of the
    /// members then given, without a dictionary of them.
    public mutating func beginObject(indent: Int) -> ObjectMembers {
        bytes.append(0x7B)  // {
        return ObjectMembers(indent: indent)
    }

    /// Starts the member `key` of `object`; its value is written next, at `object.indent + 1`.
    public mutating func member(_ key: String, of object: inout ObjectMembers) {
        assert(
            object.lastKey.map { $0.utf8.lexicographicallyPrecedes(key.utf8) } ?? true,
            "JSON members out of order: \(key)")
        #if DEBUG
            object.lastKey = key
        #endif
        separate(object.count, object.indent)
        object.count += 1
        Self.appendString(key, to: &bytes, style: style)
        if style == .spaced { bytes.append(0x20) }
        bytes.append(0x3A)  // :
        bytes.append(0x20)
    }

    /// The member `key` of `object`, with its value.
    public mutating func member(_ key: String, _ value: JSONValue, of object: inout ObjectMembers) {
        member(key, of: &object)
        write(value, indent: object.indent + 1)
    }

    public mutating func end(_ object: ObjectMembers) { close(0x7D, count: object.count, object.indent) }

    /// Starts an array at nesting level `indent`.
    public mutating func beginArray(indent: Int) -> ArrayElements {
        bytes.append(0x5B)  // [
        return ArrayElements(indent: indent)
    }

    /// Starts the next element of `array`; it is written next, at `array.indent + 1`.
    public mutating func element(of array: inout ArrayElements) {
        separate(array.count, array.indent)
        array.count += 1
    }

    public mutating func element(_ value: JSONValue, of array: inout ArrayElements) {
        element(of: &array)
        write(value, indent: array.indent + 1)
    }

    public mutating func end(_ array: ArrayElements) { close(0x5D, count: array.count, array.indent) }

    /// The elements of an array begun by another writer, after its first `written` ones: a long array's parts
    /// written apart (on several threads) are joined in order with ``append(_:)``, the same bytes as in one go.
    public func continuing(arrayAt indent: Int, written: Int) -> ArrayElements {
        ArrayElements(indent: indent, count: written)
    }

    /// What `part` wrote (``continuing(arrayAt:written:)``), after what this writer wrote.
    public mutating func append(_ part: JSONWriter) { bytes.append(contentsOf: part.bytes) }

    /// Before a member or element: the previous one's `,`, the line end, the indentation.
    private mutating func separate(_ written: Int, _ indent: Int) {
        if written > 0 { bytes.append(0x2C) }  // ,
        bytes.append(0x0A)
        pad(indent + 1)
    }

    /// After the last member or element: the line end and indentation before `close`; an empty container
    /// stays `{}` / `[]` (report) or opens a blank line (spaced).
    private mutating func close(_ close: UInt8, count: Int, _ indent: Int) {
        if count > 0 {
            bytes.append(0x0A)
            pad(indent)
        } else if style == .spaced {
            append("\n\n")
            pad(indent)
        }
        bytes.append(close)
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
