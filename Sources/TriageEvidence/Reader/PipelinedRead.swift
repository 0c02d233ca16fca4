import Foundation
import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading one large text file on two cores (see docs/architecture.md, "Reading"): a reading thread reads,
/// decodes UTF-16, runs the whole-region search (``LiteralScanner``) and cuts the lines, exactly as the
/// one-thread read does, but records the regions, their hits and the lines instead of acting on them; the
/// calling thread replays each buffer's record through the file's ``ScanSink`` (extractor, signatures, time
/// span), in order. The lines point into the framer's buffers (4 MiB), which rotate
/// (``FramerBufferRotation``) between the two threads: at most three are in use at once (the framer's and
/// two spares), so memory stays bounded whatever the file's size. The sink sees the same regions, hits and lines in the same order as
/// in a one-thread read, so the facts are the same.
enum PipelinedRead {
    /// Files smaller than this are read on one thread (a thread and two spare buffers cost more than they
    /// save on a few MB).
    static let threshold = 16 << 20
    /// Buffers besides the framer's own: one being replayed, one ready.
    static let spareBuffers = 2
    /// A mapped file's windows the reading thread may be ahead by: they cost no copy, only the file's pages
    /// kept mapped until replayed (four more windows: 16 MiB with the default line limit, a window being the
    /// larger of 4 MiB and 16 of the longest lines), and with six instead of two the threads wait for
    /// each other less where the work of a batch varies (measured on the 532 MB real CBS log: 0.33 → 0.31 s
    /// best, peak RSS 72 → 90 MB; twelve were no faster).
    static let spareWindows = 6
    /// Each buffer holds several reads (each as large as a one-thread read's buffer): the threads meet once
    /// per buffer, about 130 times for 512 MB.
    static let bufferBytes = 4 << 20
    /// Lines recorded before a buffer is handed over early (16 bytes each).
    static let maxLinesPerBatch = 1 << 16

    /// Which thread matches the signatures of the lines (the facts are the same either way).
    enum Matching: Sendable {
        /// The reading thread, for the buffers it fills after it had to wait for a free one (the calling
        /// thread is behind); the calling thread otherwise.
        case whenBehind
        /// Always the reading thread, or always the calling thread (tests cover both paths with these).
        case readingThread, callingThread
    }
}

/// Cores free for a second thread on one file: those the reader's workers do not use (fewer files than
/// cores), and each worker's once it has no file left. A large file takes one if there is one when its
/// reading starts, and gives it back at its end; two large files read at once thus take one core each.
final class CoreBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: Int
    private var taken = 0

    init(spare: Int) { self.spare = max(0, spare) }

    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard spare > 0 else { return false }
        spare -= 1
        taken += 1
        return true
    }

    /// How many reads took a core (tests check the two-thread path ran).
    var granted: Int {
        lock.lock()
        defer { lock.unlock() }
        return taken
    }

    func give() {
        lock.lock()
        spare += 1
        lock.unlock()
    }
}

/// What the reading thread found in one buffer: the regions announced (each with its hits) and the lines
/// cut, in order. The batch owns `buffer` (and the lines in it) until the calling thread gives it back.
struct ScanBatch: @unchecked Sendable {
    struct Region {
        var base: UnsafePointer<UInt8>?
        var hits: [LiteralHit]
        /// Index in ``lines`` of the first line cut after this region was announced.
        var firstLine: Int
    }

    var regions: [Region] = []
    var lines: [UnsafeBufferPointer<UInt8>] = []
    /// When the reading thread matched the signatures (``BatchWriter/matching``): the matches, in line order,
    /// and per line the end of its matches in them (one entry per line); both empty otherwise.
    var matches: [SignatureMatcher.Match] = []
    var matchEnds: [Int] = []
    /// For an extractor that ``LogExtractor/passesOverStampsOnly``: the range of every line's servicing-header
    /// timestamp (``stampsNoted``).
    var stamps = StampRange()
    var stampsNoted = false
    /// With the matches, for an extractor that ``LogExtractor/consumesPreparedLines``: the prepared lines
    /// to be consumed, and the index in ``lines`` of each.
    var prepared: [PreparedLine] = []
    var preparedAt: [Int32] = []
    /// The buffer the lines are in, to give back once they are replayed; nil for the last batch (its lines
    /// are in the framer's current buffer, which the framer keeps).
    var buffer: UnsafeMutablePointer<UInt8>?
}

