import ForecastCore

/// Any forecaster with conformal prediction intervals: fitting also calibrates on the same history
/// (``ConformalCalibration/calibrate(_:on:target:horizon:levels:method:windows:season:threads:)``),
/// and every forecast carries the intervals. In a backtest each fold calibrates on its own training
/// rows, so its intervals never see the period they cover.
public struct ConformalForecaster: Forecaster {
    public var base: any Forecaster
    /// Levels in percent.
    public var levels: [Int]
    public var method: IntervalMethod
    /// Calibration windows; `nil` takes ``ConformalCalibration/defaultWindows(needed:available:)``.
    public var windows: Int?
    /// Season for the calibration backtest's checks; `nil` infers it.
    public var season: Int?
    /// Workers for the calibration fits. Default: 1.
    public var threads: Int

    public init(_ base: any Forecaster, levels: [Int], method: IntervalMethod = .symmetric, windows: Int? = nil,
                season: Int? = nil, threads: Int = 1) {
        self.base = base
        self.levels = levels
        self.method = method
        self.windows = windows
        self.season = season
        self.threads = threads
    }

    public var name: String { base.name }

    public var knownFutureColumns: [String] { base.knownFutureColumns }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        let calibration = try ConformalCalibration.calibrate(base, on: history, target: target, horizon: horizon, levels: levels,
                                                             method: method, windows: windows, season: season, threads: threads)
        return Fitted(base: try base.fit(on: history, target: target, horizon: horizon), calibration: calibration)
    }

    struct Fitted: FittedForecaster {
        let base: any FittedForecaster
        let calibration: ConformalCalibration

        func forecast(after history: TimeSeries) throws -> Forecast {
            calibration.applied(to: try base.forecast(after: history))
        }

        func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
            calibration.applied(to: try base.forecast(after: history, knownFuture: knownFuture))
        }
    }
}
