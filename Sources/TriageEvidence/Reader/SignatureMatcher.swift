import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// All line signatures of one log kind, matched on the lines the reader's ``LiteralScanner`` found one of
/// their anchors in.
///
/// Each signature's longest literal is its anchor: the scanner looks for all anchors of a kind (and the
/// extractor's triggers) together, in whole buffers, so adding signatures does not add passes. On a line
/// holding an anchor, the signatures it starts are checked: the remaining literals in order, the level and
/// component read by position, then the captures taken.
final class SignatureMatcher {
    struct Capture {
        let name: String
        let after: [UInt8]
        let shape: LineSignature.TokenShape
        let until: [UInt8]?
    }

    /// A class, not a struct: a line's check takes its signature with one retain, not one per field.
    final class Compiled: Sendable {
        let id: String
        let literals: [[UInt8]]
        let level: [UInt8]?
        let component: [UInt8]?
        let captures: [Capture]

        init(id: String, literals: [[UInt8]], level: [UInt8]?, component: [UInt8]?, captures: [Capture]) {
            self.id = id
            self.literals = literals
            self.level = level
            self.component = component
            self.captures = captures
        }
    }

    let kind: LogKind
    /// The `log` attribute of the facts (the kind, unless the signatures are borrowed from another kind).
    let emitKind: LogKind
    let layout: LineLayout
    let signatures: [Compiled]
    /// Distinct anchors and the signatures they start.
    let anchors: [[UInt8]]
    private let anchorSignatures: [[Int]]
    /// Line number of each signature's last match (one fact per signature per line).
    private var lastMatched: [Int]

    var isEmpty: Bool { signatures.isEmpty }

    init(kind: LogKind, signatures all: [LineSignature], emitAs: LogKind? = nil) {
        self.kind = kind
        emitKind = emitAs ?? kind
        layout = LineLayout(kind: kind)
        // One pass over all signatures, compiling this kind's (no filtered copy of whole signatures first).
        var signatures: [Compiled] = []
        for s in all where s.log == kind && !s.literals.isEmpty && !s.literals[0].isEmpty {
            signatures.append(
                Compiled(
                    id: s.id, literals: s.literals.map { Array($0.utf8) },
                    level: s.level.map { Array($0.lowercased().utf8) },
                    component: s.component.map { Array($0.lowercased().utf8) },
                    captures: s.captures.map {
                        Capture(
                            name: $0.name, after: Array($0.after.utf8), shape: $0.shape,
                            until: $0.until.flatMap { $0.isEmpty ? nil : Array($0.utf8) })
                    }))
        }
        self.signatures = signatures
        var anchorIndex: [[UInt8]: Int] = [:]
        var anchors: [[UInt8]] = []
        var anchorSignatures: [[Int]] = []
        for (i, s) in signatures.enumerated() {
            // The longest literal finds the line; all literals are then checked in order.
            let key = s.literals.max { $0.count < $1.count }!
            if let a = anchorIndex[key] {
                anchorSignatures[a].append(i)
            } else {
                anchorIndex[key] = anchors.count
                anchors.append(key)
                anchorSignatures.append([i])
            }
        }
        self.anchors = anchors
        self.anchorSignatures = anchorSignatures
        lastMatched = [Int](repeating: 0, count: signatures.count)
    }

    /// The same signatures with a state of their own (which signature matched on which line), for a pipelined
    /// read's reading thread (``matches(_:number:anchor:at:into:)``).
    private init(copying other: SignatureMatcher) {
        kind = other.kind
        emitKind = other.emitKind
        layout = other.layout
        signatures = other.signatures
        anchors = other.anchors
        anchorSignatures = other.anchorSignatures
        lastMatched = [Int](repeating: 0, count: other.signatures.count)
    }

    func copy() -> SignatureMatcher { SignatureMatcher(copying: self) }

    /// A signature matched on a line, its fact's attributes worked out, not yet emitted.
    struct Match {
        let signature: Int
        let fields: FactFields
    }

    /// Checks the signatures of `anchor`, found at `offset` in `line`; emits a `signature` fact per match.
    @inline(__always)
    func match(_ line: LogLine, anchor a: Int, at offset: Int, into context: inout ExtractionContext) {
        guard offset >= 0, offset + anchors[a].count <= line.count else { return }
        for s in anchorSignatures[a] where lastMatched[s] != line.number {
            guard let fields = evaluate(s, line.bytes) else { continue }
            lastMatched[s] = line.number
            emit(fields, line: line, into: &context)
        }
    }

    /// What ``match(_:anchor:at:into:)`` would emit, appended to `found` instead: the reading thread of a
    /// pipelined read works matches out while the calling thread is behind, which then emits them
    /// (``emit(_:line:into:)``) where it would have matched. `number` tells lines apart (one fact per
    /// signature per line).
    func matches(_ line: LineBytes, number: Int, anchor a: Int, at offset: Int, into found: inout [Match]) {
        guard offset >= 0, offset + anchors[a].count <= line.count else { return }
        for s in anchorSignatures[a] where lastMatched[s] != number {
            guard let fields = evaluate(s, line) else { continue }
            lastMatched[s] = number
            found.append(Match(signature: s, fields: fields))
        }
    }

