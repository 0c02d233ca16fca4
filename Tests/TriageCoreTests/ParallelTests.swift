import Testing
import TriageCore

@Suite struct ParallelTests {
    @Test func resultsKeepTheInputOrderWhateverTheWorkers() {
        for workers in [1, 2, 7] {
            let squares = Parallel.map(count: 1_000, workers: workers) { $0 * $0 }
            #expect(squares == (0..<1_000).map { $0 * $0 })
        }
        #expect(Parallel.map(count: 0) { $0 }.isEmpty)
    }

    @Test func bothGivesEachPartItsOwnResult() {
        for workers in [1, 2] {
            let (text, numbers) = Parallel.both(
                workers: workers, { (0..<5).map(String.init).joined() }, { (0..<1_000).reduce(0, +) })
            #expect(text == "01234" && numbers == 499_500)
        }
    }

    @Test func everyIndexIsClaimedOnce() {
        let slots = ParallelSlots<Int>(count: 3)
        #expect([slots.claim(), slots.claim(), slots.claim(), slots.claim()] == [0, 1, 2, nil])
    }
}
