import Testing

@testable import TriageEvidence

/// Short ASCII strings written into their storage: positions in any order, gaps as spaces, nothing past the
/// capacity.
@Suite struct ASCIIStringTests {
    @Test func writesPositionsAppendsAndDropsPastCapacity() {
        #expect(
            ASCIIString.build(capacity: 4) { w in
                w.put(0x42, at: 1)
                w.put(0x41, at: 0)
            } == "AB")
        #expect(ASCIIString.build(capacity: 4) { w in w.put(0x5A, at: 3) } == "   Z")
        #expect(ASCIIString.build(capacity: 3) { w in for b in Array("TRIAGE".utf8) { w.append(b) } } == "TRI")
        #expect(
            ASCIIString.build(capacity: 3) { w in
                w.put(0x41, at: -1)
                w.put(0x41, at: 3)
            } == "")
        #expect(Stamp.text(packed: 2022_1108_103011) == "2022-11-08T10:30:11")
    }
}
