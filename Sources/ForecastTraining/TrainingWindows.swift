// Windows of a series ready for training: inputs as views of the series' rows, targets as a flat array.

/// A set of training (or validation) windows: model inputs and the values to forecast.
///
/// Window `i`'s input is `time` consecutive rows of ``series`` starting at row `starts[i]`, so
/// overlapping sliding windows share their rows instead of each holding a copy (a series of `L` rows
/// gives `L - time - horizon + 1` windows in `L · features` Floats rather than `time` times as many).
/// Windows given as a copied `[count, time, features]` array are the special case `starts[i] = i · time`.
///
/// - `series`: `[rows, features]`, row-major Float32.
/// - `targets`: `[count, horizon]`, row-major Float32.
public struct TrainingWindows: Sendable, Equatable {
    /// The rows windows are cut from, `[rows, features]`.
    public let series: [Float]
    /// First row of each window in ``series``, `count` entries.
    public let starts: [Int]
    public let targets: [Float]
    /// Number of windows.
    public let count: Int
    /// Steps per window.
    public let time: Int
    /// Features per step.
    public let features: Int
    /// Target values per window.
    public let horizon: Int

    /// Windows given as one `[count, time, features]` array (`inputs`).
    ///
    /// - Throws: ``TrainingError/dataShape(what:found:expected:)`` when the arrays do not match the sizes.
    public init(inputs: [Float], targets: [Float], count: Int, time: Int, features: Int, horizon: Int) throws(TrainingError) {
        try Self.checkSizes(count: count, time: time, features: features, horizon: horizon, targets: targets.count)
        if inputs.count != count * time * features {
            throw .dataShape(what: "input values", found: inputs.count, expected: "\(count) × \(time) × \(features) = \(count * time * features)")
        }
        self.init(series: inputs, starts: (0..<count).map { $0 * time }, targets: targets, time: time, features: features, horizon: horizon)
    }

    /// Windows as views of `series` (`[rows, features]`): window `i` is rows `starts[i] ..< starts[i] + time`.
    ///
    /// - Throws: ``TrainingError/dataShape(what:found:expected:)`` when the series is not whole rows,
    ///   a window runs past its end, or `targets` is not `[starts.count, horizon]`.
    public init(series: [Float], features: Int, starts: [Int], time: Int, targets: [Float], horizon: Int) throws(TrainingError) {
        try Self.checkSizes(count: starts.count, time: time, features: features, horizon: horizon, targets: targets.count)
        if series.count % features != 0 {
            throw .dataShape(what: "series values", found: series.count, expected: "whole rows of \(features) features")
        }
        let rows = series.count / features
        if let bad = starts.first(where: { $0 < 0 || $0 + time > rows }) {
            throw .dataShape(what: "window start row", found: bad, expected: "0 ... \(rows - time) for \(time)-step windows of \(rows) rows")
        }
        self.init(series: series, starts: starts, targets: targets, time: time, features: features, horizon: horizon)
    }

    private init(series: [Float], starts: [Int], targets: [Float], time: Int, features: Int, horizon: Int) {
        self.series = series
        self.starts = starts
        self.targets = targets
        self.count = starts.count
        self.time = time
        self.features = features
        self.horizon = horizon
    }

    private static func checkSizes(count: Int, time: Int, features: Int, horizon: Int, targets: Int) throws(TrainingError) {
        if time < 1 { throw .dataShape(what: "time steps", found: time, expected: "at least 1") }
        if features < 1 { throw .dataShape(what: "features", found: features, expected: "at least 1") }
        if horizon < 1 { throw .dataShape(what: "horizon", found: horizon, expected: "at least 1") }
        if targets != count * horizon {
            throw .dataShape(what: "target values", found: targets, expected: "\(count) × \(horizon) = \(count * horizon)")
        }
    }

    /// The inputs as one `[count, time, features]` array (``series`` itself when the windows are
    /// stored that way, else a copy).
    public var inputs: [Float] {
        let w = time * features
        if series.count == count * w && starts.enumerated().allSatisfy({ $0.element == $0.offset * time }) { return series }
        var out = [Float](repeating: 0, count: count * w)
        out.withUnsafeMutableBufferPointer { copyInputs(0..<count, into: $0) }
        return out
    }

    /// Copies the inputs of windows `range` into `destination` as `[range.count, time, features]`.
    public func copyInputs(_ range: Range<Int>, into destination: UnsafeMutableBufferPointer<Float>) {
        copyInputs(of: range, into: destination)
    }

    /// Copies the inputs of the windows numbered `indices` (in that order) into `destination`.
    func copyInputs<C: Collection<Int>>(of indices: C, into destination: UnsafeMutableBufferPointer<Float>) {
        let w = time * features
        precondition(destination.count >= indices.count * w)
        series.withUnsafeBufferPointer { src in
            for (row, index) in indices.enumerated() {
                (destination.baseAddress! + row * w).update(from: src.baseAddress! + starts[index] * features, count: w)
            }
        }
    }

    /// Same windows: equal sizes, targets and inputs (however each side stores them).
    public static func == (a: TrainingWindows, b: TrainingWindows) -> Bool {
        a.count == b.count && a.time == b.time && a.features == b.features && a.horizon == b.horizon && a.targets == b.targets
            && (a.series == b.series && a.starts == b.starts || a.inputs == b.inputs)
    }
}
