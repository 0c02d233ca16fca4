import Foundation

/// A JSON value. Every JSON document the tool writes is one of these, written by ``JSONWriter``
/// (deterministic: object keys sorted by UTF-8 bytes, control characters escaped).
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// A probability or ratio rounded to 4 decimals, for stable output.
    public static func rounded(_ value: Double, places: Int = 4) -> JSONValue {
        let scale = pow(10, Double(places))
        let r = (value * scale).rounded() / scale
        return .number(r == 0 ? 0 : r)
    }

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// The document with a trailing newline, in the report style (`"key": value`).
    public func rendered(style: JSONWriter.Style = .report) -> String {
        var writer = JSONWriter(style: style)
        writer.write(self)
        writer.newline()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
