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
    }

    var kind: LogKind
    var outcome: Outcome

    var encodingLabel: String {
        switch outcome {
        case .text(let encoding): encoding.label
        case .binary, .zip: "binary"
        case .empty: "utf-8"
        }
    }
}

enum Recognizer {
    /// Bytes of a file looked at to recognise it.
    static let sampleSize = 8 << 10

    static let evtxMagic: [UInt8] = Array("ElfFile\0".utf8)

    static func isZip(_ sample: UnsafeBufferPointer<UInt8>) -> Bool {
        sample.count >= 4 && sample[0] == 0x50 && sample[1] == 0x4B
            && ((sample[2] == 3 && sample[3] == 4) || (sample[2] == 5 && sample[3] == 6))
    }

    static func recognize(sample: UnsafeBufferPointer<UInt8>, name: String) -> Recognition {
        let lowerName = name.lowercased()
        if sample.isEmpty { return Recognition(kind: kindFromName(lowerName), outcome: .empty) }
        if sample.count >= 8, Array(sample[0..<8]) == evtxMagic {
            return Recognition(kind: .evtx, outcome: .binary(reason: "binary event log: not supported yet"))
        }
        if isZip(sample) { return Recognition(kind: .unknown, outcome: .zip) }
        let encoding = TextEncoding.detect(sample)
        let text = encoding.decodeSample(sample)
        var kind = LogKind.unknown
        if !text.isEmpty, !looksBinary(text) {
            kind = text.withUnsafeBufferPointer { classify($0, lowerName: lowerName) }
        }
        if kind == .unknown, text.isEmpty || looksBinary(text) || nulHeavy(sample, encoding) {
            switch kindFromName(lowerName) {
            case .evtx: return Recognition(kind: .evtx, outcome: .binary(reason: "binary event log: not supported yet"))
            case .etl: return Recognition(kind: .etl, outcome: .binary(reason: ETLSource.otherReason))
            default: return Recognition(kind: .unknown, outcome: .binary(reason: "binary"))
            }
        }
        return Recognition(kind: kind, outcome: .text(encoding))
    }

    /// More than 5% NUL bytes in a sample that is not UTF-16: binary unless its text is a known log
    /// (NUL padding in a real log is dropped and noted).
    static func nulHeavy(_ sample: UnsafeBufferPointer<UInt8>, _ encoding: TextEncoding) -> Bool {
        switch encoding {
        case .utf16LE, .utf16BE: return false
        case .utf8, .utf8BOM: return sample.lazy.filter { $0 == 0 }.count * 20 > sample.count
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

    /// Kind from the file name alone: only for binary and empty files, and the Panther-family tie-break.
    static func kindFromName(_ lowerName: String) -> LogKind {
        if lowerName.hasSuffix(".evtx") { return .evtx }
        if lowerName.hasSuffix(".etl") { return .etl }
        if let hint = pantherHint(lowerName) { return hint }
        if lowerName.contains("windowsupdate") { return .windowsUpdate }
        if lowerName.contains("reportingevents") { return .reportingEvents }
        if lowerName.contains("poqexec") { return .poqexec }
        if lowerName.contains("setupdiag") { return .setupDiag }
        return .unknown
    }

    static func pantherHint(_ lowerName: String) -> LogKind? {
        if lowerName.contains("setuperr") { return .setuperr }
        if lowerName.contains("setupact") { return .setupact }
        if lowerName.contains("cbs") { return .cbs }
        if lowerName.contains("dism") { return .dism }
        return nil
    }

    // MARK: - Content

    private enum Vote: Int, CaseIterable {
        case cmtrace, eventsText, eventsCSV, setupDiag, reportingEvents, windowsUpdate, panther, poqexec,
             collectorInfo
    }

    static let wuModern = BytePattern("####/##/## ##:##:##.####### ")
    static let wuDashed = BytePattern("####-##-## ##:##:##.####### ")
    static let poqexecRecord = BytePattern("%%%%%%%%")

    private static func classify(_ text: UnsafeBufferPointer<UInt8>, lowerName: String) -> LogKind {
        var votes = [Int](repeating: 0, count: Vote.allCases.count)
        var panther = (cbs: 0, dism: 0, setup: 0, errors: 0, lines: 0)
        var nonEmpty = 0
        var matched = 0
        var lineStart = 0
        var lineIndex = 0
        while lineStart < text.count, lineIndex < 200 {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            var length = lineEnd - lineStart
            if length > 0, text[lineStart + length - 1] == 0x0D { length -= 1 }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<(lineStart + length)])
            lineStart = lineEnd + 1
            lineIndex += 1
            guard !line.allSatisfy(ASCII.isSpace) else { continue }
            nonEmpty += 1
            guard let (vote, weight) = vote(line) else { continue }
            matched += 1
            votes[vote.rawValue] += weight
            if vote == .panther {
                panther.lines += 1
                if let level = LineLayout.panther.level(line), line[level.lowerBound] == 0x45 { panther.errors += 1 }
                let component = LineLayout.panther.component(line).map { Array(line[$0]) } ?? []
                switch component {
                case Array("CBS".utf8), Array("CSI".utf8): panther.cbs += 1
                case Array("DISM".utf8): panther.dism += 1
                default: panther.setup += 1
                }
            }
        }
        guard let best = Vote.allCases.max(by: { votes[$0.rawValue] < votes[$1.rawValue] || (votes[$0.rawValue] == votes[$1.rawValue] && $0.rawValue > $1.rawValue) }),
              votes[best.rawValue] > 0 else { return .unknown }
        // A few matching lines among many that do not match is a mention, not a log.
        guard votes[best.rawValue] >= 10 || matched >= 3 || matched * 3 >= nonEmpty else { return .unknown }
        switch best {
        case .cmtrace: return .cmtrace
        case .eventsText: return .eventsText
        case .eventsCSV: return .eventsCSV
        case .setupDiag: return .setupDiag
        case .reportingEvents: return .reportingEvents
        case .windowsUpdate: return .windowsUpdate
        case .poqexec: return .poqexec
        case .collectorInfo: return .collectorInfo
        case .panther:
            if let hint = pantherHint(lowerName) { return hint }
            if panther.cbs > panther.dism, panther.cbs >= panther.setup { return .cbs }
            if panther.dism >= panther.setup { return .dism }
            return panther.errors == panther.lines ? .setuperr : .setupact
        }
    }

