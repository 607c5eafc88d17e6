import Dispatch
import ForecastCore
import Foundation

/// Rolling-origin evaluation (time-series cross-validation): fits each model on the rows up to a
/// forecast origin, forecasts the next `horizon` rows, compares them with what happened, and moves
/// the origin forward, fold by fold.
///
/// ```swift
/// var configuration = BacktestConfiguration()
/// configuration.folds = 5
/// configuration.horizon = 7
/// let backtest = Backtest(configuration)
/// let result = try backtest.run([NaiveForecaster(), SeasonalNaiveForecaster()],
///                               on: series, target: "temp_max_c")
/// result.leaderboard.best(in: .mase)              // e.g. ["seasonal-naive"]
/// ```
///
/// ## Fold layout
/// For a series of n rows (0-based), K ``BacktestConfiguration/folds``, horizon h, step s
/// (``BacktestConfiguration/effectiveStep``, default h), gap g and an optional training window N,
/// fold k = 1…K (oldest first) has
/// - last forecast row e_k = n − 1 − (K − k)·s, so the last fold ends at the last observation;
/// - forecast rows e_k − h + 1 … e_k;
/// - origin o_k = e_k − h − g, the last row any model sees for this fold (its timestamp is
///   neuralforecast's `cutoff`);
/// - training rows 0 … o_k (expanding, the default) or o_k − N + 1 … o_k (sliding window of N rows).
///
/// Forecasting across a gap: the model is fitted with horizon h + g and its forecast after row o_k
/// has h + g values; the first g (the gap rows) are dropped, the last h are compared with rows
/// o_k + g + 1 … o_k + g + h.
///
/// Refitting (``RefitPolicy``): a fold that refits fits a new model on its training rows and
/// forecasts after them. A fold that does not reuses the model of the last fold that did, and calls
/// `forecast(after:)` with that fold's training rows extended up to o_k (``FoldLayout/historyRows``),
/// so the history still starts like the one the model was fitted on.
///
/// **No leakage, by construction:** a model is only ever handed `series.rows(r)` for a range `r`
/// ending at o_k + 1; no row after the origin reaches `fit` or `forecast(after:)`, and actual values
/// are read only afterwards, to score the forecasts. The one exception is declared: a model's
/// ``Forecaster/knownFutureColumns`` (covariates known ahead, never the target) for the rows
/// o_k + 1 … o_k + g + h, through ``FittedForecaster/forecast(after:knownFuture:)``.
///
/// ## The same experiment elsewhere
/// - neuralforecast `NeuralForecast.cross_validation(df, n_windows=K, step_size=s, refit=…)`
///   with models built with `h=h`: the same folds (its last window also ends at the last
///   observation). `refit=True` ↔ ``RefitPolicy/everyFold``, `refit=False` ↔ ``RefitPolicy/once``,
///   `refit=k` ↔ ``RefitPolicy/every(folds:)``. It has no gap (g = 0) and always trains on an
///   expanding window; its `step_size` defaults to 1 (ours to h) and its `refit` to `False` (ours
///   to every fold).
/// - statsforecast `StatsForecast.cross_validation(df, h=h, n_windows=K, step_size=s, refit=…,
///   input_size=N)`: the same, with `input_size` ↔ ``BacktestConfiguration/trainWindow``.
/// - Darts `model.historical_forecasts(series, start=…, forecast_horizon=h, stride=s,
///   retrain=True|k|False, train_length=N, last_points_only=False, overlap_end=False)`, where
///   `start` is the timestamp of fold 1's first forecast row (row o_1 + 1 when g = 0). Darts counts
///   folds forward from `start`, we count back from the end; they coincide when the first forecast
///   rows are placed as above. Darts' `output_chunk_shift=g` (torch models) plays the part of the gap.
///
/// ## Metrics
/// Each point's error is scored with ``MetricValues``: per (model, fold), per (model, step ahead)
/// over all folds, and per model over everything (the ``Leaderboard``). MASE divides each point's
/// absolute error by its fold's ``BacktestFold/maseScale``, the in-sample seasonal-naive MAE of the
/// fold's training part with season ``BacktestConfiguration/season`` (or the frequency's).
///
/// ## Threads
/// With ``BacktestConfiguration/threads`` above 1, (model, refit group) tasks run on that many
/// Dispatch workers (a refit group is a fold that fits plus the folds that reuse its model; with
/// the default refit policy, one task per (model, fold)). Each task is independent and writes its
/// own slot, so results are identical to a serial run. Forecasters must therefore be thread-safe
/// values (`Sendable`), and their fit must not depend on shared mutable state.
public struct Backtest: Sendable {
    /// Folds, horizon, step, window, refit, gap, season and threads.
    public var configuration: BacktestConfiguration

