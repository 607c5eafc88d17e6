import ForecastCore

/// The historical mean forecast: every step is the mean of the whole fitting history,
/// ŷ[T + k] = (y[1] + … + y[T]) / T.
///
/// The mean is the model's parameter, computed at ``fit(on:target:horizon:)``; the fitted model
/// ignores the values of the history it forecasts after (a backtest that does not refit keeps the
/// old mean). Same as fpp3's `MEAN()` and statsforecast's `HistoricAverage`.
public struct HistoricalMeanForecaster: Forecaster {
    public var name: String { BaselineKind.mean.rawValue }

    public init() {}

    /// Computes the mean of every row of `history`.
    /// - Throws: ``BaselineError`` for an empty history or a missing value.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try requireHorizon(horizon, model: name)
        try requireRows(history, 1, model: name, reason: "the historical mean")
        let values = try presentValues(of: target, in: history, rows: 0..<history.count, model: name)
        return Fitted(target: target, horizon: horizon, mean: Metrics.mean(values))
    }

    struct Fitted: FittedForecaster {
        let target: String
        let horizon: Int
        let mean: Double

        func forecast(after history: TimeSeries) throws -> Forecast {
            Forecast(model: BaselineKind.mean.rawValue, target: target, after: history, values: Array(repeating: mean, count: horizon))
        }
    }
}
