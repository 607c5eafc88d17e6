import ForecastCore

/// The next `horizon` values of every series of a ``SeriesCollection``: one forecaster fitted on each
/// series alone (one network per series), with split-conformal intervals calibrated on each series'
/// own history when ``intervals`` is set (by refitting the forecaster at each calibration window,
/// or for a ``RefittedForCalibration`` fit, what it names: `auto`'s winner). Series run in parallel
/// on ``threads`` workers; the results do not depend on the count.
///
/// A series that cannot be forecast (too short for the window or the calibration, a constant
/// target, …) is skipped with the reason, or stops the run when ``strict``.
public struct CollectionForecast: Sendable {
    /// Steps forecast.
    public var horizon: Int
    /// Prediction intervals; `nil` for point forecasts. Default: `nil`.
    public var intervals: IntervalConfiguration?
    /// Season for the calibration's checks; `nil` infers it per series. Default: `nil`.
    public var season: Int?
    /// Series forecast at once. Default: 1.
    public var threads: Int
    /// Stop at the first series that fails instead of skipping it. Default: false.
    public var strict: Bool

    public init(horizon: Int, intervals: IntervalConfiguration? = nil, season: Int? = nil, threads: Int = 1, strict: Bool = false) {
        self.horizon = horizon
        self.intervals = intervals
        self.season = season
        self.threads = threads
        self.strict = strict
    }

    /// Fits `forecaster` on each member and forecasts after its last row.
    /// - Parameters:
    ///   - knownFuture: per member id, the values of the forecaster's ``Forecaster/knownFutureColumns``
    ///     in the `horizon` steps after the member's rows (row k is step k + 1); read only by a
    ///     forecaster with such columns. Default: none.
    ///   - progress: called after each series with the series done and the total.
    /// - Throws: ``CollectionBacktestError/seriesFailed(id:message:)`` for the first failing series (in
    ///   collection order) under ``strict``; ``CollectionBacktestError/noSeriesLongEnough(skipped:)``
    ///   when every series failed.
    public func run(_ forecaster: any Forecaster, on collection: SeriesCollection, knownFuture: [String: TimeSeries] = [:],
                    progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> CollectionForecastResult {
        let members = collection.members
        let bound = [forecaster].boundToMembers(of: collection).map { $0[0] }
        let clock = ContinuousClock(), start = clock.now
        let done = ParallelTasks.Counter()
        let outcomes = ParallelTasks.run(count: members.count, workers: threads) { i -> Result<SeriesForecast, CollectionBacktestError> in
            let member = members[i], forecaster = bound[i]
            let outcome: Result<SeriesForecast, CollectionBacktestError>
            do {
                let fitted = try forecaster.fit(on: member.series, target: member.target, horizon: horizon)
                // auto's winner is refitted at each calibration window; it does not choose again.
                let calibration = try calibrate((fitted as? any RefittedForCalibration)?.calibrationForecaster ?? forecaster, on: member)
                var forecast = try fitted.forecast(after: member.series, knownFuture: knownFuture[member.id])
                if let calibration { forecast = calibration.applied(to: forecast) }
                outcome = .success(SeriesForecast(id: member.id, forecast: forecast, calibration: calibration))
            } catch {
                outcome = .failure(.seriesFailed(id: member.id, message: "\(error)"))
            }
            let completed = done.increment()
            progress?(BacktestProgress(completed: completed, total: members.count, elapsedSeconds: secondsSince(start, on: clock)))
            return outcome
        }
        var forecasts: [SeriesForecast] = []
        var skipped: [SkippedSeries] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let forecast): forecasts.append(forecast)
            case .failure(let error):
                if strict { throw error }
                if case let .seriesFailed(id, message) = error { skipped.append(SkippedSeries(id: id, reason: message)) }
            }
        }
        guard !forecasts.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        return CollectionForecastResult(forecasts: forecasts, skipped: skipped)
    }
}

extension CollectionForecast {
    /// Each member's split-conformal calibration for `forecaster` under ``intervals`` (what ``run(_:on:knownFuture:progress:)``
    /// applies to its forecasts), without forecasting: for a global network
    /// (``CollectionForecaster``), each member calibrated on its own errors in the calibration
    /// windows of the networks fitted on every series, each fit made once and shared by the members
    /// with the same window. Series in parallel on ``threads`` workers, as in a run.
    /// - Returns: per member, in order, its calibration or why it has none; empty without ``intervals``.
    public func calibrations(_ forecaster: any Forecaster, on collection: SeriesCollection,
                             progress: (@Sendable (BacktestProgress) -> Void)? = nil) -> [Result<ConformalCalibration, CollectionBacktestError>] {
        guard intervals != nil else { return [] }
        let members = collection.members
        let bound = [forecaster].boundToMembers(of: collection).map { $0[0] }
        let clock = ContinuousClock(), start = clock.now
        let done = ParallelTasks.Counter()
        return ParallelTasks.run(count: members.count, workers: threads) { i -> Result<ConformalCalibration, CollectionBacktestError> in
            defer {
                progress?(BacktestProgress(completed: done.increment(), total: members.count, elapsedSeconds: secondsSince(start, on: clock)))
            }
            do {
                return .success(try calibrate(bound[i], on: members[i])!)
            } catch {
                return .failure(.seriesFailed(id: members[i].id, message: "\(error)"))
            }
        }
    }

    /// One member's calibration for its bound forecaster; `nil` without ``intervals``.
    func calibrate(_ forecaster: any Forecaster, on member: SeriesCollection.Member) throws -> ConformalCalibration? {
        guard let intervals else { return nil }
        return try ConformalCalibration.calibrate(forecaster, on: member.series, target: member.target, horizon: horizon,
                                                  levels: intervals.levels, method: intervals.method, windows: intervals.windows,
                                                  season: season)
    }
}

/// The forecasts of a ``CollectionForecast``, in the collection's order, and the series skipped.
public struct CollectionForecastResult: Sendable {
    public var forecasts: [SeriesForecast]
    public var skipped: [SkippedSeries]

    public init(forecasts: [SeriesForecast], skipped: [SkippedSeries]) {
        self.forecasts = forecasts
        self.skipped = skipped
    }

    /// Interval levels (the same for every series); empty without intervals.
    public var levels: [Int] { forecasts.first?.forecast.intervals.map(\.level) ?? [] }
}

/// One series' forecast and the calibration of its intervals.
public struct SeriesForecast: Sendable {
    public var id: String
    public var forecast: Forecast
    public var calibration: ConformalCalibration?

    public init(id: String, forecast: Forecast, calibration: ConformalCalibration?) {
        self.id = id
        self.forecast = forecast
        self.calibration = calibration
    }
}