/// The one place the two threads meet: spare buffers going to the reading thread, batches coming back, and
/// the end of the input. Every access holds the condition's lock.
final class ReadHandOff: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: [UnsafeMutablePointer<UInt8>] = []
    private var ready: [ScanBatch] = []
    private var ended = false
    private var failure: ReadFailure?
    /// A mapped file's windows are its own bytes: only how many the reading thread may be ahead is counted
    /// (``freeWindows``), and each window given back releases the pages before it.
    private let mapping: MappedInput?
    private var freeWindows = 0
    /// The start of the last window given back: the pages before it may go (released by the reading thread,
    /// which has time to spare, not by the replaying one).
    private var replayedUpTo: UnsafeMutablePointer<UInt8>?

    init(spareBuffers: Int, capacity: Int) {
        mapping = nil
        for _ in 0..<spareBuffers { free.append(.allocate(capacity: capacity)) }
    }

    init(spareWindows: Int, mapping: MappedInput) {
        self.mapping = mapping
        freeWindows = spareWindows
    }

    /// Buffers still in a batch belong to the framer (its current one) or were given back.
    deinit { for buffer in free { buffer.deallocate() } }

    /// A spare buffer, and whether none was free at first (the calling thread is behind: it still holds or
    /// has yet to replay every other buffer).
    /// For a mapped file: nil, once a window may be opened (where is the mapping's to say).
    func takeFree() -> (buffer: UnsafeMutablePointer<UInt8>?, waited: Bool) {
        if let mapping {
            condition.lock()
            let waited = freeWindows == 0
            while freeWindows == 0 { condition.wait() }
            freeWindows -= 1
            let replayed = replayedUpTo
            condition.unlock()
            if let replayed { mapping.release(before: replayed) }
            return (nil, waited)
        }
        condition.lock()
        defer { condition.unlock() }
        let waited = free.isEmpty
        while free.isEmpty { condition.wait() }
        return (free.removeLast(), waited)
    }

    func giveBack(_ buffer: UnsafeMutablePointer<UInt8>) {
        condition.lock()
        if mapping != nil {
            freeWindows += 1
            replayedUpTo = buffer
        } else {
            free.append(buffer)
        }
        condition.broadcast()
        condition.unlock()
    }

    func send(_ batch: ScanBatch) {
        condition.lock()
        ready.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The reading thread is done (and touches nothing shared any more).
    func end(failure: ReadFailure?) {
        condition.lock()
        ended = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in order, or nil once the reading thread has ended and every batch was received.
    func receive() -> ScanBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !ended { condition.wait() }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Why the reading thread stopped early (read after ``receive()`` returned nil).
    var readFailure: ReadFailure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }
}

/// The reading thread's batch under construction; the framer's buffer rotation sends it off with the
/// buffer it describes. Used by the reading thread only.
final class BatchWriter: FramerBufferRotation {
    let handOff: ReadHandOff
    /// Appended to per line by the reading thread only: not checked at run time (see ``LineFramer``).
    @exclusivity(unchecked) var batch = ScanBatch()
    /// Whether the reading thread matches the signatures of the current batch's lines itself: when the
    /// calling thread was behind at the last hand-over (the reading thread had to wait for a free buffer),
    /// the reading thread has time to spare and takes that work over; the facts are the same either way,
    /// emitted by the calling thread in line order.
    private(set) var matching: Bool
    private var waited = false
    let policy: PipelinedRead.Matching

    /// The file whose bytes are the buffers, when it is mapped.
    let mapping: MappedInput?

    init(handOff: ReadHandOff, matching policy: PipelinedRead.Matching = .whenBehind, mapping: MappedInput? = nil) {
        self.handOff = handOff
        self.mapping = mapping
        self.policy = policy
        matching = policy == .readingThread
    }

    func freshBuffer(pending: Int) -> UnsafeMutablePointer<UInt8> {
        let (buffer, waited) = handOff.takeFree()
        self.waited = waited
        return buffer ?? mapping!.window(pending: pending)
    }

    /// A buffer of very short lines (a file of empty lines has a million per MB) goes early, so that a
    /// batch's record stays near 1 MB plus one read's lines.
    var wantsHandOver: Bool { batch.lines.count >= PipelinedRead.maxLinesPerBatch }

