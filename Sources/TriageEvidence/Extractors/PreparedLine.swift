/// What a servicing-log extractor reads first from a line it consumes: the header and the failure codes in
/// the text after it. Both are pure functions of the line's bytes, so a pipelined read's reading thread,
/// while the replaying thread is behind, works them out for the lines that will be consumed
/// (``LogExtractor/consumesPreparedLines``), and the extractor starts from them.
public struct PreparedLine: Sendable {
    let header: ServicingHeader
    /// The codes after the header (none for a line with no text after it).
    let codes: [CodeHit]

    init(_ bytes: LineBytes) {
        header = ServicingHeader(bytes)
        codes =
            header.textStart < bytes.count && bytes.contains("0x", from: header.textStart)
            ? CodeScanner.scan(bytes, from: header.textStart, forms: []) : []
    }
}
