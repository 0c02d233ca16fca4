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

    /// Runs `min(workers, count)` workers; each claims indices from `slots` and stores what `work` returns.
    /// (A caller that keeps state per worker, such as open archives, runs its own workers on ``ParallelSlots``.)
    public static func forEachWorker<T>(count: Int, workers: Int, slots: ParallelSlots<T>, _ work: (Int) -> T) {
        withoutActuallyEscaping(work) { work in
            let run = UncheckedSendable(work)
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
                while let index = slots.claim() { slots.store(run.value(index), at: index) }
            }
        }
    }
}

/// Lets a non-escaping closure that is only called while `concurrentPerform` runs cross into its workers.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
