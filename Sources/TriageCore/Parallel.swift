import Dispatch
import Foundation

/// The one helper for spreading work over the cores: indices are claimed one at a time by a fixed number of
/// workers, and results are kept in input order, so the outcome never depends on timing. Lock-protected; no
/// global state.
public final class ParallelSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [T?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next index to work on, or nil when every index has been claimed.
    public func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    public func store(_ value: T, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every result, in index order (call once all workers are done).
    public func results() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

public enum Parallel {
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `body(i)` for every `i` in `0..<count`, on up to `workers` threads; results in index order.
    public static func map<T>(count: Int, workers: Int = cores, _ body: (Int) -> T) -> [T] {
        let slots = ParallelSlots<T>(count: count)
        forEachWorker(count: count, workers: workers, slots: slots) { index in body(index) }
        return slots.results()
    }

    /// `first()` and `second()`, on two threads when `workers` allows: for two independent parts of one job.
    public static func both<A, B>(workers: Int = cores, _ first: () -> A, _ second: () -> B) -> (A, B) {
        guard workers > 1 else { return (first(), second()) }
        let results = map(count: 2, workers: 2) { index -> Either<A, B> in
            index == 0 ? .first(first()) : .second(second())
        }
        guard case .first(let a) = results[0], case .second(let b) = results[1] else {
            preconditionFailure("Parallel.both: results out of order")
        }
        return (a, b)
    }

    private enum Either<A, B> {
        case first(A)
        case second(B)
    }

    /// Runs `min(workers, count)` workers; each claims indices from `slots` and stores what `work` returns.
    public static func forEachWorker<T>(count: Int, workers: Int, slots: ParallelSlots<T>, _ work: (Int) -> T) {
        forEachWorker(
            count: count, workers: workers, slots: slots, start: {}, finish: { _ in },
            work: { index, _ in work(index) })
    }

    /// Runs `min(workers, count)` workers, each with state of its own (open archives, caches) that `start` makes
    /// and `finish` ends once the worker has no index left; each claims indices from `slots` and stores what
    /// `work` returns.
    public static func forEachWorker<T, State>(
        count: Int, workers: Int, slots: ParallelSlots<T>, start: () -> State, finish: (inout State) -> Void,
        work: (Int, inout State) -> T
    ) {
        withoutActuallyEscaping(start) { start in
            withoutActuallyEscaping(finish) { finish in
                withoutActuallyEscaping(work) { work in
                    let run = UncheckedSendable((start: start, finish: finish, work: work))
                    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
                        var state = run.value.start()
                        while let index = slots.claim() { slots.store(run.value.work(index, &state), at: index) }
                        run.value.finish(&state)
                    }
                }
            }
        }
    }
}

/// Lets a non-escaping closure that is only called while `concurrentPerform` runs cross into its workers.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
