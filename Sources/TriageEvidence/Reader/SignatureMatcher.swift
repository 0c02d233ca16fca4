#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TriageCore

/// All line signatures of one log kind compiled into one multi-literal matcher, run on each line of the
/// reader's single pass.
///
/// Each signature's first literal is its anchor. Every anchor is represented by its rarest byte pair (rarity
/// measured on the file's own first KB, ties broken by a static byte-frequency guess); the pairs go into one
/// 65,536-bit table. A line is scanned once, two bytes at a time against the table; only a hit looks further
/// (the anchors that own the pair, then memcmp, then the remaining literals in order with memmem, then the
/// level and component read by position, then the captures). Adding signatures adds table bits, not passes.
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
    /// Distinct anchors, the byte offset of their chosen pair, and the signatures they start.
    private let anchors: [[UInt8]]
    private let anchorPairOffset: [Int]
    private let anchorSignatures: [[Int]]
    /// Anchors of a single byte (no pair): found with memchr.
    private let singleByteAnchors: [Int]
    /// Bit per byte pair (little-endian UInt16 of the two bytes).
    private let bitmap: UnsafeMutablePointer<UInt64>
    /// Pair → anchors, as ranges into `slotAnchors` (CSR).
    private let slotStart: UnsafeMutablePointer<UInt32>
    private let slotAnchors: [Int32]
    /// Line number of each signature's last match (one fact per signature per line).
    private var lastMatched: [Int]

    var isEmpty: Bool { signatures.isEmpty }

    init(kind: LogKind, signatures all: [LineSignature], sample: UnsafeBufferPointer<UInt8>) {
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
            if let a = anchorIndex[s.literals[0]] {
                anchorSignatures[a].append(i)
            } else {
                anchorIndex[s.literals[0]] = anchors.count
                anchors.append(s.literals[0])
                anchorSignatures.append([i])
            }
        }
        self.anchors = anchors
        self.anchorSignatures = anchorSignatures
        lastMatched = [Int](repeating: 0, count: signatures.count)

        // Count, in the sample, how often each pair that occurs in some anchor occurs.
        var pairCount: [UInt16: Int] = [:]
        for anchor in anchors where anchor.count >= 2 {
            for k in 0..<(anchor.count - 1) { pairCount[Self.pair(anchor[k], anchor[k + 1])] = 0 }
        }
        if sample.count >= 2 {
            for i in 0..<(sample.count - 1) {
                let p = Self.pair(sample[i], sample[i + 1])
                if let c = pairCount[p] { pairCount[p] = c + 1 }
            }
        }
        bitmap = .allocate(capacity: 1024)
        bitmap.initialize(repeating: 0, count: 1024)
        slotStart = .allocate(capacity: 65537)
        slotStart.initialize(repeating: 0, count: 65537)
        var offsets = [Int](repeating: 0, count: anchors.count)
        var singles: [Int] = []
        var byPair: [(pair: Int, anchor: Int)] = []
        for (a, anchor) in anchors.enumerated() {
            guard anchor.count >= 2 else {
                singles.append(a)
                continue
            }
            var best = 0
            var bestScore = Int.max
            for k in 0..<(anchor.count - 1) {
                let score = pairCount[Self.pair(anchor[k], anchor[k + 1]), default: 0] * 64
                    + Self.commonness(anchor[k]) + Self.commonness(anchor[k + 1])
                if score < bestScore {
                    bestScore = score
                    best = k
                }
            }
            offsets[a] = best
            let p = Int(Self.pair(anchor[best], anchor[best + 1]))
            bitmap[p >> 6] |= 1 << UInt64(p & 63)
            byPair.append((p, a))
        }
        byPair.sort { $0.pair != $1.pair ? $0.pair < $1.pair : $0.anchor < $1.anchor }
        for entry in byPair { slotStart[entry.pair + 1] += 1 }
        for p in 0..<65536 { slotStart[p + 1] += slotStart[p] }
        slotAnchors = byPair.map { Int32($0.anchor) }
        anchorPairOffset = offsets
        singleByteAnchors = singles
    }

    deinit {
        bitmap.deallocate()
        slotStart.deallocate()
    }

    @inline(__always)
    private static func pair(_ a: UInt8, _ b: UInt8) -> UInt16 { UInt16(a) | UInt16(b) << 8 }

    /// A static guess at how common a byte is in log text (higher = more common).
    private static func commonness(_ c: UInt8) -> Int {
        switch c {
        case 0x20: 12
        case 0x65, 0x74, 0x61, 0x6F, 0x69, 0x6E, 0x73, 0x72: 10   // e t a o i n s r
        case 0x61...0x7A: 7
        case 0x30...0x39: 8
        case 0x2C, 0x2E, 0x3A, 0x2D, 0x5F, 0x2F, 0x5C, 0x3D: 6
        case 0x41...0x5A: 4
        default: 2
        }
    }

    /// Matches one line; emits a `signature` fact per matching signature.
    @inline(__always)
    func match(_ line: LogLine, into context: inout ExtractionContext) {
        let p = line.bytes
        let n = p.count
        guard n >= 2, let base = p.baseAddress else {
            if !singleByteAnchors.isEmpty { matchSingles(line, into: &context) }
            return
        }
        let bits = bitmap
        let raw = UnsafeRawPointer(base)
        var i = 0
        let last = n - 1
        while i < last {
            let h = Int(raw.loadUnaligned(fromByteOffset: i, as: UInt16.self).littleEndian)
            if bits[h &>> 6] & (1 &<< UInt64(h & 63)) != 0 {
                candidate(at: i, pair: h, line: line, into: &context)
            }
            i &+= 1
        }
        if !singleByteAnchors.isEmpty { matchSingles(line, into: &context) }
    }

    private func candidate(at i: Int, pair h: Int, line: LogLine, into context: inout ExtractionContext) {
        let p = line.bytes
        for slot in Int(slotStart[h])..<Int(slotStart[h + 1]) {
            let a = Int(slotAnchors[slot])
            let anchor = anchors[a]
            let start = i - anchorPairOffset[a]
            guard start >= 0, start + anchor.count <= p.count else { continue }
            let equal = anchor.withUnsafeBufferPointer { memcmp(p.baseAddress! + start, $0.baseAddress!, $0.count) == 0 }
            guard equal else { continue }
            for s in anchorSignatures[a] where lastMatched[s] != line.number {
                if tryMatch(s, anchorAt: start, line: line, into: &context) { lastMatched[s] = line.number }
            }
        }
    }

    private func matchSingles(_ line: LogLine, into context: inout ExtractionContext) {
        let p = line.bytes
        for a in singleByteAnchors {
            var from = 0
            while from < p.count, let hit = memchr(p.baseAddress! + from, Int32(anchors[a][0]), p.count - from) {
                let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - p.baseAddress!
                for s in anchorSignatures[a] where lastMatched[s] != line.number {
                    if tryMatch(s, anchorAt: at, line: line, into: &context) { lastMatched[s] = line.number }
                }
                from = at + 1
            }
        }
    }

    private func tryMatch(_ index: Int, anchorAt start: Int, line: LogLine, into context: inout ExtractionContext) -> Bool {
        let signature = signatures[index]
        let p = line.bytes
        var position = start + signature.literals[0].count
        for literal in signature.literals.dropFirst() where !literal.isEmpty {
            guard let at = literal.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: p, from: position) })
            else { return false }
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
