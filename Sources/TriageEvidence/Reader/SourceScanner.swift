import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one input produced.
struct SourceOutcome: Sendable {
    var record: SourceRecord
    var facts: [Fact]
}

/// The pipeline for one recognised text input: decode (UTF-16 → UTF-8), frame, extract, match.
final class TextPipeline {
    let path: String
    let recognition: Recognition
    let encoding: TextEncoding
    let framer: LineFramer
    var sink: ScanSink
    var transcoder: UTF16Transcoder?
    /// A pipelined read already framed the input's end (``readAllPipelined(fd:)``).
    var framingFinished = false
    private var sampleNotes: [String] = []

    /// `expectedBytes`: the input's size when known (a file's, a member's declared size): the framer's
    /// buffer is then no larger than the input needs (a small file does not take 512 KiB; more bytes than
    /// expected are still read, through more regions).
    init(
        path: String, recognition: Recognition, encoding: TextEncoding, decodedSample: [UInt8],
        limits: InputLimits, signatures: [LineSignature], expectedBytes: Int? = nil
    ) {
        self.path = path
        self.recognition = recognition
        self.encoding = encoding
        let framer = LineFramer(maxLine: limits.maxLineBytes, expectedBytes: expectedBytes)
        self.framer = framer
        let kind = recognition.kind
        let extractor = Extractors.make(for: kind)
        sink = decodedSample.withUnsafeBufferPointer {
            ScanSink(
                extractor: extractor,
                context: ExtractionContext(file: path, kind: kind, limits: limits),
                signatures: signatures,
                sample: $0, maxLine: limits.maxLineBytes, regionBytes: framer.capacity)
        }
        if decodedSample.contains(0x0D), !decodedSample.contains(0x0A) {
            framer.carriageReturnEndsLines = true
            sampleNotes.append("lines end with CR alone: each CR read as a line end")
        }
        switch encoding {
        case .utf16LE(let bom):
            transcoder = UTF16Transcoder(littleEndian: true)
            if !bom { sampleNotes.append("UTF-16LE without byte-order mark") }
        case .utf16BE(let bom):
            transcoder = UTF16Transcoder(littleEndian: false)
            if !bom { sampleNotes.append("UTF-16BE without byte-order mark") }
        case .utf8, .utf8BOM:
            if !Self.isValidUTF8(decodedSample) {
                sampleNotes.append("bytes that are not UTF-8 (Latin-1?) in the first 8 KiB, shown as U+FFFD")
            }
        }
    }

    /// UTF-8 validity of the sample, tolerating a sequence cut at its end.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var trimmed = bytes[...]
        var back = 0
        while back < 3, let last = trimmed.last, last & 0xC0 == 0x80 || last & 0xC0 == 0xC0 {
            trimmed = trimmed.dropLast()
            back += 1
            if last & 0xC0 == 0xC0 { break }
        }
        return UTF8Text.isValid(trimmed)
    }

    /// Raw bytes after the byte-order mark.
    func feed(_ raw: UnsafeRawBufferPointer) {
        if transcoder != nil {
            transcoder!.feed(raw, into: framer, sink: &sink)
        } else {
            framer.append(raw, to: &sink)
        }
    }

    /// Reads the rest of `fd` (positioned after the BOM) straight into the framer (UTF-8) or through a
    /// staging buffer (UTF-16).
    func readAll(fd: Int32) throws(ReadFailure) {
        try readToEnd(fd, framer: framer, transcoder: &transcoder, sink: &sink)
    }

    func finish(bytes: Int) -> SourceOutcome {
        if !framingFinished {
            if transcoder != nil { transcoder!.finish(into: framer, sink: &sink) }
            framer.finish(to: &sink)
        }
        sink.finish()
        sink.context.closeFolds()
        var notes = sampleNotes
        if framer.nulBytesDropped > 0 { notes.append("\(framer.nulBytesDropped) NUL bytes dropped") }
        if framer.longLines > 0 {
            notes.append(
                "\(framer.longLines) line\(framer.longLines == 1 ? "" : "s") longer than \(framer.maxLine) bytes cut to \(framer.maxLine) bytes"
            )
        }
        if framer.unterminatedLastLine { notes.append("last line has no line end") }
        notes.append(contentsOf: sink.context.notes)
        let impossible = sink.context.impossibleTimestamps
        if impossible.count > 0 {
            notes.append(
                "\(impossible.count) line\(impossible.count == 1 ? "" : "s") with an impossible timestamp (first: line \(impossible.firstLine)): read without a time"
            )
        }
        let span = sink.span
        let record = SourceRecord(
            path: path, kind: recognition.kind, status: .parsed, encoding: encoding.label,
            lineEnding: framer.lineEnding, bytes: bytes, lines: framer.lines,
            first: span.first, last: span.last, notes: notes)
        var facts = sink.context.takeFacts()
        var attributes = ["kind": recognition.kind.rawValue, "path": path, "lines": String(framer.lines)]
        if let first = span.first { attributes["first"] = first }
        if let last = span.last { attributes["last"] = last }
        facts.append(
            Fact(
                kind: FactKind.sourceCollected, attributes: attributes,
                provenance: Provenance(file: path, line: 0)))
        return SourceOutcome(record: record, facts: facts)
    }
}

