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
/// ## Prediction intervals
/// With ``BacktestConfiguration/intervals``, every refitting fold calibrates split-conformal
/// intervals on windows inside its own training rows, exactly as ``ConformalForecaster`` would
/// (``ConformalCalibration``), and the folds that reuse its model use its calibration. A calibration
/// window is a fit on the rows up to its origin, so a window whose rows a refitting fold (or
/// another fold's calibration) already fits is not fitted again: with an expanding window and folds
/// one horizon apart, fold k's calibration windows are folds k − 1, k − 2, …, and a backtest of K
/// folds with n windows each takes K + n fits per model instead of K·(n + 1). The intervals are
/// bit-identical to calibrating each fold on its own; ``BacktestResult/calibrationFits`` says how
/// many fits the calibration took.
///
/// ## Threads
/// With ``BacktestConfiguration/threads`` above 1, (model, refit group) tasks and calibration fits run on that many
/// Dispatch workers (a refit group is a fold that fits plus the folds that reuse its model; with
/// the default refit policy, one task per (model, fold)). Each task is independent and writes its
/// own slot, so results are identical to a serial run. Forecasters must therefore be thread-safe
/// values (`Sendable`), and their fit must not depend on shared mutable state.
public struct Backtest: Sendable {
    /// Folds, horizon, step, window, refit, gap, season, threads and intervals.
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
    ///   - progress: called after each (model, fold) and each calibration fit with the count done so
    ///     far, the total and the seconds elapsed, for an ETA. Calls are serialized
    ///     (never two at once), possibly from a worker thread.
    /// - Returns: points, fold and step metrics and a leaderboard, in a fixed order.
    /// - Throws: ``folds(of:target:)``'s errors; ``BacktestError/noModels`` or
    ///   ``BacktestError/duplicateModelName(_:)``; ``BacktestError/modelFailed(model:fold:origin:message:)``
    ///   (``BacktestError/historyTooShortForModel(model:fold:origin:message:)`` when the model's error
    ///   is a ``HistoryLengthError`` saying the history is too short)
    ///   wrapping the first (in model, fold order) error a model threw; and
    ///   ``BacktestError/wrongForecastLength(model:fold:expected:got:)``.
    public func run(_ forecasters: [any Forecaster], on series: TimeSeries, target: String,
                    progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> BacktestResult {
        try run(forecasters, on: series, target: target, onlyFolds: nil, progress: progress)
    }

    /// As ``run(_:on:target:progress:)``, restricted to the folds numbered in `onlyFolds` (whole refit
    /// groups; `nil`: every fold): each of them gets exactly the numbers of a run of every fold, and
    /// the result holds only them (its metrics are over them). Without intervals only (the
    /// calibration of a fold reads the forecasts of earlier folds).
    func run(_ forecasters: [any Forecaster], on series: TimeSeries, target: String, onlyFolds: Set<Int>?,
             progress: (@Sendable (BacktestProgress) -> Void)?) throws -> BacktestResult {
        guard !forecasters.isEmpty else { throw BacktestError.noModels }
        var seen = Set<String>()
        for f in forecasters where !seen.insert(f.name).inserted {
            throw BacktestError.duplicateModelName(f.name)
        }
        let allFolds = try folds(of: series, target: target)
        let folds = onlyFolds.map { wanted in allFolds.filter { wanted.contains($0.layout.fold) } } ?? allFolds
        precondition(onlyFolds == nil || configuration.intervals == nil, "a subset of folds is backtested without intervals")
        let actuals = try series.column(named: target).values
        let h = configuration.horizon, g = configuration.gap
        let plan = try CalibrationPlan(configuration.intervals, folds: folds, series: series, horizon: h + g,
                                       season: configuration.season, firstModel: forecasters[0].name)

        // Per model: one task per refit group, then one per calibration window that needs a fit of its own.
        let groups = refitGroups(folds.map(\.layout))
        let tasks: [BacktestTask] = forecasters.indices.flatMap { m in
            groups.map { BacktestTask(model: m, work: .folds($0)) } + plan.ownFits.map { BacktestTask(model: m, work: .window($0)) }
        }
        let tracker = ProgressTracker(total: forecasters.count * (folds.count + plan.ownFits.count), callback: progress)

        // The forecast after `historyRows`, given the columns the forecaster knows ahead (and only
        // those) in the rows it forecasts.
        @Sendable func forecastAfter(_ fitted: any FittedForecaster, _ forecaster: any Forecaster,
                                     historyRows: Range<Int>) throws -> Forecast {
            let history = series.rows(historyRows)
            guard !forecaster.knownFutureColumns.isEmpty else { return try fitted.forecast(after: history) }
            let next = historyRows.upperBound
            let future = try series.rows(next..<min(series.count, next + h + g)).selecting(columns: forecaster.knownFutureColumns)
            return try fitted.forecast(after: history, knownFuture: future)
        }

        // Forecasts keep the gap rows (h + g values) until the intervals are applied; each with the
        // model its fit chose, if it chose one.
        let runTask: @Sendable (Int) -> Result<[(forecast: Forecast, choice: String?)], BacktestError> = { index in
            let task = tasks[index]
            let forecaster = forecasters[task.model]
            switch task.work {
            case .window(let rows):
                do {
                    let fitted = try forecaster.fit(on: series.rows(rows), target: target, horizon: h + g)
                    let forecast = try forecastAfter(fitted, forecaster, historyRows: rows)
                    guard forecast.values.count == h + g else {
                        return .failure(.calibrationFailed(model: forecaster.name, origin: series.timestamps[rows.upperBound - 1],
                                                           message: "returned \(forecast.values.count) forecast values; expected \(h + g)"))
                    }
                    tracker.foldDone()
                    return .success([(forecast, nil)])
                } catch {
                    return .failure(.calibrationFailed(model: forecaster.name, origin: series.timestamps[rows.upperBound - 1],
                                                       message: "\(error)"))
                }
            case .folds(let indices):
                var fitted: (any FittedForecaster)? = nil
                var forecasts: [(forecast: Forecast, choice: String?)] = []
                for f in indices {
                    let fold = folds[f]
                    do {
                        if fitted == nil {
                            fitted = try forecaster.fit(on: series.rows(fold.layout.trainingRows), target: target,
                                                        horizon: h + g)
                        }
                        let forecast = try forecastAfter(fitted!, forecaster, historyRows: fold.layout.historyRows)
                        guard forecast.values.count == h + g else {
                            return .failure(.wrongForecastLength(model: forecaster.name, fold: fold.layout.fold,
                                                                 expected: h + g, got: forecast.values.count))
                        }
                        forecasts.append((forecast, fitted!.chosenModel))
                    } catch let error as any HistoryLengthError where error.isHistoryTooShort {
                        return .failure(.historyTooShortForModel(model: forecaster.name, fold: fold.layout.fold,
                                                                 origin: fold.origin, message: "\(error)"))
                    } catch {
                        return .failure(.modelFailed(model: forecaster.name, fold: fold.layout.fold,
                                                     origin: fold.origin, message: "\(error)"))
                    }
                    tracker.foldDone()
                }
                return .success(forecasts)
            }
        }

        let outcomes = ParallelTasks.run(count: tasks.count, workers: configuration.threads, runTask)

        // Assemble in fixed order; the first failure in that order is the one reported.
        var forecastsByModel = Array(repeating: [Forecast](), count: forecasters.count)
        var choicesByModel = Array(repeating: [String?](), count: forecasters.count)
        var windowForecasts = Array(repeating: [Range<Int>: Forecast](), count: forecasters.count)
        for (i, outcome) in outcomes.enumerated() {
            let m = tasks[i].model
            switch (outcome, tasks[i].work) {
            case (.success(let forecasts), .folds):
                forecastsByModel[m] += forecasts.map(\.forecast)
                choicesByModel[m] += forecasts.map(\.choice)
            case (.success(let forecasts), .window(let rows)): windowForecasts[m][rows] = forecasts[0].forecast
            case (.failure(let error), _): throw error
            }
        }
        for m in forecasters.indices {
            if let intervals = configuration.intervals {
                // A refitting fold's forecast is also the calibration window that ends at its origin.
                for (f, fold) in folds.enumerated() where fold.layout.refits {
                    windowForecasts[m][fold.layout.trainingRows] = forecastsByModel[m][f]
                }
                var calibration: ConformalCalibration? = nil
                for (f, fold) in folds.enumerated() {
                    if let windows = plan.windows[f] {
                        let errors = windows.map { rows in
                            let p = windowForecasts[m][rows]!.values
                            return p.indices.map { actuals[rows.upperBound + $0] - p[$0] }
                        }
                        do {
                            calibration = try ConformalCalibration.fromErrors(errors, levels: intervals.levels, method: intervals.method)
                        } catch {
                            throw BacktestError.modelFailed(model: forecasters[m].name, fold: fold.layout.fold,
                                                            origin: fold.origin, message: "\(error)")
                        }
                    }
                    forecastsByModel[m][f] = calibration!.applied(to: forecastsByModel[m][f])
                }
            }
            forecastsByModel[m] = forecastsByModel[m].map { $0.droppingFirst(g) }
        }
        var result = assemble(forecasters.map(\.name), forecastsByModel, folds: folds, series: series,
                              actuals: actuals, season: season(for: series), target: target)
        result.calibrationWindows = plan.windowCount
        result.calibrationFits = plan.ownFits.count
        let choices = forecasters.indices.compactMap { m -> ModelChoices? in
            guard choicesByModel[m].contains(where: { $0 != nil }) else { return nil }
            return ModelChoices(model: forecasters[m].name, folds: choicesByModel[m].map { $0 ?? "?" })
        }
        result.choices = choices.isEmpty ? nil : choices
        return result
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
        for (m, model) in models.enumerated() {
            for (f, fold) in folds.enumerated() {
                let rows = Array(fold.layout.forecastRows)
                let forecast = forecasts[m][f]
                let bounds = levels.map { level in forecast.intervals.first { $0.level == level } }
                for step in 0..<h {
                    points.append(ForecastPoint(model: model, fold: fold.layout.fold, origin: fold.origin,
                                                target: series.timestamps[rows[step]], step: step + 1,
                                                actual: actuals[rows[step]], prediction: forecast.values[step],
                                                lower: bounds.map { $0?.lower[step] ?? .nan },
                                                upper: bounds.map { $0?.upper[step] ?? .nan },
                                                scale: fold.maseScale))
                }
            }
        }
        return BacktestResult(configuration: configuration, target: target, season: season, models: models, folds: folds,
                              levels: levels, scoring: points)
    }
}

extension BacktestResult {
    /// The result of `points`, scored: metrics per fold, per step and overall, the leaderboard, the
    /// interval metrics and the warnings. `points` are in the result's order (model by model in
    /// `models` order, fold by fold in `folds` order, step 1…h), `models.count × folds.count × h` of
    /// them. What a backtest assembles its forecasts into, and what merging the shards of a backtest
    /// by folds recomputes from their points (so a merge is the single run's result bit for bit).
    public init(configuration: BacktestConfiguration, target: String, season: Int, models: [String], folds: [BacktestFold],
                levels: [Int], scoring points: [ForecastPoint]) {
        let h = configuration.horizon
        var foldMetrics: [FoldMetrics] = []
        var stepMetrics: [StepMetrics] = []
        var overall: [(model: String, metrics: MetricValues)] = []
        var warnings: [String] = []
        for (m, model) in models.enumerated() {
            var byStep = Array(repeating: (actual: [Double](), predicted: [Double](), scales: [Double]()), count: h)
            var all = (actual: [Double](), predicted: [Double](), scales: [Double]())
            for (f, fold) in folds.enumerated() {
                let own = points[(m * folds.count + f) * h ..< (m * folds.count + f + 1) * h]
                let y = own.map(\.actual), p = own.map(\.prediction)
                let scales = Array(repeating: fold.maseScale, count: h)
                for step in 0..<h {
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
        let intervalMetrics = levels.isEmpty ? [] : IntervalMetrics.all(points: points, models: models, levels: levels, horizon: h)
        self.init(configuration: configuration, target: target, season: season, models: models,
                  folds: folds, points: points, foldMetrics: foldMetrics, stepMetrics: stepMetrics,
                  leaderboard: Leaderboard(models: overall, intervals: intervalMetrics), warnings: warnings,
                  levels: levels, intervalMetrics: intervalMetrics)
    }
}

/// One unit of a backtest's work for one model: a refit group's folds, or a calibration window
/// (training rows, forecast after them) that no refitting fold forecasts.
private struct BacktestTask: Sendable {
    enum Work: Sendable {
        case folds([Int])
        case window(Range<Int>)
    }
    var model: Int
    var work: Work
}

/// The calibration windows of a backtest with intervals: each refitting fold calibrates on windows
/// inside its own training rows (``ConformalCalibration/windowLayouts(rowCount:horizon:levels:method:windows:season:)``),
/// as if it called ``ConformalCalibration/calibrate(_:on:target:horizon:levels:method:windows:season:threads:progress:)``.
///
/// A window is a fit on a range of rows and the forecast after them, so two windows on the same rows
/// are the same forecast: with an expanding window and folds one horizon apart, fold k's windows are
/// the forecasts of folds k − 1, k − 2, … and the windows of earlier folds. Each distinct window is
/// fitted once per model, and none whose rows a refitting fold already fits.
private struct CalibrationPlan {
    /// By fold index (0-based), for refitting folds: the training rows of each calibration window, in series rows.
    var windows: [Int: [Range<Int>]] = [:]
    /// Windows that need a fit of their own, ordered by their end.
    var ownFits: [Range<Int>] = []
    /// Windows summed over the refitting folds (what calibrating each fold on its own would fit).
    var windowCount = 0

    init(_ intervals: IntervalConfiguration?, folds: [BacktestFold], series: TimeSeries, horizon: Int, season: Int?,
         firstModel: String) throws {
        guard let intervals else { return }
        for (f, fold) in folds.enumerated() where fold.layout.refits {
            let rows = fold.layout.trainingRows
            let season = season ?? series.rows(rows).inferFrequency().seasonalPeriod ?? 1
            do {
                let layouts = try ConformalCalibration.windowLayouts(rowCount: rows.count, horizon: horizon, levels: intervals.levels,
                                                                     method: intervals.method, windows: intervals.windows, season: season)
                windows[f] = layouts.map { (rows.lowerBound + $0.trainingRows.lowerBound)..<(rows.lowerBound + $0.trainingRows.upperBound) }
            } catch {
                throw BacktestError.modelFailed(model: firstModel, fold: fold.layout.fold, origin: fold.origin, message: "\(error)")
            }
        }
        windowCount = windows.values.reduce(0) { $0 + $1.count }
        let fitByFolds = Set(folds.filter(\.layout.refits).map(\.layout.trainingRows))
        ownFits = Set(windows.values.joined()).subtracting(fitByFolds)
            .sorted { ($0.upperBound, $0.lowerBound) < ($1.upperBound, $1.lowerBound) }
    }
}

/// Progress of a running backtest, for a progress bar or an ETA.
public struct BacktestProgress: Sendable, Equatable {
    /// (model, fold) forecasts and calibration fits finished so far.
    public var completed: Int
    /// (model, fold) forecasts and calibration fits in the whole backtest: models × (folds + calibration fits).
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
