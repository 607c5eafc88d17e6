import ForecastCore

/// The moving-average forecast: every step is the mean of the last `window` values,
/// ŷ[T + k] = (y[T − window + 1] + … + y[T]) / window (flat, not recursive).
///
/// Parameter-free: the fitted model reads only the last `window` rows of the history it forecasts
/// after. Same as statsforecast's `WindowAverage(window_size=window)`.
public struct MovingAverageForecaster: Forecaster {
    public var name: String { BaselineKind.movingAverage.rawValue }
    /// Number of most recent values averaged. Default: 7 (one week of daily data).
    public var window: Int

    public init(window: Int = 7) {
        self.window = window
    }

    /// Checks the window and that the history holds it.
    /// - Throws: ``BaselineError`` for a window below 1 or a history shorter than it.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try requireHorizon(horizon, model: name)
        guard window >= 1 else {
            throw BaselineError.invalidParameter(model: name, option: "--window", value: window,
                                                 expected: "a window of at least 1 value")
        }
        try requireRows(history, window, model: name, reason: "a window of \(window) values")
        _ = try history.column(named: target)
        return Fitted(target: target, horizon: horizon, window: window)
    }

    struct Fitted: FittedForecaster {
        let target: String
        let horizon: Int
        let window: Int

        func forecast(after history: TimeSeries) throws -> Forecast {
            let model = BaselineKind.movingAverage.rawValue
            try requireRows(history, window, model: model, reason: "a window of \(window) values")
            let recent = try presentValues(of: target, in: history,
                                           rows: (history.count - window)..<history.count, model: model)
            return Forecast(model: model, target: target, after: history, values: Array(repeating: Metrics.mean(recent), count: horizon))
        }
    }
}
