#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a pipelined read (``PipelinedRead``) takes the framer's buffers from: instead of moving the pending
/// line to the front of the buffer its lines were cut from, ``LineFramer/reserve()`` moves it to a fresh
/// buffer and hands the used one over, so the lines cut from it stay valid while another thread reads them.
protocol FramerBufferRotation: AnyObject {
    /// A free buffer of the framer's capacity (may wait until one is given back), for `pending` bytes to move
    /// to its start; for a mapped file (``MappedInput``), the place the pending bytes already are.
    func freshBuffer(pending: Int) -> UnsafeMutablePointer<UInt8>
    /// The buffer the lines so far were cut from, once the pending bytes have left it.
    func handOver(_ used: UnsafeMutablePointer<UInt8>)
    /// Hand over before the buffer is full (the record of its lines is large: many short lines).
    var wantsHandOver: Bool { get }
}

/// Receives the lines a ``LineFramer`` cuts, in order.
protocol LineSink {
    /// The bytes the next lines will be cut from (all of them until the next call), before they are cut.
    /// A sink that reads the whole region anyway may find its line ends (`\n`) in the same pass: it returns
    /// their offsets from the region's start, in order; nil leaves them to the framer.
    mutating func region(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]?
    mutating func line(_ line: LogLine)
}

extension LineSink {
    mutating func region(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]? { nil }
}

/// Cuts a stream of UTF-8 bytes into lines, in one pass, in a fixed buffer: at the line ends the sink found
/// in its own pass over each region, else at those of a vector pass here (``RegionMarks``), else by memchr.
///
/// Bytes are appended (or read straight into ``reserve()``), NUL bytes are dropped as they arrive, `\n` ends
/// a line and a `\r` before it is stripped. A line longer than `maxLine` is handed over cut to its first
/// `maxLine` bytes (and counted once); the rest of it is skipped without being kept, so memory stays bounded
/// whatever the input. The unterminated tail of the input is handed over by ``finish(to:)``.
///
/// The state a line's cutting touches is `@exclusivity(unchecked)`: the framer belongs to one thread and
/// its methods call no code that reaches back into it, and checking each access at run time cost half of
/// cutting the lines (a `swift_beginAccess`/`swift_endAccess` pair per counter per line).
final class LineFramer {
    private(set) var capacity: Int
    /// What the buffer may grow to: ``capacity`` when it was sized from an expected input size that turns
    /// out too small.
    let fullCapacity: Int
    let maxLine: Int
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    /// First byte of the pending (not yet terminated) line.
    @exclusivity(unchecked) private var start = 0
    /// End of the valid bytes.
    @exclusivity(unchecked) private var end = 0
    /// The pending line was cut at `maxLine`; input is being skipped up to its `\n`.
    @exclusivity(unchecked) private var skipping = false
    @exclusivity(unchecked) private var lastSkippedByte: UInt8 = 0

    /// Finds the line ends of a region in one vector pass, when the sink did not (nil without AVX2: memchr
    /// per line).
    private lazy var newlines: RegionMarks? = RegionMarks.isVectorised ? RegionMarks(regionBytes: capacity) : nil

    /// The framer's own buffer while it cuts lines in a mapped file's windows.
    private var own: (buffer: UnsafeMutablePointer<UInt8>, capacity: Int)?

    /// Set for a pipelined read (``rotate(through:capacity:readSize:window:)``): buffers rotate instead of being
    /// reused in place.
    private(set) var rotation: (any FramerBufferRotation)?
    /// With a rotation: the most ``reserve()`` offers at once (the buffer is larger: fewer hand-offs).
    private var readSize = Int.max

    /// Lone `\r` ends lines (set when the start of the input has `\r` and no `\n`): each is read as `\n`.
    var carriageReturnEndsLines = false

    @exclusivity(unchecked) private(set) var lines = 0
    @exclusivity(unchecked) private(set) var crlfLines = 0
    @exclusivity(unchecked) private(set) var lfLines = 0
    private(set) var nulBytesDropped = 0
    @exclusivity(unchecked) private(set) var longLines = 0
    private(set) var unterminatedLastLine = false
    /// Bytes appended, before NULs were dropped.
    private(set) var bytesIn = 0

    /// The default capacity keeps the buffer in L2 cache between the read that fills it and the scan.
    static let defaultCapacity = 512 << 10

    init(maxLine: Int, capacity: Int = LineFramer.defaultCapacity) {
        self.maxLine = maxLine
        self.capacity = max(capacity, maxLine * 4)
        fullCapacity = self.capacity
        buffer = .allocate(capacity: self.capacity)
    }

