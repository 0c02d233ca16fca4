import Testing
@testable import TriageCore

/// The standard library's decoder over the bytes one by one: what `UTF8Text.isValid` answered before it
/// skipped ASCII and decoded runs of non-ASCII bytes on their own.
private func decoderSays(_ bytes: [UInt8]) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func padded(_ middle: [UInt8]) -> [UInt8] {
    let before: [UInt8] = Array(repeating: 0x41, count: 15)
    let after: [UInt8] = Array(repeating: 0x42, count: 9)
    return before + middle + after
}

private let knownSequences: [([UInt8], Bool)] = [
    ([], true),
    (bytes("plain ASCII, longer than one eight-byte word"), true),
    (bytes("caf\u{E9} \u{4E2D}\u{6587} \u{1F600} end"), true),
    ([0x61, 0xC3], false),  // cut two-byte sequence at the end
    ([0xC3, 0x61, 0xA9], false),  // an ASCII byte inside a sequence
    ([0xC0, 0x80], false),  // overlong NUL
    ([0xE0, 0x80, 0x80], false),  // overlong three-byte form
    ([0xED, 0xA0, 0x80], false),  // surrogate
    ([0xF4, 0x90, 0x80, 0x80], false),  // past U+10FFFF
    ([0xF5, 0x80, 0x80, 0x80], false),
    ([0xFF], false),
    ([0x80], false),
    (padded([0xE2, 0x82, 0xAC]), true),
    (padded([0xE2, 0x82]), false)
]

@Test(arguments: knownSequences)
func utf8ValidityOfKnownSequences(_ bytes: [UInt8], _ valid: Bool) {
    #expect(UTF8Text.isValid(bytes) == valid)
    #expect(UTF8Text.isValid(bytes[...]) == valid)
    #expect(UTF8Text.isValidByLoop(bytes[...]) == valid)
    #expect(UTF8Text.decode(bytes) == (valid ? String(decoding: bytes, as: UTF8.self) : nil))
    #expect(decoderSays(bytes) == valid)
}

/// Random mixes of ASCII, lead, continuation and invalid bytes at every alignment: the fast check and the
/// byte-by-byte decoder agree on every one.
@Test func utf8ValidityAgreesWithTheDecoder() {
    var generator = SplitMix(seed: 20_261_206)
    let pieces: [[UInt8]] = [
        [0x41], [0x0A], [0x7F], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xBF],
        [0xC3], [0xE4, 0xB8], [0xF0, 0x9F], [0xC0, 0xAF], [0xED, 0xB0, 0x80], [0xF8], [0xFE]
    ]
    var invalid = 0
    for _ in 0..<20_000 {
        var bytes: [UInt8] = []
        let count = Int(generator.next() % 24)
        for _ in 0..<count {
            // Mostly ASCII, as in a log, so that whole eight-byte words are skipped.
            let r = Int(generator.next() % 40)
            bytes += r < pieces.count ? pieces[r] : [UInt8(0x20 + r)]
        }
        let expected = decoderSays(bytes)
        if !expected { invalid += 1 }
        #expect(UTF8Text.isValid(bytes) == expected, "\(bytes)")
        #expect(UTF8Text.isValidByLoop(bytes[...]) == expected, "\(bytes)")
        #expect(UTF8Text.isValid(bytes.dropFirst()) == decoderSays(Array(bytes.dropFirst())), "\(bytes)")
    }
    #expect(invalid > 1_000)
}

private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
