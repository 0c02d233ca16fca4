import Foundation
import TriageCore

/// Streams `triage evidence --format json`: a bundle can hold hundreds of thousands of facts, so they are
/// written in 1 MiB chunks, one compact object per line, instead of building the whole document in memory.
/// Keys are sorted at every level; the output is deterministic and valid JSON:
/// `{ "facts" : [ {…}, … ], "sources" : [ … ] }`.
struct EvidenceJSONWriter {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void

    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ evidence: EvidenceSet, sources: Data) throws {
        append("{\n  \"facts\" : [")
        let facts = evidence.facts
        for index in facts.indices {
            append(index == 0 ? "\n    " : ",\n    ")
            appendFact(facts[index])
            if buffer.count >= 1 << 20 { try flush() }
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
        if let text = fact.provenance.text {
            append(",\"text\":")
            appendString(text)
        }
        if let time = fact.provenance.time {
            append(",\"time\":")
            appendString(time)
        }
        if let stamp = fact.provenance.timestamp {
            append(",\"timestamp\":")
            appendString(stamp)
        }
        append("}")
    }

    /// A JSON string, escaped by the one JSON writer.
    private mutating func appendString(_ text: String) { JSONWriter.appendString(text, to: &buffer) }
}
