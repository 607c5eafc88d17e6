import ForecastCore
import ForecastPreprocessing

/// Any forecaster with the missing values of its input columns filled first, inside the history it
/// is given and nowhere else — so a backtest stays leak-free even with interpolation (a gap just
/// before an origin is filled from the values before it, never from the future).
///
/// Used for the baselines of `forecast backtest --fill`; the networks fill their own history the
/// same way (``RNNForecasterConfiguration/fill``).
public struct FillingForecaster: Forecaster {
    public var base: any Forecaster
    public var method: MissingValueFill
    /// Columns filled besides the target.
    public var columns: [String]

    public init(_ base: any Forecaster, method: MissingValueFill, columns: [String] = []) {
        self.base = base
        self.method = method
        self.columns = columns
    }

    public var name: String { base.name }

    public var knownFutureColumns: [String] { base.knownFutureColumns }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        let names = [target] + columns
        return Fitted(base: try base.fit(on: history.filling(names, with: method), target: target, horizon: horizon),
                      method: method, names: names)
    }

    struct Fitted: FittedForecaster {
        let base: any FittedForecaster
        let method: MissingValueFill
        let names: [String]

        func forecast(after history: TimeSeries) throws -> Forecast {
            try forecast(after: history, knownFuture: nil)
        }

        func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
            var forecast = try base.forecast(after: history.filling(names, with: method), knownFuture: knownFuture)
            forecast.origin = history.timestamps.last
            return forecast
        }
    }
}
