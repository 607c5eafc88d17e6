import ForecastCore

/// Split-conformal prediction intervals for any forecaster, calibrated on its own rolling-origin
/// errors over the training history.
///
/// **Calibration.** The forecaster is refitted at `windows` origins at the end of the history, one
/// every `horizon` rows (non-overlapping windows, as Nixtla's `ConformalIntervals`), each fit seeing
/// only the rows up to its origin, and forecasts the `horizon` rows after it; those rows are in the
/// history, so the calibration never sees the period being forecast. Step by step (1…h), the
/// calibration errors are the scores.
///
/// **Intervals.** For a level L % (α = 1 − L/100) and n scores, the finite-sample conformal
/// quantile is the ⌈(n + 1)(1 − α)⌉-th smallest score, which needs n ≥ (1 − α)/α windows (4 for
/// 80 %, 19 for 95 %). ``IntervalMethod/symmetric``: forecast ± that quantile of |y − ŷ|.
/// ``IntervalMethod/asymmetric``: each bound from the signed errors y − ŷ with α/2 per tail (the
/// ⌈(n + 1)(1 − α/2)⌉-th smallest error above, the same rank from the top below), which needs
/// n ≥ (2 − α)/α windows (9 for 80 %, 39 for 95 %). Under exchangeable errors the interval covers
/// the actual value with probability at least L %.
public struct ConformalCalibration: Sendable, Equatable, Codable {
    /// Levels in percent, ascending (e.g. `[80, 95]`).
    public var levels: [Int]
    public var method: IntervalMethod
    /// Calibration windows (forecasts per step) the quantiles were taken over, n.
    public var windows: Int
    /// Per level, per step 1…h: what is added to the point forecast for the lower bound (≤ 0 for
    /// symmetric intervals), in the target's units.
    public var lowerOffsets: [[Double]]
    /// Per level, per step: what is added for the upper bound.
    public var upperOffsets: [[Double]]

    public init(levels: [Int], method: IntervalMethod, windows: Int, lowerOffsets: [[Double]], upperOffsets: [[Double]]) {
        self.levels = levels
        self.method = method
        self.windows = windows
        self.lowerOffsets = lowerOffsets
        self.upperOffsets = upperOffsets
    }

    /// Steps calibrated, h.
    public var horizon: Int { lowerOffsets.first?.count ?? 0 }

    /// The intervals around `values` (one per step, at most ``horizon``), one per level.
    public func intervals(around values: [Double]) -> [PredictionInterval] {
        levels.indices.map { l in
            PredictionInterval(level: levels[l],
                               lower: values.indices.map { values[$0] + lowerOffsets[l][$0] },
                               upper: values.indices.map { values[$0] + upperOffsets[l][$0] })
        }
    }

    /// The same calibration at `levels` only.
    /// - Throws: ``IntervalError/levelNotCalibrated(level:calibrated:)`` for a level it does not have.
    public func restricted(to levels: [Int]) throws -> ConformalCalibration {
        let indices = try levels.sorted().map { level in
            guard let i = self.levels.firstIndex(of: level) else {
                throw IntervalError.levelNotCalibrated(level: level, calibrated: self.levels)
            }
            return i
        }
        return ConformalCalibration(levels: indices.map { self.levels[$0] }, method: method, windows: windows,
                                    lowerOffsets: indices.map { lowerOffsets[$0] }, upperOffsets: indices.map { upperOffsets[$0] })
    }

    /// `forecast` with this calibration's intervals.
    public func applied(to forecast: Forecast) -> Forecast {
        var f = forecast
        f.intervals = intervals(around: forecast.values)
        return f
    }

    // MARK: Quantiles