    /// A framer for an input of about `expectedBytes` (nil: unknown). When the input is smaller than the
    /// usual buffer, the buffer starts at the input's size (a small file, a fuzz input or a small trace does
    /// not allocate 512 KiB, or four times the line limit, for a few KB), and grows to the usual size when
    /// more arrives than expected (``reserve()``). The lines cut are the same whatever the capacity.
    init(maxLine: Int, expectedBytes: Int?) {
        self.maxLine = maxLine
        let full = max(Self.defaultCapacity, maxLine * 4)
        fullCapacity = full
        capacity = expectedBytes.map { min(full, max($0, 0) + 64) } ?? full
        buffer = .allocate(capacity: capacity)
    }

    deinit { (own?.buffer ?? buffer).deallocate() }

    /// `crlf`, `lf`, `mixed` or `none` (no terminated line).
    var lineEnding: String {
        if carriageReturnEndsLines, lfLines > 0 { return "cr" }
        return switch (crlfLines > 0, lfLines > 0) {
        case (true, true): "mixed"
        case (true, false): "crlf"
        case (false, true): "lf"
        case (false, false): "none"
        }
    }

    /// Pipelined reading: from now on (nothing buffered yet), buffers of `capacity` bytes come from and go to
    /// `rotation`, and each ``reserve()`` offers at most `readSize` bytes (regions as large as a one-thread
    /// read's, in buffers that are handed over less often); nil returns to reading in place.
    /// `window`: the start of a mapped file's bytes (``MappedInput``), which are the buffers; the framer's own is
    /// set aside until ``endWindows()``.
    func rotate(
        through rotation: (any FramerBufferRotation)?, capacity newCapacity: Int, readSize: Int,
        window: UnsafeMutablePointer<UInt8>? = nil
    ) {
        precondition(start == 0 && end == 0 && !skipping, "rotation set on a framer holding bytes")
        self.rotation = rotation
        self.readSize = rotation == nil ? Int.max : readSize
        if let window {
            own = (buffer, capacity)
            buffer = window
            capacity = newCapacity
            return
        }
        guard rotation != nil, newCapacity > capacity else { return }
        buffer.deallocate()
        buffer = .allocate(capacity: newCapacity)
        capacity = newCapacity
    }

    /// After a mapped file's last line (``finish(to:)``): back to the framer's own buffer, before the mapping goes.
    func endWindows() {
        guard let own else { return }
        precondition(start == end, "mapped windows left holding bytes")
        (buffer, capacity) = own
        self.own = nil
        start = 0
        end = 0
        rotation = nil
        readSize = Int.max
    }