struct ReadFailure: Error {
    var errno: Int32
    var message: String { String(cString: strerror(errno)) }
}

/// Reads the rest of `fd` into `framer`, which hands its lines to `sink`: straight into the framer's buffer
/// (UTF-8), or through a 1 MiB staging buffer that `transcoder` turns into UTF-8 (UTF-16). The one read loop
/// of a file read on one thread (``TextPipeline/readAll(fd:)``) and of the reading thread of
/// ``PipelinedRead``.
func readToEnd<S: LineSink>(
    _ fd: Int32, framer: LineFramer, transcoder: inout UTF16Transcoder?, sink: inout S
) throws(ReadFailure) {
    if transcoder != nil {
        let staging = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { staging.deallocate() }
        while true {
            let n = try readRetrying(fd, into: staging)
            if n == 0 { break }
            transcoder!.feed(UnsafeRawBufferPointer(rebasing: staging[0..<n]), into: framer, sink: &sink)
        }
    } else {
        while true {
            let space = framer.reserve()
            let n = try readRetrying(fd, into: space)
            if n == 0 { break }
            framer.commit(n, to: &sink)
        }
    }
}

/// One `read` of `fd` into `buffer`, retried when a signal interrupts it: the bytes read, 0 at the end.
func readRetrying(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
    while true {
        let n = read(fd, buffer.baseAddress!, buffer.count)
        if n >= 0 { return n }
        if errno != EINTR { throw ReadFailure(errno: errno) }
    }
}

/// Scans one input given as a stream of chunks (a zip member): buffers the first KB to recognise it, then
/// streams the rest through a ``TextPipeline``.
struct StreamScanner {
    let path: String
    let name: String
    let limits: InputLimits
    let signatures: [LineSignature]
    private var sample: [UInt8] = []
    private var recognition: Recognition?
    private var pipeline: TextPipeline?
    /// A binary format's bytes, kept whole for its decoder (bounded by the zip member limit).
    private var whole: [UInt8]?
    private(set) var bytes = 0
    /// The input's size when known (bytes held in memory, a member's declared size): sizes the framer.
    private let expectedBytes: Int?

    init(
        path: String, name: String, limits: InputLimits, signatures: [LineSignature], expectedBytes: Int? = nil
    ) {
        self.path = path
        self.name = name
        self.limits = limits
        self.signatures = signatures
        self.expectedBytes = expectedBytes
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        bytes += chunk.count
        if recognition == nil {
            sample.append(contentsOf: chunk)
            if sample.count >= Recognizer.sampleSize { start() }
        } else if whole != nil {
            whole!.append(contentsOf: chunk)
        } else {
            pipeline?.feed(chunk)
        }
    }

    private mutating func start() {
        let head = sample.prefix(Recognizer.sampleSize)
        let recognition = head.withLineBytes { Recognizer.recognize(sample: $0, name: name) }
        self.recognition = recognition
        if case .text(let encoding) = recognition.outcome, recognition.kind != .unknown {
            let decoded = head.withLineBytes { encoding.decodeSample($0) }
            let pipeline = TextPipeline(
                path: path, recognition: recognition, encoding: encoding,
                decodedSample: decoded, limits: limits, signatures: signatures,
                expectedBytes: expectedBytes.map { encoding.decodedSize(of: $0) })
            sample.withUnsafeBytes {
                pipeline.feed(UnsafeRawBufferPointer(rebasing: $0[min(encoding.bomLength, $0.count)...]))
            }
            self.pipeline = pipeline
        } else if case .decoded = recognition.outcome {
            whole = sample
        }
        sample = []
    }

