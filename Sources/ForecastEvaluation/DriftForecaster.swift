import ForecastCore

/// The drift (random walk with drift) forecast: the line through the first and the last training
/// value, extrapolated: ŷ[T + k] = y[T] + k · (y[T] − y[1]) / (T − 1).
///
/// The slope is the model's parameter, estimated at ``fit(on:target:horizon:)`` from the first and
/// last rows of the fitting history (the mean of the one-step changes). The fitted model starts the
/// line at the last value of the history it forecasts after, so a backtest that does not refit keeps
/// the old slope but the latest level. Same as fpp3's `RW(y ~ drift())` and statsforecast's
/// `RandomWalkWithDrift` when refitted at every origin.
public struct DriftForecaster: Forecaster {
    public var name: String { BaselineKind.drift.rawValue }

    public init() {}

    /// Estimates the slope (y[last] − y[first]) / (rows − 1).
    /// - Throws: ``BaselineError`` for fewer than 2 rows or a missing first/last value.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try requireHorizon(horizon, model: name)
        try requireRows(history, 2, model: name, reason: "a slope between the first and last value")
        let n = history.count
        let first = try presentValues(of: target, in: history, rows: 0..<1, model: name)[0]
        let last = try presentValues(of: target, in: history, rows: (n - 1)..<n, model: name)[0]
        return Fitted(target: target, horizon: horizon, slope: (last - first) / Double(n - 1))
    }

    struct Fitted: FittedForecaster {
        let target: String
        let horizon: Int
        /// Change per step, in the target's units.
        let slope: Double

        func forecast(after history: TimeSeries) throws -> Forecast {
            let model = BaselineKind.drift.rawValue
            try requireRows(history, 1, model: model, reason: "the drift forecast")
            let last = try presentValues(of: target, in: history, rows: (history.count - 1)..<history.count,
                                         model: model)[0]
            return Forecast(model: model, target: target, after: history, values: (1...horizon).map { last + Double($0) * slope })
        }
    }
}