    public init(_ configuration: BacktestConfiguration = BacktestConfiguration()) {
        self.configuration = configuration
    }

    /// The season length used for MASE on `series`: ``BacktestConfiguration/season`` if set, else
    /// the frequency's ``Frequency/seasonalPeriod``, else 1 (MASE then scales by the naive forecast).
    public func season(for series: TimeSeries) -> Int {
        configuration.season ?? series.inferFrequency().seasonalPeriod ?? 1
    }

    /// The folds `run` would use on `series`, with their timestamps and MASE scales.
    ///
    /// - Throws: ``BacktestError`` for a bad option, more folds than the series holds, or a first
    ///   training part not longer than one season; `TimeSeriesError` for an unknown `target` or
    ///   timestamps that do not strictly increase.
    public func folds(of series: TimeSeries, target: String) throws -> [BacktestFold] {
        try configuration.validate()
        try series.validateOrder()
        let values = try series.column(named: target).values
        let season = season(for: series)
        let layouts = try configuration.layout(rowCount: series.count)
        if layouts[0].trainingRows.count <= season {
            throw BacktestError.seasonTooLong(
                season: season,
                inferredFrom: configuration.season == nil ? series.inferFrequency() : nil,
                fold: 1, trainingRows: layouts[0].trainingRows.count,
                foldsThatFit: configuration.trainWindow == nil
                    ? configuration.foldsThatFit(rowCount: series.count, minimumTrainingRows: season + 1) : 0,
                trainWindow: configuration.trainWindow)
        }
        return layouts.map { layout in
            BacktestFold(layout: layout, origin: series.timestamps[layout.originRow],
                         firstTarget: series.timestamps[layout.forecastRows.lowerBound],
                         lastTarget: series.timestamps[layout.forecastRows.upperBound - 1],
                         maseScale: Metrics.seasonalNaiveScale(insample: Array(values[layout.trainingRows]),
                                                               season: season))
        }
    }