    /// The fewest calibration windows that give a finite `level` % bound with `method`.
    public static func windowsNeeded(level: Int, method: IntervalMethod) -> Int {
        func ceilingDivision(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
        switch method {
        case .symmetric: return ceilingDivision(level, 100 - level)          // ⌈L / (100 − L)⌉
        case .asymmetric: return ceilingDivision(100 + level, 100 - level)   // ⌈(100 + L) / (100 − L)⌉
        }
    }

    /// The 1-based rank of the finite-sample quantile among `n` scores for a one-sided coverage of
    /// `coverage` per mille: ⌈(n + 1) · coverage / 1000⌉. Integer arithmetic, so 95 % of 19 windows is exactly rank 19.
    static func rank(n: Int, perMille coverage: Int) -> Int {
        ((n + 1) * coverage + 999) / 1000
    }

    /// The offsets of one level from `errors` (signed, y − ŷ) of one step.
    static func offsets(errors: [Double], level: Int, method: IntervalMethod) -> (lower: Double, upper: Double) {
        let n = errors.count
        switch method {
        case .symmetric:
            let scores = errors.map(abs).sorted()
            let q = scores[rank(n: n, perMille: level * 10) - 1]
            return (-q, q)
        case .asymmetric:
            let sorted = errors.sorted()
            let k = rank(n: n, perMille: 1000 - (100 - level) * 5)    // 1 − α/2
            return (sorted[n - k], sorted[k - 1])
        }
    }

    /// The calibration of `errors[window][step]` (signed, y − ŷ; windows with a missing actual at a
    /// step are left out of that step).
    /// - Throws: ``IntervalError/tooFewWindows(level:method:needed:available:)`` when a step has fewer
    ///   scores than the highest level needs.
    public static func fromErrors(_ errors: [[Double]], levels: [Int], method: IntervalMethod) throws -> ConformalCalibration {
        let levels = Array(Set(levels)).sorted()
        let h = errors.first?.count ?? 0
        var lower = Array(repeating: [Double](repeating: 0, count: h), count: levels.count)
        var upper = lower
        for step in 0..<h {
            let scores = errors.map { $0[step] }.filter { !$0.isNaN }
            for (l, level) in levels.enumerated() {
                let needed = windowsNeeded(level: level, method: method)
                guard scores.count >= needed else {
                    throw IntervalError.tooFewWindows(level: level, method: method, needed: needed, available: scores.count)
                }
                (lower[l][step], upper[l][step]) = offsets(errors: scores, level: level, method: method)
            }
        }
        return ConformalCalibration(levels: levels, method: method, windows: errors.count, lowerOffsets: lower, upperOffsets: upper)
    }

    // MARK: Calibrating a forecaster

    /// Calibrates `forecaster` on `history`: rolling-origin forecasts of `horizon` steps at the last
    /// `windows` origins (default: ``defaultWindows(levels:method:available:)``), then
    /// ``fromErrors(_:levels:method:)``.
    ///
    /// - Parameters:
    ///   - threads: workers for the calibration fits (results do not depend on it).
    ///   - progress: called after each calibration fit.
    /// - Throws: ``IntervalError`` when the history holds too few windows; the forecaster's errors.
    public static func calibrate(_ forecaster: any Forecaster, on history: TimeSeries, target: String, horizon: Int,
                                 levels: [Int], method: IntervalMethod = .symmetric, windows: Int? = nil,
                                 season: Int? = nil, threads: Int = 1,
                                 progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> ConformalCalibration {
        var configuration = BacktestConfiguration()
        configuration.horizon = horizon
        configuration.season = season
        configuration.threads = threads
        let layouts = try windowLayouts(rowCount: history.count, horizon: horizon, levels: levels, method: method, windows: windows,
                                        season: Backtest(configuration).season(for: history))
        configuration.folds = layouts.count
        let result = try Backtest(configuration).run([forecaster], on: history, target: target, progress: progress)
        var errors = Array(repeating: [Double](repeating: .nan, count: horizon), count: layouts.count)
        for p in result.points { errors[p.fold - 1][p.step - 1] = p.actual - p.prediction }
        return try fromErrors(errors, levels: levels, method: method)
    }

    /// The calibration windows of a history of `rowCount` rows, oldest first, as row ranges of that
    /// history: the folds of a rolling-origin backtest with `horizon` steps, one horizon apart, an
    /// expanding window and a refit at every window, the last ending at the history's last row. Their
    /// number is `windows`, or ``defaultWindows(needed:available:)``; every training part keeps more
    /// than one `season` of rows.
    ///
    /// - Throws: ``IntervalError/historyTooShort(windows:available:horizon:rows:)`` when the windows do
    ///   not fit; ``IntervalError/tooFewWindows(level:method:needed:available:)`` when `windows` is
    ///   fewer than the highest level needs.
    public static func windowLayouts(rowCount: Int, horizon: Int, levels: [Int], method: IntervalMethod, windows: Int?,
                                     season: Int) throws -> [FoldLayout] {
        var configuration = BacktestConfiguration()
        configuration.horizon = horizon
        let needed = levels.map { windowsNeeded(level: $0, method: method) }.max() ?? 1
        let available = configuration.foldsThatFit(rowCount: rowCount, minimumTrainingRows: season + 1)
        let n = windows ?? defaultWindows(needed: needed, available: available)
        guard n <= available else {
            throw IntervalError.historyTooShort(windows: n, available: available, horizon: horizon, rows: rowCount)
        }
        guard n >= needed else {
            let level = levels.max { windowsNeeded(level: $0, method: method) < windowsNeeded(level: $1, method: method) }!
            throw IntervalError.tooFewWindows(level: level, method: method, needed: needed, available: n)
        }
        configuration.folds = n
        return try configuration.layout(rowCount: rowCount, minimumTrainingRows: season + 1)
    }

    /// Windows used when none are asked for: at least 20 where the history holds them, and always
    /// as many as the levels need.
    public static func defaultWindows(needed: Int, available: Int) -> Int {
        max(needed, min(20, available))
    }
}

/// Errors of asking for prediction intervals.
public enum IntervalError: Error, Equatable, CustomStringConvertible {
    /// A level outside 1…99 percent.
    case invalidLevel(Int)
    /// A level given twice.
    case duplicateLevel(Int)
    /// The level needs `needed` calibration windows; only `available` are there.
    case tooFewWindows(level: Int, method: IntervalMethod, needed: Int, available: Int)
    /// The history holds `available` calibration windows of `horizon` rows; `windows` were asked for.
    case historyTooShort(windows: Int, available: Int, horizon: Int, rows: Int)
    /// A model that carries no calibration was asked for intervals.
    case notCalibrated(model: String)
    /// A saved calibration lacks a level that was asked for.
    case levelNotCalibrated(level: Int, calibrated: [Int])

    public var description: String {
        switch self {
        case let .invalidLevel(level):
            return "level \(level): expected a percentage above 0 and below 100, such as 80 or 95"
        case let .duplicateLevel(level):
            return "level \(level) is given twice; give each level once"
        case let .tooFewWindows(level, method, needed, available):
            return "a \(level) % \(method.rawValue) interval needs at least \(needed) calibration windows (the "
                + "⌈(n+1)·\(level)/100⌉-th smallest of n errors must exist), but \(available) are available; "
                + "give more --calibration-windows, a lower --level, or use a longer series"
        case let .historyTooShort(windows, available, horizon, rows):
            return "\(windows) calibration windows of \(horizon) rows do not fit in \(rows) rows of history (at most \(available) do); "
                + "give fewer --calibration-windows, a lower --level or a shorter --horizon"
        case let .levelNotCalibrated(level, calibrated):
            return "level \(level) was not calibrated when the model was trained (it has \(calibrated.map(String.init).joined(separator: ", "))); "
                + "give one of those to --level, or train again with --level \(level)"
        case let .notCalibrated(model):
            return "\(model) carries no interval calibration; train it with --level (forecast train --level 80,95) to get intervals"
        }
    }
}
