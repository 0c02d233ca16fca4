/// A read-only window on bytes the reader holds (a mapped or loaded file, an extracted cabinet member): the
/// safe view the binary decoders (event logs, ETW traces, Process Monitor captures) read through, so that raw
/// pointers stay in the reader's kernel.
///
/// Every read is bounds-checked: the optional reads (`u8`, `u16`, …) return nil outside the window, `byte`
/// reads zero there, and a sub-window that would run past the end is nil. Offsets are relative to the
/// window's first byte. A window is valid only while the reader's call that made it runs (the decoder's
/// `decode`, a ``ByteWindow/over(_:_:)`` body); decoders read from it and keep values, never the window.
public struct ByteWindow {
    private let raw: UnsafeRawBufferPointer

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    /// A window on `bytes` for the duration of `body` (tests, and decoders handed an array).
    public static func over<R, E: Error>(_ bytes: [UInt8], _ body: (ByteWindow) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = bytes.withUnsafeBytes { raw in
            do throws(E) { return .success(try body(ByteWindow(raw))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public var count: Int { raw.count }
    public var isEmpty: Bool { raw.isEmpty }

    /// Whether `count` bytes at `at` lie inside the window.
    @inline(__always) public func contains(_ at: Int, count length: Int) -> Bool {
        at >= 0 && length >= 0 && at <= raw.count && length <= raw.count &- at
    }

    /// The byte at `at`, or zero outside the window (for loops that check their bounds themselves).
    @inline(__always) public func byte(_ at: Int) -> UInt8 {
        at >= 0 && at < raw.count ? raw[at] : 0
    }

    @inline(__always) public func u8(_ at: Int) -> UInt8? {
        at >= 0 && at < raw.count ? raw[at] : nil
    }
    @inline(__always) public func u16(_ at: Int) -> UInt16? {
        contains(at, count: 2) ? raw.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian : nil
    }
    @inline(__always) public func u32(_ at: Int) -> UInt32? {
        contains(at, count: 4) ? raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian : nil
    }
    @inline(__always) public func u64(_ at: Int) -> UInt64? {
        contains(at, count: 8) ? raw.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian : nil
    }
    @inline(__always) public func i32(_ at: Int) -> Int32? { u32(at).map { Int32(bitPattern: $0) } }
    @inline(__always) public func i64(_ at: Int) -> Int64? { u64(at).map { Int64(bitPattern: $0) } }

    /// The `length` bytes at `at` as a window of their own (offsets from zero), or nil past the end.
    public func window(_ at: Int, _ length: Int) -> ByteWindow? {
        guard contains(at, count: length) else { return nil }
        return ByteWindow(UnsafeRawBufferPointer(rebasing: raw[at..<(at + length)]))
    }

    /// The window from `at` to its end, or nil when `at` is outside it.
    public func suffix(from at: Int) -> ByteWindow? { window(at, raw.count &- at) }

    /// A copy of the `length` bytes at `at`, or nil past the end.
    public func bytes(_ at: Int, _ length: Int) -> [UInt8]? {
        guard contains(at, count: length) else { return nil }
        return Array(raw[at..<(at + length)])
    }

    /// Whether the bytes at `at` are `expected` (a magic number, a signature).
    public func matches(_ expected: [UInt8], at: Int) -> Bool {
        guard contains(at, count: expected.count) else { return false }
        for (i, b) in expected.enumerated() where raw[at + i] != b { return false }
        return true
    }

    /// The first `byte` in `range` (clamped to the window), or nil.
    public func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, raw.count)
        var i = lower
        while i < upper {
            if raw[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// The `length` bytes at `at` (clamped to the window) decoded as UTF-8, invalid sequences replaced.
    public func utf8(_ at: Int, _ length: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: raw[clamped(at, length)]), as: UTF8.self)
    }

    /// The `byteCount` bytes at `at` (clamped to the window, an odd last byte ignored) decoded as UTF-16LE;
    /// `stopAtNUL`: the text ends at the first NUL unit, as Windows shows a string value.
    public func utf16(_ at: Int, byteCount: Int, stopAtNUL: Bool = true) -> String {
        UTF16LEText.decode(UnsafeRawBufferPointer(rebasing: raw[clamped(at, byteCount)]), stopAtNUL: stopAtNUL)
    }

    /// The part of the `length` bytes at `at` that lies inside the window (empty when none does).
    private func clamped(_ at: Int, _ length: Int) -> Range<Int> {
        let (end, overflow) = at.addingReportingOverflow(max(length, 0))
        let upper = overflow ? raw.count : min(max(end, 0), raw.count)
        let lower = min(max(at, 0), upper)
        return lower..<upper
    }

    /// The whole window as raw bytes, for the kernel's own routines (the text pipeline a decoded trace
    /// feeds, checksums); not for decoders.
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(raw) }
}
