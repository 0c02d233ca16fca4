import TriageCore

/// What a file is, from its first few KB (content first) and its name (second).
///
/// Content decides the format; the name only decides (a) between the kinds that share the
/// `YYYY-MM-DD HH:MM:SS, Level Component` layout — CBS, DISM, setupact and setuperr all write it, a Panther
/// `cbs.log` starts with DISM lines and a `SetupAct.log` can too — and (b) the kind of binary or empty files
/// (`.evtx`, `.etl`, an empty `CBS.log`). A text file whose content matches no known layout is `unknown`,
/// whatever its name (a `setupact.log` that is not a Panther log stays unknown).
struct Recognition: Sendable, Equatable {
    enum Outcome: Sendable, Equatable {
        case text(TextEncoding)
        case binary(reason: String)
        case zip
        case empty
        /// A binary format read whole by its decoder.
        case decoded(any BinaryLogDecoder)

        /// Decoders compare equal by their type (a format has one).
        static func == (a: Outcome, b: Outcome) -> Bool {
            switch (a, b) {
            case (.text(let x), .text(let y)): x == y
            case (.binary(let x), .binary(let y)): x == y
            case (.zip, .zip), (.empty, .empty): true
            case (.decoded(let x), .decoded(let y)): type(of: x) == type(of: y)
            default: false
            }
        }
    }

    var kind: LogKind
    var outcome: Outcome

    var encodingLabel: String {
        switch outcome {
        case .text(let encoding): encoding.label
        case .binary, .zip, .decoded: "binary"
        case .empty: "utf-8"
        }
    }
}

enum Recognizer {
    /// Bytes of a file looked at to recognise it.
    static let sampleSize = 8 << 10

    static func isZip(_ sample: LineBytes) -> Bool {
        sample.count >= 4 && sample[0] == 0x50 && sample[1] == 0x4B
            && ((sample[2] == 3 && sample[3] == 4) || (sample[2] == 5 && sample[3] == 6))
    }

    static func recognize(sample: LineBytes, name: String) -> Recognition {
        let lowerName = name.lowercased()
        if sample.isEmpty { return Recognition(kind: kindFromName(lowerName), outcome: .empty) }
        for format in LogFormats.withMagic {
            let magic = format.magic!
            if sample.count >= magic.count, sample.starts(with: magic) {
                return binary(format)
            }
        }
        if isZip(sample) { return Recognition(kind: .unknown, outcome: .zip) }
        let encoding = TextEncoding.detect(sample)
        let text = encoding.decodeSample(sample)
        var kind = LogKind.unknown
        if !text.isEmpty, !looksBinary(text) {
            kind = text.withLineBytes { classify($0, lowerName: lowerName) }
        }
        if kind == .unknown, text.isEmpty || looksBinary(text) || nulHeavy(sample, encoding) {
            if let format = LogFormats.format(for: kindFromName(lowerName)), isBinary(format) {
                return binary(format)
            }
            return Recognition(kind: .unknown, outcome: .binary(reason: "binary"))
        }
        return Recognition(kind: kind, outcome: .text(encoding))
    }

    private static func isBinary(_ format: LogFormat) -> Bool {
        if case .lines = format.reader { return false }
        return true
    }

    /// A binary format's recognition: read by its decoder, or skipped with its reason.
    private static func binary(_ format: LogFormat) -> Recognition {
        switch format.reader {
        case .binary(let decoder): Recognition(kind: format.kind, outcome: .decoded(decoder))
        case .unsupported(let reason): Recognition(kind: format.kind, outcome: .binary(reason: reason))
        case .lines: Recognition(kind: format.kind, outcome: .binary(reason: "binary"))
        }
    }

    /// More than 5% NUL bytes in a sample that is not UTF-16: binary unless its text is a known log
    /// (NUL padding in a real log is dropped and noted).
    static func nulHeavy(_ sample: LineBytes, _ encoding: TextEncoding) -> Bool {
        switch encoding {
        case .utf16LE, .utf16BE: return false
        case .utf8, .utf8BOM: return sample.indices.lazy.filter { sample[$0] == 0 }.count * 20 > sample.count
        }
    }

    /// Control bytes (other than tab, CR, LF, FF, ESC) above 5% of the sample: not text.
    static func looksBinary(_ text: [UInt8]) -> Bool {
        var control = 0
        for c in text where c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C && c != 0x1B {
            control += 1
        }
        return control * 20 > text.count
    }

    /// Kind from the file name alone: only for binary and empty files, and a content family's tie-break.
    static func kindFromName(_ lowerName: String) -> LogKind { LogFormats.kind(fromName: lowerName) }

    // MARK: - Content

    static let wuModern = BytePattern("####/##/## ##:##:##.####### ")
    static let wuDashed = BytePattern("####-##-## ##:##:##.####### ")

    /// Each non-blank line of the first 200 goes to the first content family (registry order) that votes
    /// for it; the family with the most weight wins (ties: the earlier family) and names the format.
    private static func classify(_ text: LineBytes, lowerName: String) -> LogKind {
        let families = LogFormats.families
        var classifiers = families.map { $0.makeClassifier() }
        var votes = [Int](repeating: 0, count: families.count)
        var nonEmpty = 0
        var matched = 0
        var lineStart = 0
        var lineIndex = 0
        while lineStart < text.count, lineIndex < 200 {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            var length = lineEnd - lineStart
            if length > 0, text[lineStart + length - 1] == 0x0D { length -= 1 }
            let line = text.slice(from: lineStart, to: lineStart + length)
            lineStart = lineEnd + 1
            lineIndex += 1
            guard !line.indices.allSatisfy({ ASCII.isSpace(line[$0]) }) else { continue }
            nonEmpty += 1
            for f in classifiers.indices {
                guard let weight = classifiers[f].vote(line) else { continue }
                matched += 1
                votes[f] += weight
                break
            }
        }
        var best = -1
        for f in votes.indices where votes[f] > 0 && (best < 0 || votes[f] > votes[best]) { best = f }
        guard best >= 0 else { return .unknown }
        // A few matching lines among many that do not match is a mention, not a log.
        guard votes[best] >= 10 || matched >= 3 || matched * 3 >= nonEmpty else { return .unknown }
        return classifiers[best].kind(lowerName: lowerName)
    }
}
