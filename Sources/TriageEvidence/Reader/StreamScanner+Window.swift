extension StreamScanner {
    /// Feeds the window's bytes (a piece of a cabinet member) as a chunk of the stream.
    mutating func feed(_ window: ByteWindow) {
        window.withRawBytes { feed($0) }
    }
}