    func handOver(_ used: UnsafeMutablePointer<UInt8>) {
        batch.buffer = used
        handOff.send(batch)
        matching = policy == .readingThread || (policy == .whenBehind && waited)
        batch = ScanBatch()
    }
}

/// The reading thread's sink: searches each region as ``ScanSink/region(_:)`` would, and records regions
/// and lines in the current batch; while the batch is ``BatchWriter/matching``, also the lines' signature
/// matches, found from the region's hits as ``ScanSink/line(_:matched:)`` would find them.
struct RegionRecorder: LineSink {
    let scanner: LiteralScanner?
    let writer: BatchWriter
    /// The reading thread's own copy of the file's matcher, and the scanner literal → anchor map.
    let matcher: SignatureMatcher?
    let anchorOfLiteral: [Int]
    /// How the calling thread's sink decides which lines it consumes, when the lines to be consumed are
    /// prepared here (``ScanBatch/prepared``); nil when they are not.
    let consumption: ConsumptionRule?
    /// Whether the lines' timestamps are noted (``ScanBatch/stamps``): always, for an extractor whose
    /// `pass(over:)` does only that (cheaper here, comparing a line's first bytes with the last line's, than a
    /// call of the extractor per line on the replaying thread).
    let notesStamps: Bool
    private var stampNoter = HeaderStampNoter()
    private var hits: [LiteralHit] = []
    private var lineEnds: [UInt32] = []
    private var regionBase: UnsafePointer<UInt8>?
    private var cursor = HitCursor()
    /// Lines recorded (tells lines apart for the matcher).
    private var number = 0

    init(
        scanner: LiteralScanner?, writer: BatchWriter, matcher: SignatureMatcher? = nil, anchorOfLiteral: [Int] = [],
        notesStamps: Bool = false,
        consumption: ConsumptionRule? = nil
    ) {
        self.scanner = scanner
        self.writer = writer
        self.matcher = matcher
        self.anchorOfLiteral = anchorOfLiteral
        self.notesStamps = notesStamps
        self.consumption = consumption
    }

    mutating func region(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]? {
        var found = false
        if let scanner {
            found = withUnsafeMutablePointer(to: &lineEnds) { scanner.scan(bytes, into: &hits, lineEnds: $0) }
        }
        writer.batch.regions.append(
            ScanBatch.Region(base: bytes.baseAddress, hits: hits, firstLine: writer.batch.lines.count))
        regionBase = bytes.baseAddress
        cursor = HitCursor()
        return found ? lineEnds : nil
    }

    mutating func line(_ line: LogLine) {
        writer.batch.lines.append(line.bytes.unsafeStorage)
        number += 1
        if notesStamps {
            stampNoter.note(line.bytes, into: &writer.batch.stamps)
            writer.batch.stampsNoted = true
        }
        guard writer.matching else { return }
        var first = 0
        var past = 0
        var lineStart = 0
        if scanner != nil, let base = regionBase, let start = line.bytes.unsafeStorage.baseAddress {
            lineStart = start - base
            (first, past) = cursor.hits(in: hits, from: lineStart, to: lineStart + line.count)
        }
        if let matcher {
            for k in first..<past {
                let literal = hits[k].literal
                let anchor = literal < 0 ? -1 : anchorOfLiteral[literal]
                if anchor >= 0 {
                    matcher.matches(
                        line.bytes, number: number, anchor: anchor, at: hits[k].offset - lineStart,
                        into: &writer.batch.matches)
                }
            }
        }
        writer.batch.matchEnds.append(writer.batch.matches.count)
        if let consumption, consumption.decide(hits, first, past, lineCount: line.count).consume {
            writer.batch.preparedAt.append(Int32(writer.batch.lines.count - 1))
            writer.batch.prepared.append(PreparedLine(line.bytes))
        }
    }
}

/// What the reading thread works on, handed to it whole; the calling thread touches none of it until the
/// hand-off has ended.
private final class ReadingJob: @unchecked Sendable {
    let fd: Int32
    let framer: LineFramer
    var transcoder: UTF16Transcoder?
    var recorder: RegionRecorder
    let handOff: ReadHandOff