    /// Backtests each forecaster on `target` of `series`.
    ///
    /// - Parameters:
    ///   - forecasters: models with distinct ``Forecaster/name``s, baselines and networks alike.
    ///   - series: the whole series; each model only ever sees rows up to each fold's origin.
    ///   - target: the column forecast and scored.
    ///   - progress: called after each (model, fold) with the count done so far, the total
    ///     (`forecasters.count × folds`) and the seconds elapsed, for an ETA. Calls are serialized
    ///     (never two at once), possibly from a worker thread.
    /// - Returns: points, fold and step metrics and a leaderboard, in a fixed order.
    /// - Throws: ``folds(of:target:)``'s errors; ``BacktestError/noModels`` or
    ///   ``BacktestError/duplicateModelName(_:)``; ``BacktestError/modelFailed(model:fold:origin:message:)``
    ///   wrapping the first (in model, fold order) error a model threw; and
    ///   ``BacktestError/wrongForecastLength(model:fold:expected:got:)``.
    public func run(_ forecasters: [any Forecaster], on series: TimeSeries, target: String,
                    progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> BacktestResult {
        guard !forecasters.isEmpty else { throw BacktestError.noModels }
        var seen = Set<String>()
        for f in forecasters where !seen.insert(f.name).inserted {
            throw BacktestError.duplicateModelName(f.name)
        }
        let folds = try folds(of: series, target: target)
        let actuals = try series.column(named: target).values
        let h = configuration.horizon, g = configuration.gap

        // One task per (model, refit group), in model-then-fold order.
        let groups = refitGroups(folds.map(\.layout))
        let tasks = forecasters.indices.flatMap { m in groups.map { (model: m, folds: $0) } }
        let tracker = ProgressTracker(total: forecasters.count * folds.count, callback: progress)

        let runTask: @Sendable (Int) -> Result<[Forecast], BacktestError> = { index in
            let task = tasks[index]
            let forecaster = forecasters[task.model]
            var fitted: (any FittedForecaster)? = nil
            var forecasts: [Forecast] = []
            for f in task.folds {
                let fold = folds[f]
                do {
                    if fitted == nil {
                        fitted = try forecaster.fit(on: series.rows(fold.layout.trainingRows), target: target,
                                                    horizon: h + g)
                    }
                    let history = series.rows(fold.layout.historyRows)
                    let forecast: Forecast
                    if forecaster.knownFutureColumns.isEmpty {
                        forecast = try fitted!.forecast(after: history)
                    } else {
                        // Known ahead at the origin: those columns, and only those, in the rows forecast.
                        let next = fold.layout.originRow + 1
                        let future = try series.rows(next..<min(series.count, next + h + g))
                            .selecting(columns: forecaster.knownFutureColumns)
                        forecast = try fitted!.forecast(after: history, knownFuture: future)
                    }
                    guard forecast.values.count == h + g else {
                        return .failure(.wrongForecastLength(model: forecaster.name, fold: fold.layout.fold,
                                                             expected: h + g, got: forecast.values.count))
                    }
                    forecasts.append(forecast.droppingFirst(g))
                } catch {
                    return .failure(.modelFailed(model: forecaster.name, fold: fold.layout.fold,
                                                 origin: fold.origin, message: "\(error)"))
                }
                tracker.foldDone()
            }
            return .success(forecasts)
        }

        let outcomes = TaskOutcomes(count: tasks.count)
        let workers = min(configuration.threads, tasks.count)
        if workers <= 1 {
            for i in tasks.indices { outcomes.store(runTask(i), at: i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = outcomes.nextTask() { outcomes.store(runTask(i), at: i) }
            }
        }

        // Assemble in fixed order; the first failure in that order is the one reported.
        var forecastsByModel = Array(repeating: [Forecast](), count: forecasters.count)
        for (i, outcome) in outcomes.results().enumerated() {
            switch outcome {
            case .success(let forecasts): forecastsByModel[tasks[i].model] += forecasts
            case .failure(let error): throw error
            }
        }
        return assemble(forecasters.map(\.name), forecastsByModel, folds: folds, series: series,
                        actuals: actuals, season: season(for: series), target: target)
    }

    /// Groups fold indices (0-based) by the fold whose model they use.
    private func refitGroups(_ layouts: [FoldLayout]) -> [[Int]] {
        var groups: [[Int]] = []
        for (i, layout) in layouts.enumerated() {
            if layout.refits || groups.isEmpty { groups.append([i]) } else { groups[groups.count - 1].append(i) }
        }
        return groups
    }

    private func assemble(_ models: [String], _ forecasts: [[Forecast]], folds: [BacktestFold],
                          series: TimeSeries, actuals: [Double], season: Int, target: String) -> BacktestResult {
        let h = configuration.horizon
        let levels = Array(Set(forecasts.joined().flatMap { $0.intervals.map(\.level) })).sorted()
        var points: [ForecastPoint] = []
        var foldMetrics: [FoldMetrics] = []
        var stepMetrics: [StepMetrics] = []
        var overall: [(model: String, metrics: MetricValues)] = []
        var warnings: [String] = []
        for (m, model) in models.enumerated() {
            var byStep = Array(repeating: (actual: [Double](), predicted: [Double](), scales: [Double]()), count: h)
            var all = (actual: [Double](), predicted: [Double](), scales: [Double]())
            for (f, fold) in folds.enumerated() {
                let rows = Array(fold.layout.forecastRows)
                let forecast = forecasts[m][f]
                let y = rows.map { actuals[$0] }, p = forecast.values
                let scales = Array(repeating: fold.maseScale, count: h)
                let bounds = levels.map { level in forecast.intervals.first { $0.level == level } }
                for step in 0..<h {
                    points.append(ForecastPoint(model: model, fold: fold.layout.fold, origin: fold.origin,
                                                target: series.timestamps[rows[step]], step: step + 1,
                                                actual: y[step], prediction: p[step],
                                                lower: bounds.map { $0?.lower[step] ?? .nan },
                                                upper: bounds.map { $0?.upper[step] ?? .nan },
                                                scale: fold.maseScale))
                    byStep[step].actual.append(y[step])
                    byStep[step].predicted.append(p[step])
                    byStep[step].scales.append(fold.maseScale)
                }
                all.actual += y
                all.predicted += p
                all.scales += scales
                foldMetrics.append(FoldMetrics(model: model, fold: fold.layout.fold, origin: fold.origin,
                                               metrics: MetricValues(actual: y, predicted: p, scales: scales)))
            }
            for step in 0..<h {
                stepMetrics.append(StepMetrics(model: model, step: step + 1,
                                               metrics: MetricValues(actual: byStep[step].actual,
                                                                     predicted: byStep[step].predicted,
                                                                     scales: byStep[step].scales)))
            }
            let metrics = MetricValues(actual: all.actual, predicted: all.predicted, scales: all.scales)
            overall.append((model, metrics))
            if metrics.zeroActualsLeftOut > 0 {
                warnings.append("\(model): \(metrics.zeroActualsLeftOut) of \(metrics.count) forecast points "
                    + "have an actual of 0 and are left out of MAPE; sMAPE, MAE and MASE include them")
            }
            if metrics.missingActualsLeftOut > 0 {
                warnings.append("\(model): \(metrics.missingActualsLeftOut) forecast points have a missing actual "
                    + "in \"\(target)\" and are left out of every metric")
            }
        }
        if let fold = folds.first(where: { !$0.maseScale.isFinite || $0.maseScale == 0 }) {
            let cause = fold.maseScale.isNaN ? "has no pair of values one season apart" : "repeats exactly every \(season) steps"
            warnings.append("MASE: the training part of fold \(fold.layout.fold) \(cause), so its seasonal-naive "
                + "scale is \(fold.maseScale) and MASE is not finite")
        }
        return BacktestResult(configuration: configuration, target: target, season: season, models: models,
                              folds: folds, points: points, foldMetrics: foldMetrics, stepMetrics: stepMetrics,
                              leaderboard: Leaderboard(models: overall), warnings: warnings, levels: levels,
                              intervalMetrics: levels.isEmpty ? [] : IntervalMetrics.all(points: points, models: models,
                                                                                          levels: levels, horizon: h))
    }
}

/// Progress of a running backtest, for a progress bar or an ETA.
public struct BacktestProgress: Sendable, Equatable {
    /// (model, fold) forecasts finished so far.
    public var completed: Int
    /// (model, fold) forecasts in the whole backtest: models × folds.
    public var total: Int
    /// Seconds since the backtest started.
    public var elapsedSeconds: Double

    public init(completed: Int, total: Int, elapsedSeconds: Double) {
        self.completed = completed
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }

    /// Estimated seconds left, extrapolating the mean time per fold so far; `nil` before the first.
    public var estimatedSecondsLeft: Double? {
        completed == 0 ? nil : elapsedSeconds / Double(completed) * Double(total - completed)
    }
}

/// Counts finished folds and calls the progress callback, one call at a time.
private final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let callback: (@Sendable (BacktestProgress) -> Void)?
    private let start = ContinuousClock.now
    private var completed = 0

    init(total: Int, callback: (@Sendable (BacktestProgress) -> Void)?) {
        self.total = total
        self.callback = callback
    }

    func foldDone() {
        lock.lock()
        defer { lock.unlock() }
        completed += 1
        guard let callback else { return }
        let elapsed = ContinuousClock.now - start
        callback(BacktestProgress(completed: completed, total: total,
                                  elapsedSeconds: Double(elapsed.components.seconds)
                                      + Double(elapsed.components.attoseconds) * 1e-18))
    }
}

/// Hands out task indices to workers and keeps each task's outcome in its own slot.
private final class TaskOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<[Forecast], BacktestError>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func nextTask() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ outcome: Result<[Forecast], BacktestError>, at index: Int) {
        lock.lock()
        slots[index] = outcome
        lock.unlock()
    }

    func results() -> [Result<[Forecast], BacktestError>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
