import Dispatch
import ForecastCore
import Foundation

/// Independent tasks run on worker threads, each result kept in its own slot, so the results come
/// back in task order whatever the thread count and timing.
public enum ParallelTasks {
    /// Runs `task(0) … task(count − 1)` on `workers` threads (in order on the calling thread when
    /// `workers` ≤ 1) and returns their results in index order. A worker with no task left lends
    /// itself to the running tasks through ``SpareThreads`` until every task is done.
    public static func run<Value>(count: Int, workers: Int, _ task: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        if workers <= 1 || count == 0 {
            for i in 0..<count { slots.store(task(i), at: i) }
        } else {
            // Every worker starts, even with fewer tasks than workers: the ones without a task lend themselves.
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = slots.nextTask() { slots.store(task(i), at: i) }
                // Out of tasks: help the ones still running (see SpareThreads).
                SpareThreads.shared.lend(until: { slots.allStored })
            }
        }
        return slots.values
    }

    /// A thread-safe counter, for progress callbacks.
    public final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        public init() {}

        /// Adds one and returns the new value.
        public func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    /// Hands out task indices and keeps each task's result in its own slot.
    private final class Slots<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var stored = 0
        private var slots: [Value?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func nextTask() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ value: Value, at index: Int) {
            lock.lock()
            slots[index] = value
            stored += 1
            lock.unlock()
        }

        /// Whether every task has stored its result.
        var allStored: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stored == slots.count
        }

        var values: [Value] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}

/// Seconds since `start` on `clock`.
func secondsSince(_ start: ContinuousClock.Instant, on clock: ContinuousClock = ContinuousClock()) -> Double {
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
