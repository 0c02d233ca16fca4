import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pipeline for a recognised binary input: the whole file (mapped, or a zip member held in memory) goes
/// to the format's ``BinaryLogDecoder``; its records count as the source's lines.
enum BinaryPipeline {
    /// A plain file, mapped read-only (the pages are the file's: nothing grows with its size).
    static func decode(
        fd: Int32, size: Int, path: String, kind: LogKind, decoder: any BinaryLogDecoder,
        limits: InputLimits, signatures: [LineSignature]
    ) -> SourceOutcome {
        guard size > 0 else {
            return decode(
                UnsafeRawBufferPointer(start: nil, count: 0), path: path, kind: kind, decoder: decoder,
                limits: limits, signatures: signatures)
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            return FileScanner.unreadable(path, errno)
        }
        defer { munmap(base, size) }
        return decode(
            UnsafeRawBufferPointer(start: base, count: size), path: path, kind: kind, decoder: decoder,
            limits: limits, signatures: signatures)
    }

    static func decode(
        _ bytes: UnsafeRawBufferPointer, path: String, kind: LogKind, decoder: any BinaryLogDecoder,
        limits: InputLimits, signatures: [LineSignature]
    ) -> SourceOutcome {
        var context = ExtractionContext(file: path, kind: decoder.readsAs ?? kind, limits: limits)
        let records: Int
        do {
            records = try decoder.decode(
                BinaryLogInput(bytes: bytes, signatures: signatures, limits: limits),
                into: &context)
        } catch {
            return SourceOutcome(
                record: SourceRecord(
                    path: path, kind: kind, status: .skipped, reason: error.reason,
                    encoding: "binary", bytes: bytes.count, lines: 0,
                    notes: context.notes), facts: [])
        }
        context.closeFolds()
        let kind = context.kind
        let record = SourceRecord(
            path: path, kind: kind, status: .parsed, encoding: "binary", lineEnding: "none",
            bytes: bytes.count, lines: records, first: context.firstTimestamp,
            last: context.lastTimestamp, notes: context.notes)
        var facts = context.takeFacts()
        var attributes = ["kind": kind.rawValue, "path": path, "lines": String(records)]
        if let first = context.firstTimestamp { attributes["first"] = first }
        if let last = context.lastTimestamp { attributes["last"] = last }
        facts.append(
            Fact(
                kind: FactKind.sourceCollected, attributes: attributes,
                provenance: Provenance(file: path, line: 0)))
        return SourceOutcome(record: record, facts: facts)
    }
}
