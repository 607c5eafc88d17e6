// Worker threads that have run out of their own tasks lend themselves to the tasks still running.
import Foundation

/// A meeting point between worker threads with nothing left to do and computations that can use a
/// second thread.
///
/// A pool of independent tasks (``ParallelTasks`` in ForecastEvaluation: a backtest's fold fits, a
/// collection's series) leaves threads idle at its end: 5 fits on 2 threads run as rounds of 2, 2
/// and 1, and one core waits for the last fit. A worker with no task left calls
/// ``lend(until:)``; a computation that can be cut in two calls ``split(_:minimum:_:)``, which gives
/// the second half to a waiting worker, or runs the whole on its own thread when none is waiting.
///
/// Only computations whose result does not depend on the split may use ``split(_:minimum:_:)``
/// (each output element computed by the same operations in the same order whichever rows run
/// together): whether a spare thread is waiting depends on timing, so the numbers must not.
public final class SpareThreads: @unchecked Sendable {
    /// The process's meeting point.
    public static let shared = SpareThreads()

    /// The meeting point that computations on this task split on: ``shared``, unless a caller (a test)
    /// scopes its own.
    @TaskLocal public static var current = SpareThreads.shared

    private let condition = NSCondition()
    private var waiting = 0
    private var queue: [Job] = []
    private var lentRuns = 0

    private final class Job: @unchecked Sendable {
        enum State { case queued, running, done }
        let body: () -> Void
        var state = State.queued
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    public init() {}

    /// How many halves spare threads have run through this meeting point.
    public var halvesRun: Int {
        condition.lock()
        defer { condition.unlock() }
        return lentRuns
    }

    /// Runs `work` over `0..<count`: as `0..<count/2` here and `count/2..<count` on a spare thread when
    /// one is waiting and each half has at least `minimum` elements; otherwise once, whole, here.
    /// Returns when all of it is done. `work` must give the same result however its range is cut.
    public func split(_ count: Int, minimum: Int, _ work: (Range<Int>) -> Void) {
        let middle = count / 2
        guard middle >= max(1, minimum) else { return work(0..<count) }
        withoutActuallyEscaping(work) { work in
            let job = Job { work(middle..<count) }
            condition.lock()
            guard waiting > queue.count else {
                condition.unlock()
                return work(0..<count)
            }
            queue.append(job)
            condition.broadcast()
            condition.unlock()
            work(0..<middle)
            condition.lock()
            if job.state == .queued {
                // No spare thread took it in the meantime: take it back.
                queue.removeAll { $0 === job }
                condition.unlock()
                work(middle..<count)
                return
            }
            while job.state != .done { condition.wait() }
            condition.unlock()
        }
    }

    /// Runs queued halves on the calling thread until `finished()` is true (checked at least every
    /// millisecond and after every half).
    public func lend(until finished: () -> Bool) {
        condition.lock()
        waiting += 1
        while !finished() {
            guard !queue.isEmpty else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.001))
                continue
            }
            let job = queue.removeFirst()
            job.state = .running
            waiting -= 1
            condition.unlock()
            job.body()
            condition.lock()
            job.state = .done
            lentRuns += 1
            waiting += 1
            condition.broadcast()
        }
        waiting -= 1
        condition.unlock()
    }
}