    /// Emits a `signature` fact: `fields` of a match on `line`, its time read from the line if it is kept.
    func emit(_ fields: FactFields, line: LogLine, into context: inout ExtractionContext) {
        let layout = layout
        context.emit(FactKind.signature, fields: fields, line: line) {
            guard let stamp = layout.timestamp(line.bytes) else { return (nil, nil) }
            return (
                line.text(from: stamp.range.lowerBound, to: stamp.range.upperBound), LineLayout.format(stamp.packed)
            )
        }
    }

    /// Checks every signature on a line that was not scanned for anchors (a message rebuilt from a binary
    /// event); the facts get the given citation and time instead of the line's own.
    func matchAll(
        _ line: LogLine, citation: String, time: String?, timestamp: String?,
        into context: inout ExtractionContext
    ) {
        guard !signatures.isEmpty else { return }
        let before = context.facts.count
        for (a, anchor) in anchors.enumerated() {
            guard let at = line.bytes.firstIndex(of: anchor) else {
                continue
            }
            match(line, anchor: a, at: at, into: &context)
        }
        guard context.facts.count > before else { return }
        context.updateProvenance(from: before) { provenance in
            provenance.text = citation
            provenance.time = time
            provenance.timestamp = timestamp
        }
    }

    /// All literals in order (leftmost occurrences), then level, component and captures: the attributes of
    /// the fact when signature `index` matches `p`, else nil. Reads nothing but the line and the signature.
    private func evaluate(_ index: Int, _ p: LineBytes) -> FactFields? {
        let signature = signatures[index]
        var position = 0
        var start = -1
        for literal in signature.literals where !literal.isEmpty {
            guard let at = p.firstIndex(of: literal, from: position)
            else { return nil }
            if start < 0 { start = at }
            position = at + literal.count
        }
        if let level = signature.level {
            guard let range = layout.level(p), Self.levelMatches(level, p, range, layout: layout) else { return nil }
        }
        if let component = signature.component {
            guard let range = layout.component(p), Self.equalsIgnoringCase(component, p, range) else { return nil }
        }
        var fields = FactFields(capacity: 2 + signature.captures.count)
        fields.add("id", signature.id)
        fields.add("log", emitKind.rawValue)
        for capture in signature.captures { fields.set(capture.name, Self.capture(capture, in: p, from: start)) }
        return fields
    }

    private static func equalsIgnoringCase(_ expected: [UInt8], _ p: LineBytes, _ range: Range<Int>)
        -> Bool
    {
        guard range.count == expected.count else { return false }
        for (i, c) in expected.enumerated() where ASCII.lower(p[range.lowerBound + i]) != c { return false }
        return true
    }

    private static func levelMatches(
        _ expected: [UInt8], _ p: LineBytes, _ range: Range<Int>,
        layout: LineLayout
    ) -> Bool {
        if case .cmtrace = layout {
            let name: [UInt8] =
                switch p[range.lowerBound] {
                case 0x31: Array("info".utf8)
                case 0x32: Array("warning".utf8)
                case 0x33: Array("error".utf8)
                default: []
                }
            return name == expected
        }
        return equalsIgnoringCase(expected, p, range)
    }

    /// The token a capture names, normalised for its shape; nil when `after` is absent or the token empty.
    static func capture(_ capture: Capture, in p: LineBytes, from anchor: Int) -> String? {
        var begin = 0
        if !capture.after.isEmpty {
            let found = p.firstIndex(of: capture.after, from: anchor) ?? p.firstIndex(of: capture.after, from: 0)
            guard let at = found else { return nil }
            begin = at + capture.after.count
        }
        switch capture.shape {
        case .word:
            while begin < p.count, ASCII.isSpace(p[begin]) { begin += 1 }
            var end = begin
            while end < p.count, !ASCII.isSpace(p[end]) { end += 1 }
            return text(p, begin, end)
        case .rest:
            return trimmedText(p, begin, p.count)
        case .until:
            var end = p.count
            if let until = capture.until,
                let at = p.firstIndex(of: until, from: begin)
            {
                end = at
            }
            return trimmedText(p, begin, end)
        case .hresult:
            while begin < p.count, ASCII.isSpace(p[begin]) || p[begin] == 0x5B || p[begin] == 0x28 { begin += 1 }
            var end = begin
            if end + 1 < p.count, p[end] == 0x30, p[end + 1] | 0x20 == 0x78 { end += 2 }
            while end < p.count, ASCII.isHex(p[end]) { end += 1 }
            guard let token = text(p, begin, end), let code = HRESULT(parsing: token) else { return nil }
            return code.hex
        case .kb:
            var i = begin
            while i + 2 < p.count {
                if p[i] | 0x20 == 0x6B, p[i + 1] | 0x20 == 0x62, ASCII.isDigit(p[i + 2]) {
                    var end = i + 2
                    while end < p.count, ASCII.isDigit(p[end]) { end += 1 }
                    return "KB" + (text(p, i + 2, end) ?? "")
                }
                i += 1
            }
            return nil
        }
    }

    private static func text(_ p: LineBytes, _ begin: Int, _ end: Int) -> String? {
        let end = min(end, begin + Provenance.maxTextLength, p.count)
        guard begin < end else { return nil }
        return p.text(from: begin, to: end)
    }

    private static func trimmedText(_ p: LineBytes, _ begin: Int, _ end: Int) -> String? {
        var b = begin
        var e = min(end, p.count)
        while b < e, ASCII.isSpace(p[b]) { b += 1 }
        while e > b, ASCII.isSpace(p[e - 1]) { e -= 1 }
        return text(p, b, e)
    }
}