    init(fd: Int32, framer: LineFramer, transcoder: UTF16Transcoder?, recorder: RegionRecorder, handOff: ReadHandOff) {
        self.fd = fd
        self.framer = framer
        self.transcoder = transcoder
        self.recorder = recorder
        self.handOff = handOff
    }

    func run() {
        var failure: ReadFailure?
        do throws(ReadFailure) {
            try readAll()
        } catch {
            failure = error
        }
        if failure == nil {
            if transcoder != nil { transcoder!.finish(into: framer, sink: &recorder) }
            framer.finish(to: &recorder)
        }
        handOff.send(recorder.writer.batch)
        handOff.end(failure: failure)
    }

    private func readAll() throws(ReadFailure) {
        if let mapping = recorder.writer.mapping {
            mapping.feed(framer, sink: &recorder)
        } else {
            try readToEnd(fd, framer: framer, transcoder: &transcoder, sink: &recorder)
        }
    }
}

extension TextPipeline {
    /// ``readAll(fd:)`` on two threads: this one replays what a reading thread found (see ``PipelinedRead``).
    /// `size`: the file's size when it may be mapped (``MappedInput``: UTF-8, a regular file); nil reads it.
    func readAllPipelined(fd: Int32, size: Int? = nil, matching: PipelinedRead.Matching = .whenBehind)
        throws(ReadFailure)
    {
        let readSize = framer.fullCapacity
        let capacity = max(PipelinedRead.bufferBytes, 4 * readSize)
        let position = Int(lseek(fd, 0, SEEK_CUR))
        let mapping =
            transcoder == nil && position >= 0 ? size.flatMap { MappedInput(fd: fd, size: $0, from: position) } : nil
        let handOff =
            mapping.map { ReadHandOff(spareWindows: PipelinedRead.spareWindows, mapping: $0) }
            ?? ReadHandOff(spareBuffers: PipelinedRead.spareBuffers, capacity: capacity)
        let writer = BatchWriter(handOff: handOff, matching: matching, mapping: mapping)
        framer.rotate(through: writer, capacity: capacity, readSize: readSize, window: mapping?.window(pending: 0))
        let job = ReadingJob(
            fd: fd, framer: framer, transcoder: transcoder,
            recorder: RegionRecorder(
                scanner: sink.scanner, writer: writer, matcher: sink.matcher?.copy(),
                anchorOfLiteral: sink.anchorOfLiteral, notesStamps: sink.extractorPassesOverStampsOnly,
                consumption: sink.extractorConsumesPreparedLines ? sink.consumption : nil),
            handOff: handOff)
        let thread = Thread { job.run() }
        thread.stackSize = 1 << 20
        thread.start()
        var number = 0
        while var batch = handOff.receive() {
            Self.replay(&batch, into: &sink, number: &number)
            if let buffer = batch.buffer { handOff.giveBack(buffer) }
        }
        framingFinished = true
        framer.endWindows()
        transcoder = job.transcoder
        if let failure = handOff.readFailure { throw failure }
    }

    private static func replay(_ batch: inout ScanBatch, into sink: inout ScanSink, number: inout Int) {
        let lines = batch.lines
        let matched = !lines.isEmpty && batch.matchEnds.count == lines.count
        sink.adopt(stamps: batch.stampsNoted ? batch.stamps : nil)
        // The next of the batch's prepared lines (they are in line order).
        var next = 0
        sink.expectsPreparedLines = matched && sink.extractorConsumesPreparedLines
        for r in batch.regions.indices {
            let end = r + 1 < batch.regions.count ? batch.regions[r + 1].firstLine : lines.count
            sink.adopt(region: batch.regions[r].base, hits: &batch.regions[r].hits)
            var k = batch.regions[r].firstLine
            while k < end {
                let quiet = sink.quietLines(lines, from: k, to: end)
                number += quiet
                k += quiet
                guard k < end else { break }
                defer { k += 1 }
                number += 1
                let line = LogLine(bytes: LineBytes(lines[k]), number: number)
                if matched {
                    let from = k > 0 ? batch.matchEnds[k - 1] : 0
                    var prepared: PreparedLine?
                    if next < batch.preparedAt.count, batch.preparedAt[next] == k {
                        prepared = batch.prepared[next]
                        next += 1
                    }
                    sink.line(line, matched: batch.matches[from..<batch.matchEnds[k]], prepared: prepared)
                } else {
                    sink.line(line)
                }
            }
        }
    }
}