    private static func vote(_ line: UnsafeBufferPointer<UInt8>) -> (Vote, Int)? {
        let first = line[0]
        if first == 0x3C, ByteSearch.firstIndex(of: "<![LOG[", in: line) == 0 { return (.cmtrace, 10) }
        if first == 0x45, BytePattern("Event[#").matches(line), line[line.count - 1] == 0x3A,
           line[line.count - 2] == 0x5D { return (.eventsText, 10) }
        if first == 0x20, ByteSearch.firstIndex(of: "  Log Name: ", in: line) == 0 { return (.eventsText, 2) }
        if first == 0x23, ByteSearch.firstIndex(of: "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord", in: line) == 0 {
            return (.eventsCSV, 10)
        }
        if first == 0x22, ByteSearch.firstIndex(of: "\"TimeCreated\"", in: line) != nil,
           ByteSearch.firstIndex(of: "\"Id\"", in: line) != nil { return (.eventsCSV, 10) }
        if first == 0x53 || first == 0x4D,
           ByteSearch.firstIndex(of: "SetupDiag version", in: line) == 0
            || ByteSearch.firstIndex(of: "Matching Profile found:", in: line) == 0
            || ByteSearch.firstIndex(of: "SetupDiag was unable", in: line) == 0 { return (.setupDiag, 10) }
        if first == 0x7B, LineLayout.reportingStart.matches(line) { return (.reportingEvents, 1) }
        if ASCII.isDigit(first) {
            if wuModern.matches(line) || wuDashed.matches(line) || LineLayout.wuLegacy.matches(line) {
                return (.windowsUpdate, 1)
            }
            if LineLayout.pantherStart.matches(line), line.count > 22, ASCII.isLetter(line[21]) { return (.panther, 1) }
        }
        if poqexecRecord.matches(line) {
            var i = 8
            while i < line.count, ASCII.isHex(line[i]) { i += 1 }
            if i <= 16, i + 2 <= line.count, line[i] == 0x3A, line[i + 1] == 0x20 { return (.poqexec, 1) }
        }
        if first == 0x50, ByteSearch.firstIndex(of: "Primitive operation timings:", in: line) == 0 { return (.poqexec, 3) }
        if first == 0x54, ByteSearch.firstIndex(of: "Transaction UoW: ", in: line) == 0 { return (.poqexec, 3) }
        if let at = ASCII.firstIndexIgnoringCase(Array("logcollector".utf8), in: line) {
            // `Collector: CMGELogCollector` (a key naming the tool) is the info file itself; elsewhere a mention.
            let keyed = ASCII.firstIndexIgnoringCase(Array("collector:".utf8), in: line).map { $0 < at } ?? false
            return (.collectorInfo, keyed ? 10 : 5)
        }
        return nil
    }
}
