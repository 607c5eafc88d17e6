import ArgumentParser
import Foundation

/// `--threads`: a number of threads, or `auto` (the default), which uses the cores this process may
/// run on, as Keras and PyTorch do by default. The number actually used goes into every stamp; give
/// the same number again to reproduce a run bit for bit.
enum ThreadCount: ExpressibleByArgument, Equatable, Sendable {
    case auto
    case fixed(Int)

    /// Training splits each batch into one part per thread; below this many windows per part the
    /// per-step GEMMs get too small to gain, so `auto` uses fewer threads.
    static let windowsPerThread = 16

    init?(argument: String) {
        if argument.lowercased() == "auto" { self = .auto; return }
        guard let n = Int(argument) else { return nil }
        self = .fixed(n)
    }

    var defaultValueDescription: String { "auto" }

    /// Cores this process may run on (its CPU affinity), at least 1.
    static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Throws unless the count is `auto` or 1 to 256.
    func validate() throws {
        if case .fixed(let n) = self, n < 1 || n > 256 {
            throw ValidationError("--threads \(n): expected 1 to 256, or 'auto'")
        }
    }

    /// Threads for training with batches of `batchSize` windows: `auto` is the available cores, at
    /// most one per ``windowsPerThread`` windows of a batch.
    func forTraining(batchSize: Int) -> Int {
        switch self {
        case .fixed(let n): n
        case .auto: max(1, min(Self.availableCores, batchSize / Self.windowsPerThread))
        }
    }

    /// Worker threads for independent tasks (backtest fits): `auto` is the available cores.
    var forTasks: Int {
        switch self {
        case .fixed(let n): n
        case .auto: Self.availableCores
        }
    }
}
