/// One column of a leaderboard: an error metric and how to rank models by it.
///
/// Raw values are the names used in CLI options and JSON/CSV output.
public enum Metric: String, CaseIterable, Codable, Sendable {
    /// Mean absolute error, in the target's units.
    case mae
    /// Root mean squared error, in the target's units.
    case rmse
    /// Mean absolute percentage error, in percent; actuals of zero left out.
    case mape
    /// Symmetric mean absolute percentage error, in percent (0…200).
    case smape
    /// Mean absolute scaled error: MAE over the in-sample seasonal-naive MAE of each fold's training part.
    case mase
    /// Mean error (bias), mean (predicted − actual): positive = over-forecast.
    case meanError = "mean_error"

    /// This metric's value in `values`.
    public func value(in values: MetricValues) -> Double {
        switch self {
        case .mae: return values.mae
        case .rmse: return values.rmse
        case .mape: return values.mape
        case .smape: return values.smape
        case .mase: return values.mase
        case .meanError: return values.meanError
        }
    }

    /// The number a model is ranked by, smaller being better: the value itself, except for the mean
    /// error, where the best model is the least biased (smallest |mean error|). NaN never ranks.
    public func rankingKey(_ value: Double) -> Double {
        self == .meanError ? abs(value) : value
    }
}
