#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TriageCore

/// All line signatures of one log kind compiled into one multi-literal matcher, run on each line of the
/// reader's single pass.
///
/// Each signature's longest literal is its anchor. The anchors are searched together with Wu–Manber: a
/// window as long as the shortest anchor slides along the line, and a 4 KiB table indexed by a hash of the
/// byte pair at the window's end says how far it may jump. Each anchor is represented by one window-long
/// factor, the one ending in the pair rarest in the file's first bytes; only a pair that ends some factor
/// stops the window: then the anchors of that factor are compared (memcmp), the remaining literals looked
/// for in order, the level and component read by position, and the captures taken. Adding signatures fills
/// the table further; it never adds a pass. Anchors shorter than ``shortAnchor`` are searched per line.
final class SignatureMatcher {
    struct Capture {
        let name: String
        let after: [UInt8]
        let shape: LineSignature.TokenShape
        let until: [UInt8]?
    }

    struct Compiled {
        let id: String
        let literals: [[UInt8]]
        let level: [UInt8]?
        let component: [UInt8]?
        let captures: [Capture]
    }

    let kind: LogKind
    let layout: LineLayout
    let signatures: [Compiled]
    /// Distinct anchors and the signatures they start.
    private let anchors: [[UInt8]]
    private let anchorSignatures: [[Int]]
    /// Window length (shortest anchor of two bytes or more; 0 when there is none).
    private let window: Int
    /// Jump for the byte pair (little-endian UInt16) at the end of the window.
    /// Indexed by ``shiftSlot(_:)`` of the pair: 4 KiB, so it stays in L1 (the 64 KiB table of all pairs
    /// made every step wait on L2). Pairs that share a slot share the smallest jump, which only shortens
    /// jumps; whether a window that stops ends an anchor factor is then decided on the exact pair.
    private let shift: UnsafeMutablePointer<UInt8>
    static let shiftSlots = 4096
    /// Pair ending an anchor's chosen factor → 1 + index into ``endPairAnchors`` (0: none). A flat
    /// table, not a dictionary: a window that stops is looked up without hashing or reference counting.
    private let endPairSlot: UnsafeMutablePointer<UInt16>
    /// The anchors whose chosen factor ends in one pair, with the factor's offset in the anchor.
    private let endPairAnchors: [[(anchor: Int, offset: Int)]]
    /// Anchors shorter than ``shortAnchor`` (they would make every jump short): memmem per line.
    private let shortAnchors: [Int]
    static let shortAnchor = 8
    static let maxWindow = 16
    /// Line number of each signature's last match (one fact per signature per line).
    private var lastMatched: [Int]

    var isEmpty: Bool { signatures.isEmpty }

    init(kind: LogKind, signatures all: [LineSignature], sample: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) {
        self.kind = kind
        layout = LineLayout(kind: kind)
        let mine = all.filter { $0.log == kind && !$0.literals.isEmpty && !$0.literals[0].isEmpty }
        signatures = mine.map { s in
            Compiled(id: s.id, literals: s.literals.map { Array($0.utf8) },
                     level: s.level.map { Array($0.lowercased().utf8) },
                     component: s.component.map { Array($0.lowercased().utf8) },
                     captures: s.captures.map {
                         Capture(name: $0.name, after: Array($0.after.utf8), shape: $0.shape,
                                 until: $0.until.flatMap { $0.isEmpty ? nil : Array($0.utf8) })
                     })
        }
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

        let long = anchors.indices.filter { anchors[$0].count >= Self.shortAnchor }
        shortAnchors = anchors.indices.filter { anchors[$0].count < Self.shortAnchor }
        let window = min(long.map { anchors[$0].count }.min() ?? 0, Self.maxWindow)
        self.window = window
        shift = .allocate(capacity: Self.shiftSlots)
        shift.initialize(repeating: UInt8(max(window - 1, 0)), count: Self.shiftSlots)
        // Each anchor is looked for by one `window`-long factor: the one whose end pair is rarest in the
        // file's first bytes (then by a fixed estimate of byte frequency), so that common pairs such as `: `
        // or `re` seldom stop the window. A hit at window `i` is an anchor candidate at `i - offset`.
        var pairCounts = [UInt32](repeating: 0, count: 65536)
        if sample.count >= 2 {
            for k in 0..<(sample.count - 1) { pairCounts[Int(UInt16(sample[k]) | UInt16(sample[k + 1]) << 8)] += 1 }
        }
        var byEndPair: [UInt16: [(anchor: Int, offset: Int)]] = [:]
        for a in long {
            let anchor = anchors[a]
            var offset = 0
            var best = UInt64.max
            for o in 0...(anchor.count - window) {
                let x = anchor[o + window - 2], y = anchor[o + window - 1]
                let score = UInt64(pairCounts[Int(UInt16(x) | UInt16(y) << 8)]) << 16
                    | UInt64(RareByteSearch.rank(x)) + UInt64(RareByteSearch.rank(y))
                if score < best { best = score; offset = o }
            }
            for q in 0..<(window - 1) {
                let slot = Self.shiftSlot(UInt16(anchor[offset + q]) | UInt16(anchor[offset + q + 1]) << 8)
                shift[slot] = min(shift[slot], UInt8(window - 2 - q))
            }
            byEndPair[UInt16(anchor[offset + window - 2]) | UInt16(anchor[offset + window - 1]) << 8, default: []]
                .append((a, offset))
        }
        endPairSlot = .allocate(capacity: 65536)
        endPairSlot.initialize(repeating: 0, count: 65536)
        var lists: [[(anchor: Int, offset: Int)]] = []
        for (pair, list) in byEndPair.sorted(by: { $0.key < $1.key }) {
            lists.append(list)
            endPairSlot[Int(pair)] = UInt16(lists.count)
        }
        endPairAnchors = lists
    }

