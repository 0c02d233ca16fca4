/// Turns an `Encodable` value into a ``JSONValue`` (written by ``JSONWriter``), so types that describe
/// themselves with `Codable` are written by the same writer as every other JSON document. Optional
/// properties that are nil are left out, as the synthesized `encode(to:)` does.
public enum JSONValueEncoder {
    public static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Box()
        try value.encode(to: TreeEncoder(box: root, codingPath: []))
        return root.value ?? .object([:])
    }

    /// The document in the spaced style (`"key" : value`) with a trailing newline; `{}` if it cannot be encoded.
    public static func rendered(_ value: some Encodable) -> String {
        guard let tree = try? encode(value) else { return "{}\n" }
        return tree.rendered(style: .spaced)
    }
}

/// A node being filled in: a scalar, or an object or array whose members are boxes themselves.
private final class Box {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(String, Box)])
        case array([Box])
    }
    var content: Content = .empty

    var value: JSONValue? {
        switch content {
        case .empty: nil
        case .value(let v): v
        case .object(let members):
            .object(
                Dictionary(
                    members.compactMap { key, box in box.value.map { (key, $0) } },
                    uniquingKeysWith: { _, last in last }))
        case .array(let items): .array(items.map { $0.value ?? .null })
        }
    }

    func member(_ key: String) -> Box {
        let box = Box()
        if case .object(var members) = content {
            members.append((key, box))
            content = .object(members)
        } else {
            content = .object([(key, box)])
        }
        return box
    }

    func element() -> Box {
        let box = Box()
        if case .array(var items) = content {
            items.append(box)
            content = .array(items)
        } else {
            content = .array([box])
        }
        return box
    }

    var count: Int { if case .array(let items) = content { items.count } else { 0 } }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = String(index)
    }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
}

private struct TreeEncoder: Encoder {
    let box: Box
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.content {} else { box.content = .object([]) }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.content {} else { box.content = .array([]) }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }
}

/// Scalars as JSON values; anything else encodes itself into the box.
private func put<T: Encodable>(_ value: T, into box: Box, path: [any CodingKey]) throws {
    switch value {
    case let v as String: box.content = .value(.string(v))
    case let v as Bool: box.content = .value(.bool(v))
    case let v as Int: box.content = .value(.int(v))
    case let v as Int64: box.content = .value(.int(Int(v)))
    case let v as Int32: box.content = .value(.int(Int(v)))
    case let v as UInt32: box.content = .value(.int(Int(v)))
    case let v as UInt8: box.content = .value(.int(Int(v)))
    case let v as Double: box.content = .value(.number(v))
    case let v as Float: box.content = .value(.number(Double(v)))
    default: try value.encode(to: TreeEncoder(box: box, codingPath: path))
    }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.member(key.stringValue).content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try put(value, into: box.member(key.stringValue), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        TreeEncoder(box: box.member("super"), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let box: Box
    var codingPath: [any CodingKey]
    var count: Int { box.count }

    mutating func encodeNil() throws { box.element().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try put(value, into: box.element(), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(box: box.element(), codingPath: codingPath + [IndexKey(count)]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(box: box.element(), codingPath: codingPath + [IndexKey(count)]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(box: box.element(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let box: Box
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value, into: box, path: codingPath) }
}
