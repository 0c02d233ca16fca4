import Testing

@testable import TriageEvidence

/// The binary decoders' view of a file: little-endian reads, and nothing read outside the window — a damaged
/// offset or length gives nil (or zero, or an empty or shortened string), never a trap.
@Suite struct ByteWindowTests {
    static let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF]

    @Test func readsLittleEndianInsideAndNilOutside() {
        ByteWindow.over(Self.bytes) { w in
            #expect(w.count == 10)
            #expect(w.u8(9) == 0xFF)
            #expect(w.u16(0) == 0x0201)
            #expect(w.u32(1) == 0x0504_0302)
            #expect(w.u64(2) == 0xFF09_0807_0605_0403)
            #expect(w.i32(6) == Int32(bitPattern: 0xFF09_0807))
            #expect(w.u8(10) == nil)
            #expect(w.u8(-1) == nil)
            #expect(w.u16(9) == nil)
            #expect(w.u32(7) == nil)
            #expect(w.u64(3) == nil)
            #expect(w.u64(Int.max) == nil)
            #expect(w.u32(Int.min) == nil)
            #expect(w.byte(10) == 0)
            #expect(w.byte(-5) == 0)
            #expect(w.byte(3) == 4)
        }
    }

    @Test func subWindowsAreRelativeAndBounded() {
        ByteWindow.over(Self.bytes) { w in
            let inner = w.window(4, 4)
            #expect(inner?.count == 4)
            #expect(inner?.u32(0) == 0x0807_0605)
            #expect(inner?.u8(4) == nil)
            #expect(w.window(8, 3) == nil)
            #expect(w.window(-1, 2) == nil)
            #expect(w.window(2, -1) == nil)
            #expect(w.window(3, Int.max) == nil)
            #expect(w.window(10, 0)?.count == 0)
            #expect(w.suffix(from: 7)?.count == 3)
            #expect(w.suffix(from: 11) == nil)
            #expect(w.bytes(8, 2) == [0x09, 0xFF])
            #expect(w.bytes(9, 2) == nil)
            #expect(w.matches([0x03, 0x04], at: 2))
            #expect(!w.matches([0x03, 0x05], at: 2))
            #expect(!w.matches([0xFF, 0x00], at: 9))
            #expect(w.firstIndex(of: 0x05, in: 0..<10) == 4)
            #expect(w.firstIndex(of: 0x05, in: 5..<100) == nil)
            #expect(w.firstIndex(of: 0xFF, in: -3..<100) == 9)
        }
    }

    @Test func textIsClampedToTheWindow() {
        let text: [UInt8] = Array("CBS".utf8) + [0x43, 0x00, 0x42, 0x00, 0x53, 0x00, 0x00, 0x00, 0x58, 0x00, 0x59]
        ByteWindow.over(text) { w in
            #expect(w.utf8(0, 3) == "CBS")
            #expect(w.utf8(1, 100) == "BSC\u{0}B\u{0}S\u{0}\u{0}\u{0}X\u{0}Y")
            #expect(w.utf8(50, 3) == "")
            #expect(w.utf16(3, byteCount: 10) == "CBS")
            #expect(w.utf16(3, byteCount: 10, stopAtNUL: false) == "CBS\u{0}X")
            #expect(w.utf16(3, byteCount: 100, stopAtNUL: false) == "CBS\u{0}X")
            #expect(w.utf16(-4, byteCount: 2) == "")
            #expect(w.utf16(-2, byteCount: 6) == "\u{4243}\u{4353}")  // bytes 0..<4 only
            #expect(w.utf8(-1, 3) == "CB")
            #expect(w.utf8(2, Int.max) == "SC\u{0}B\u{0}S\u{0}\u{0}\u{0}X\u{0}Y")
        }
    }

    @Test func aThrowingBodyRethrows() {
        struct Damage: Error, Equatable {}
        #expect(throws: Damage.self) {
            try ByteWindow.over([1, 2]) { (w: ByteWindow) throws(Damage) -> Int in
                guard let v = w.u32(0) else { throw Damage() }
                return Int(v)
            }
        }
    }
}
