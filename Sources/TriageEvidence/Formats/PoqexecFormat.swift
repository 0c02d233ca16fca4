import TriageCore

// poqexec.log in one file: its kind, its format (recognition and fact kinds) and its extractor. Registered by
// the line `.poqexec` in `LogFormats.all`.

extension LogKind {
    /// poqexec.log (primitive operations queue executor, runs at boot).
    public static let poqexec = LogKind(rawValue: "poqexec")
}

extension LogFormat {
    static let poqexec = LogFormat(
        kind: .poqexec, names: [.contains("poqexec", priority: 80)],
        content: .lines(.poqexec) { line in
            if PoqexecExtractor.record.matches(line) {
                var i = 8
                while i < line.count, ASCII.isHex(line[i]) { i += 1 }
                if i <= 16, i + 2 <= line.count, line[i] == 0x3A, line[i + 1] == 0x20 { return 1 }
            }
            let first = line[0]
            if first == 0x50, line.firstIndex(of: "Primitive operation timings:") == 0 { return 3 }
            if first == 0x54, line.firstIndex(of: "Transaction UoW: ") == 0 { return 3 }
            return nil
        },
        reader: .lines { PoqexecExtractor() }, factKinds: textFacts)
}

/// poqexec.log (primitive operations queue executor, runs at boot): records keyed by a hex FILETIME,
/// `1db8e420b35c7c1: 10b0, c0190003, 0, 0, <source file>, <function>(line):`. The second column is the
/// NTSTATUS/HRESULT; failures become `error-code` facts with context `startup`.
struct PoqexecExtractor: LogExtractor {
    /// A record starts with 8 or more hex digits (the FILETIME) and `: `.
    static let record = BytePattern("%%%%%%%%")

    var range = StampRange()

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard bytes.count > 10, ASCII.isHex(bytes[0]), let colon = bytes.firstIndex(of: ASCII.colon), colon <= 17,
            colon >= 12
        else {
            return
        }
        var ft: UInt64 = 0
        for i in 0..<colon {
            guard let v = ASCII.hexValue(bytes[i]) else { return }
            ft = ft << 4 | UInt64(v)
        }
        let stamp = Stamp(fileTime: ft)
        if let s = stamp { range.note(s) }
        // Columns after the colon: op, status, …
        guard let c1 = bytes.firstIndex(of: ASCII.comma, from: colon) else { return }
        let s = bytes.skipSpaces(from: c1 + 1)
        var e = s
        var v: UInt32 = 0
        while e < bytes.count, e - s < 9, let digit = ASCII.hexValue(bytes[e]) {
            v = v << 4 | digit
            e += 1
        }
        guard e - s >= 1, e - s <= 8, e < bytes.count, bytes[e] == ASCII.comma, v & 0x8000_0000 != 0 else { return }
        let hit = CodeHit(code: HRESULT(v), symbol: nil, offset: s)
        let attrs = Facts.errorCode(
            hit, log: .poqexec, level: "Error", component: "poqexec", context: "startup",
            kb: nil, package: nil, attempt: nil, text: Facts.message(bytes, from: colon + 1))
        context.emit(
            FactKind.errorCode, attrs, line: line, time: bytes.trimmedText(from: 0, to: colon), timestamp: stamp?.text)
    }

    mutating func finish(into context: inout ExtractionContext) { range.report(into: &context) }
}