    mutating func finish() -> SourceOutcome {
        if recognition == nil { start() }
        if let pipeline { return pipeline.finish(bytes: bytes) }
        if case .decoded(let decoder) = recognition!.outcome, let whole {
            return whole.withUnsafeBytes {
                BinaryPipeline.decode(
                    $0, path: path, kind: recognition!.kind, decoder: decoder, limits: limits,
                    signatures: signatures)
            }
        }
        return SourceOutcome(record: Self.skippedRecord(path: path, recognition: recognition!, bytes: bytes), facts: [])
    }

    /// The record of an input recognised as not to be parsed.
    static func skippedRecord(path: String, recognition: Recognition, bytes: Int) -> SourceRecord {
        let reason: String =
            switch recognition.outcome {
            case .binary(let reason): reason
            case .empty: "empty"
            case .zip: "zip archive"
            case .text, .decoded: "unsupported kind"
            }
        return SourceRecord(
            path: path, kind: recognition.kind, status: .skipped, reason: reason,
            encoding: recognition.encodingLabel, bytes: bytes, lines: 0)
    }
}

/// Scans a plain file: the first KB by pread to recognise it, then large reads straight into the framer.
enum FileScanner {
    /// `cores`: where a text file of `pipelineThreshold` bytes or more may take a second core
    /// (``PipelinedRead``, its signatures matched as `matching` says, a UTF-8 file mapped when `mapping`);
    /// nil reads on this thread only.
    static func scan(
        file: String, path: String, name: String, limits: InputLimits,
        signatures: [LineSignature], cores: CoreBudget? = nil, pipelineThreshold: Int = PipelinedRead.threshold,
        matching: PipelinedRead.Matching = .whenBehind, mapping: Bool = true
    ) -> SourceOutcome {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return unreadable(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return unreadable(path, errno) }
        let size = Int(info.st_size)
        if size > limits.maxFileBytes {
            return SourceOutcome(
                record: SourceRecord(
                    path: path, kind: Recognizer.kindFromName(name.lowercased()),
                    status: .skipped,
                    reason: "too large: \(size) bytes (limit \(limits.maxFileBytes))",
                    encoding: "unknown", bytes: size, lines: 0), facts: [])
        }
        var sample = [UInt8](repeating: 0, count: Recognizer.sampleSize)
        let got = sample.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard got >= 0 else { return unreadable(path, errno) }
        sample.removeSubrange(got...)
        let recognition = sample.withLineBytes { Recognizer.recognize(sample: $0, name: name) }
        if case .decoded(let decoder) = recognition.outcome {
            return BinaryPipeline.decode(
                fd: fd, size: size, path: path, kind: recognition.kind, decoder: decoder,
                limits: limits, signatures: signatures)
        }
        guard case .text(let encoding) = recognition.outcome, recognition.kind != .unknown else {
            return SourceOutcome(
                record: StreamScanner.skippedRecord(path: path, recognition: recognition, bytes: size),
                facts: [])
        }
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        let decoded = sample.withLineBytes { encoding.decodeSample($0) }
        let pipeline = TextPipeline(
            path: path, recognition: recognition, encoding: encoding, decodedSample: decoded,
            limits: limits, signatures: signatures, expectedBytes: encoding.decodedSize(of: size))
        guard lseek(fd, off_t(min(encoding.bomLength, got)), SEEK_SET) >= 0 else { return unreadable(path, errno) }
        do {
            if size >= pipelineThreshold, let cores, cores.take() {
                defer { cores.give() }
                try pipeline.readAllPipelined(
                    fd: fd, size: mapping && info.st_mode & S_IFMT == S_IFREG ? size : nil, matching: matching)
            } else {
                try pipeline.readAll(fd: fd)
            }
        } catch {
            return unreadable(path, error.errno)
        }
        return pipeline.finish(bytes: size)
    }

    static func unreadable(_ path: String, _ code: Int32) -> SourceOutcome {
        SourceOutcome(
            record: SourceRecord(
                path: path, kind: Recognizer.kindFromName(lastComponent(path).lowercased()),
                status: .skipped,
                reason: "unreadable: \(ReadFailure(errno: code).message)",
                encoding: "unknown", bytes: 0, lines: 0), facts: [])
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}
