import ForecastCore

/// The naive (random-walk) forecast: every step repeats the last observed value,
/// ŷ[T + k] = y[T] for k = 1…horizon.
///
/// Parameter-free: the fitted model reads only the last row of the history it forecasts after, so a
/// backtest that does not refit still uses the latest value. Same as fpp3's `NAIVE()` and
/// statsforecast's `Naive`.
public struct NaiveForecaster: Forecaster {
    public var name: String { BaselineKind.naive.rawValue }

    public init() {}

    /// Checks the target column exists and the history has a row.
    /// - Throws: ``BaselineError`` for an empty history or a horizon below 1; `TimeSeriesError` for an
    ///   unknown column.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try requireHorizon(horizon, model: name)
        try requireRows(history, 1, model: name, reason: "the naive forecast")
        _ = try history.column(named: target)
        return Fitted(target: target, horizon: horizon)
    }

    struct Fitted: FittedForecaster {
        let target: String
        let horizon: Int

        func forecast(after history: TimeSeries) throws -> Forecast {
            let model = BaselineKind.naive.rawValue
            try requireRows(history, 1, model: model, reason: "the naive forecast")
            let last = try presentValues(of: target, in: history, rows: (history.count - 1)..<history.count,
                                         model: model)[0]
            return Forecast(model: model, target: target, after: history, values: Array(repeating: last, count: horizon))
        }
    }
}
