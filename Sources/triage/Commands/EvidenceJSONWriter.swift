import Foundation
import TriageCore

/// Streams `triage evidence --format json`: a bundle can hold hundreds of thousands of facts, so they are
/// written in 1 MiB chunks, one compact object per line, instead of building the whole document in memory.
/// Keys are sorted at every level; the output is deterministic and valid JSON:
/// `{ "facts" : [ {…}, … ], "sources" : [ … ] }`.
struct EvidenceJSONWriter {
    private static let hex = Array("0123456789abcdef".utf8)
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void

    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ evidence: EvidenceSet, sources: Data) throws {
        append("{\n  \"facts\" : [")
        try evidence.facts.withUnsafeBufferPointer { facts in
            for index in facts.indices {
                append(index == 0 ? "\n    " : ",\n    ")
                appendFact(facts[index])
                if buffer.count >= 1 << 20 { try flush() }
            }
        }
        append(evidence.facts.isEmpty ? "],\n  \"sources\" : " : "\n  ],\n  \"sources\" : ")
        buffer.append(contentsOf: sources)
        append("\n}\n")
        try flush()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private mutating func appendFact(_ fact: Fact) {
        append("{\"attributes\":{")
        // Pairs sorted by key, not keys sorted and looked up again (a hash per attribute).
        for (index, attribute) in fact.attributes.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { buffer.append(0x2C) }
            appendString(attribute.key)
            buffer.append(0x3A)
            appendString(attribute.value)
        }
        append("}")
        if let end = fact.provenance.endLine { append(",\"endLine\":\(end)") }
        append(",\"file\":")
        appendString(fact.provenance.file)
        append(",\"kind\":")
        appendString(fact.kind)
        append(",\"line\":\(fact.provenance.line)")
        if let text = fact.provenance.text { append(",\"text\":"); appendString(text) }
        if let time = fact.provenance.time { append(",\"time\":"); appendString(time) }
        if let stamp = fact.provenance.timestamp { append(",\"timestamp\":"); appendString(stamp) }
        append("}")
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t` or `\u00XX`.
    private mutating func appendString(_ text: String) {
        buffer.append(0x22)
        // Most strings need no escape: copied whole.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            buffer.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: buffer.append(0x5C); buffer.append(0x22)
            case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
            case 0x0A: buffer.append(0x5C); buffer.append(0x6E)
            case 0x0D: buffer.append(0x5C); buffer.append(0x72)
            case 0x09: buffer.append(0x5C); buffer.append(0x74)
            case 0..<0x20:
                buffer.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])   // \u00
                buffer.append(Self.hex[Int(byte >> 4)])
                buffer.append(Self.hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(0x22)
    }
}
