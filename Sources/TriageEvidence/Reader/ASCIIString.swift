/// Short ASCII text written byte by byte straight into a string's storage — timestamps, written once per fact,
/// without interpolation pieces or an intermediate array. The raw buffer stays here, in the kernel; formatters
/// outside it write through an ``ASCIIWriter``.
enum ASCIIString {
    /// A string of the bytes `body` writes, at most `capacity` of them; positions not written but before the
    /// last one written are spaces.
    static func build(capacity: Int, _ body: (inout ASCIIWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.initialize(repeating: 0x20)
            var writer = ASCIIWriter(buffer)
            body(&writer)
            return writer.count
        }
    }
}

/// Writes bytes into the string ``ASCIIString/build(capacity:_:)`` is making; a write past its capacity is
/// dropped (the string ends at its capacity).
struct ASCIIWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// One past the last position written.
    private(set) var count = 0

    fileprivate init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// Writes `byte` at `index`.
    mutating func put(_ byte: UInt8, at index: Int) {
        guard index >= 0, index < buffer.count else { return }
        buffer[index] = byte
        count = max(count, index + 1)
    }

    /// Writes `byte` after the last position written.
    mutating func append(_ byte: UInt8) { put(byte, at: count) }
}
