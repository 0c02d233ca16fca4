import TriageCore

/// poqexec.log (primitive operations queue executor, runs at boot): records keyed by a hex FILETIME,
/// `1db8e420b35c7c1: 10b0, c0190003, 0, 0, <source file>, <function>(line):`. The second column is the
/// NTSTATUS/HRESULT; failures become `error-code` facts with context `startup`.
struct PoqexecExtractor: LogExtractor {
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