    /// Free space to read into directly; hand the count read to ``commit(_:to:)``.
    func reserve() -> UnsafeMutableRawBufferPointer {
        if let rotation {
            // Rotate once the rest of the buffer holds less than a read (the pending bytes move to the
            // fresh buffer; the used one, and the lines cut in it, go to the thread that replays them).
            if capacity - end < readSize || rotation.wantsHandOver, start > 0 {
                let fresh = rotation.freshBuffer(pending: end - start)
                // A mapped file's next window may overlap the pending bytes, or start at them.
                if end > start, fresh != buffer + start { memmove(fresh, buffer + start, end - start) }
                end -= start
                start = 0
                let used = buffer
                buffer = fresh
                rotation.handOver(used)
            }
            return UnsafeMutableRawBufferPointer(start: buffer + end, count: min(readSize, capacity - end))
        }
        if start > 0 {
            if end > start { memmove(buffer, buffer + start, end - start) }
            end -= start
            start = 0
        }
        // A buffer sized for a smaller input grows once the pending bytes take half of it, so that each
        // read still brings at least as many new bytes as the pending line holds (no quadratic rescans).
        if capacity < fullCapacity, end * 2 >= capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: fullCapacity)
            if end > 0 { grown.update(from: buffer, count: end) }
            buffer.deallocate()
            buffer = grown
            capacity = fullCapacity
        }
        return UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end)
    }

    /// Takes `count` bytes just written into the space ``reserve()`` returned.
    func commit<S: LineSink>(_ count: Int, to sink: inout S) {
        guard count > 0 else { return }
        bytesIn += count
        var n = count
        let region = buffer + end
        if let nul = memchr(region, 0, n) {
            var write = UnsafeMutablePointer(nul.assumingMemoryBound(to: UInt8.self)) - region
            for read in write..<n where region[read] != 0 {
                region[write] = region[read]
                write += 1
            }
            nulBytesDropped += n - write
            n = write
        }
        if carriageReturnEndsLines {
            var at = 0
            while at < n, let cr = memchr(region + at, 0x0D, n - at) {
                let index = UnsafeMutablePointer(cr.assumingMemoryBound(to: UInt8.self)) - region
                region[index] = 0x0A
                at = index + 1
            }
        }
        let scanFrom = end
        end += n
        let regionStart = start
        let lineEnds = sink.region(UnsafeBufferPointer(start: buffer + start, count: end - start))
        frame(from: scanFrom, regionStart: regionStart, lineEnds: lineEnds, to: &sink)
    }

    /// Copies `bytes` in, framing as it goes.
    func append<S: LineSink>(_ bytes: UnsafeRawBufferPointer, to sink: inout S) {
        var offset = 0
        while offset < bytes.count {
            let space = reserve()
            let n = min(space.count, bytes.count - offset)
            memcpy(space.baseAddress!, bytes.baseAddress! + offset, n)
            commit(n, to: &sink)
            offset += n
        }
    }

    /// Hands over the last, unterminated line if there is one.
    func finish<S: LineSink>(to sink: inout S) {
        // ``reserve()`` may have moved the pending line since the last region was announced.
        if end > start { _ = sink.region(UnsafeBufferPointer(start: buffer + start, count: end - start)) }
        if skipping {
            skipping = false
            unterminatedLastLine = true
            deliver(start, maxLine, to: &sink)
        } else if end > start {
            unterminatedLastLine = true
            var length = end - start
            if buffer[end - 1] == 0x0D { length -= 1 }
            deliver(start, length, to: &sink)
        }
        start = 0
        end = 0
    }

    @inline(__always)
    private func deliver<S: LineSink>(_ from: Int, _ length: Int, to sink: inout S) {
        lines += 1
        sink.line(LogLine(bytes: LineBytes(UnsafeBufferPointer(start: buffer + from, count: length)), number: lines))
    }

    /// The pending line ends with the `\n` at `at`: hand it over.
    @inline(__always)
    private func endLine<S: LineSink>(at: Int, to sink: inout S) {
        var length = at - start
        if length > 0, buffer[at - 1] == 0x0D {
            length -= 1
            crlfLines += 1
        } else {
            lfLines += 1
        }
        if length > maxLine {
            longLines += 1
            length = maxLine
        }
        deliver(start, length, to: &sink)
        start = at + 1
    }

    /// Cuts the lines ending in `[scanFrom, end)`; `lineEnds`, when the sink found them, are the offsets of
    /// the `\n` in the region that starts at `regionStart` (none lies before `scanFrom`: the bytes between
    /// belong to the pending line).
    private func frame<S: LineSink>(from scanFrom: Int, regionStart: Int, lineEnds: [UInt32]?, to sink: inout S) {
        var position = scanFrom
        if skipping {
            guard let newline = memchr(buffer + scanFrom, 0x0A, end - scanFrom) else {
                if end > scanFrom { lastSkippedByte = buffer[end - 1] }
                end = scanFrom
                return
            }
            let at = UnsafeMutablePointer(newline.assumingMemoryBound(to: UInt8.self)) - buffer
            let before = at > scanFrom ? buffer[at - 1] : lastSkippedByte
            if before == 0x0D { crlfLines += 1 } else { lfLines += 1 }
            skipping = false
            deliver(start, maxLine, to: &sink)
            start = at + 1
            position = start
        }
        if let lineEnds {
            for offset in lineEnds {
                let at = regionStart + Int(offset)
                if at >= position { endLine(at: at, to: &sink) }
            }
        } else if let newlines, RegionMarks.fits(end - position) {
            newlines.mark(buffer + position, count: end - position, teddy: nil, lines: true, hexes: false) {
                _, _, ends, _ in
                for offset in ends { endLine(at: position + Int(offset), to: &sink) }
            }
        } else {
            while position < end, let newline = memchr(buffer + position, 0x0A, end - position) {
                let at = UnsafeMutablePointer(newline.assumingMemoryBound(to: UInt8.self)) - buffer
                endLine(at: at, to: &sink)
                position = start
            }
        }
        if end - start > maxLine {
            longLines += 1
            skipping = true
            lastSkippedByte = buffer[end - 1]
            end = start + maxLine
        }
    }
}