    /// Slot of a byte pair (little-endian: first byte low) in the shift table.
    @inline(__always)
    static func shiftSlot(_ pair: UInt16) -> Int {
        Int((pair & 0xFF) &* 31 &+ (pair >> 8)) & (shiftSlots - 1)
    }

    deinit {
        shift.deallocate()
        endPairSlot.deallocate()
    }

    /// Matches one line; emits a `signature` fact per matching signature.
    @inline(__always)
    func match(_ line: LogLine, into context: inout ExtractionContext) {
        let p = line.bytes
        let n = p.count
        guard let base = p.baseAddress else { return }
        if window >= 2, n >= window {
            let raw = UnsafeRawPointer(base)
            let table = shift
            var i = 0
            let last = n - window
            let full = window - 1
            let end = window - 2
            while i <= last {
                let pair = raw.loadUnaligned(fromByteOffset: i &+ end, as: UInt16.self).littleEndian
                let jump = Int(table[Self.shiftSlot(pair)])
                if jump > 0 {
                    // Most windows jump the whole way; the window after that one is read at the same time
                    // (its address does not wait for this jump), so two full jumps cost one load latency.
                    if jump == full, i &+ full <= last {
                        let next = raw.loadUnaligned(fromByteOffset: i &+ full &+ end, as: UInt16.self).littleEndian
                        if Int(table[Self.shiftSlot(next)]) == full {
                            i &+= full &+ full
                            continue
                        }
                    }
                    i &+= jump
                    continue
                }
                let slot = Int(endPairSlot[Int(pair)])
                if slot != 0 {
                    for c in endPairAnchors[slot - 1] {
                        check(anchor: c.anchor, at: i - c.offset, line: line, into: &context)
                    }
                }
                i &+= 1
            }
        }
        for a in shortAnchors {
            var from = 0
            while let at = anchors[a].withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: p, from: from) }) {
                check(anchor: a, at: at, line: line, into: &context)
                from = at + 1
            }
        }
    }

    @inline(__always)
    private func check(anchor a: Int, at start: Int, line: LogLine, into context: inout ExtractionContext) {
        let p = line.bytes
        let anchor = anchors[a]
        guard start >= 0, start + anchor.count <= p.count else { return }
        let equal = anchor.withUnsafeBufferPointer { memcmp(p.baseAddress! + start, $0.baseAddress!, $0.count) == 0 }
        guard equal else { return }
        for s in anchorSignatures[a] where lastMatched[s] != line.number {
            if tryMatch(s, line: line, into: &context) { lastMatched[s] = line.number }
        }
    }

    /// All literals in order (leftmost occurrences), then level, component and captures.
    private func tryMatch(_ index: Int, line: LogLine, into context: inout ExtractionContext) -> Bool {
        let signature = signatures[index]
        let p = line.bytes
        var position = 0
        var start = -1
        for literal in signature.literals where !literal.isEmpty {
            guard let at = literal.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: p, from: position) })
            else { return false }
            if start < 0 { start = at }
            position = at + literal.count
        }
        if let level = signature.level {
            guard let range = layout.level(p), Self.levelMatches(level, p, range, layout: layout) else { return false }
        }
        if let component = signature.component {
            guard let range = layout.component(p), Self.equalsIgnoringCase(component, p, range) else { return false }
        }
        var attributes: [String: String] = ["id": signature.id, "log": kind.rawValue]
        for capture in signature.captures {
            if let value = Self.capture(capture, in: p, from: start) { attributes[capture.name] = value }
        }
        var time: String?
        var timestamp: String?
        if let stamp = layout.timestamp(p) {
            time = line.text(from: stamp.range.lowerBound, to: stamp.range.upperBound)
            timestamp = LineLayout.format(stamp.packed)
        }
        context.emit(FactKind.signature, attributes, line: line, time: time, timestamp: timestamp)
        return true
    }

    private static func equalsIgnoringCase(_ expected: [UInt8], _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count == expected.count else { return false }
        for (i, c) in expected.enumerated() where ASCII.lower(p[range.lowerBound + i]) != c { return false }
        return true
    }

    private static func levelMatches(_ expected: [UInt8], _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                     layout: LineLayout) -> Bool {
        if case .cmtrace = layout {
            let name: [UInt8] = switch p[range.lowerBound] {
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
    static func capture(_ capture: Capture, in p: UnsafeBufferPointer<UInt8>, from anchor: Int) -> String? {
        var begin = 0
        if !capture.after.isEmpty {
            let found = capture.after.withUnsafeBufferPointer {
                ByteSearch.firstIndex(of: $0, in: p, from: anchor) ?? ByteSearch.firstIndex(of: $0, in: p, from: 0)
            }
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
               let at = until.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: p, from: begin) }) {
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

    private static func text(_ p: UnsafeBufferPointer<UInt8>, _ begin: Int, _ end: Int) -> String? {
        let end = min(end, begin + Provenance.maxTextLength, p.count)
        guard begin < end else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: p[begin..<end]), as: UTF8.self)
    }

    private static func trimmedText(_ p: UnsafeBufferPointer<UInt8>, _ begin: Int, _ end: Int) -> String? {
        var b = begin
        var e = min(end, p.count)
        while b < e, ASCII.isSpace(p[b]) { b += 1 }
        while e > b, ASCII.isSpace(p[e - 1]) { e -= 1 }
        return text(p, b, e)
    }
}
