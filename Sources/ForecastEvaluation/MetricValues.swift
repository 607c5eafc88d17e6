/// Every metric of ``Metric`` computed over one set of forecast points (a fold, a horizon step, or a
/// whole backtest of one model).
///
/// Points whose actual is missing (NaN) are left out of every metric and counted in
/// ``missingActualsLeftOut``; points whose actual is zero are left out of MAPE only and counted in
/// ``zeroActualsLeftOut``. A metric with no point to average is NaN. Two NaNs compare equal, so
/// results can be compared for equality.
public struct MetricValues: Sendable, Equatable, Codable {
    /// Mean absolute error, in the target's units.
    public var mae: Double
    /// Root mean squared error, in the target's units.
    public var rmse: Double
    /// Mean absolute percentage error in percent, over the points whose actual is not zero.
    public var mape: Double
    /// Symmetric mean absolute percentage error in percent (0…200).
    public var smape: Double
    /// Mean absolute scaled error: the mean over points of |actual − predicted| / scale, where a
    /// point's scale is the in-sample seasonal-naive MAE of its fold's training part. Over one fold it
    /// is that fold's MASE; over several folds, the mean of the folds' MASE weighted by their points.
    public var mase: Double
    /// Mean error (bias), mean (predicted − actual): positive = over-forecast.
    public var meanError: Double
    /// Points the metrics (other than MAPE) average over.
    public var count: Int
    /// Points left out of MAPE because their actual is zero.
    public var zeroActualsLeftOut: Int
    /// Points left out of every metric because their actual is missing (NaN).
    public var missingActualsLeftOut: Int

    public init(mae: Double, rmse: Double, mape: Double, smape: Double, mase: Double, meanError: Double,
                count: Int, zeroActualsLeftOut: Int, missingActualsLeftOut: Int) {
        self.mae = mae
        self.rmse = rmse
        self.mape = mape
        self.smape = smape
        self.mase = mase
        self.meanError = meanError
        self.count = count
        self.zeroActualsLeftOut = zeroActualsLeftOut
        self.missingActualsLeftOut = missingActualsLeftOut
    }

    /// Computes every metric over paired points.
    ///
    /// - Parameters:
    ///   - actual: observed values; NaN = missing, which leaves the point out.
    ///   - predicted: one forecast per actual value.
    ///   - scales: one MASE denominator per point (the in-sample seasonal-naive MAE of the training
    ///     part the point was forecast from; see ``Metrics/seasonalNaiveScale(insample:season:)``).
    public init(actual: [Double], predicted: [Double], scales: [Double]) {
        precondition(actual.count == predicted.count && actual.count == scales.count,
                     "one prediction and one scale per actual value")
        var y: [Double] = [], p: [Double] = [], scaled: [Double] = []
        var missing = 0
        for i in actual.indices {
            if actual[i].isNaN { missing += 1; continue }
            y.append(actual[i])
            p.append(predicted[i])
            scaled.append(abs(actual[i] - predicted[i]) / scales[i])
        }
        let mape = Metrics.meanAbsolutePercentageError(actual: y, predicted: p)
        self.init(mae: Metrics.meanAbsoluteError(actual: y, predicted: p),
                  rmse: Metrics.rootMeanSquaredError(actual: y, predicted: p),
                  mape: mape.value,
                  smape: Metrics.symmetricMeanAbsolutePercentageError(actual: y, predicted: p),
                  mase: Metrics.mean(scaled),
                  meanError: Metrics.meanError(actual: y, predicted: p),
                  count: y.count, zeroActualsLeftOut: mape.zeroActualsLeftOut, missingActualsLeftOut: missing)
    }

    /// Computes every metric of one forecast, with MASE scaled by the seasonal-naive MAE of `insample`.
    public init(actual: [Double], predicted: [Double], insample: [Double], season: Int) {
        let scale = Metrics.seasonalNaiveScale(insample: insample, season: season)
        self.init(actual: actual, predicted: predicted, scales: Array(repeating: scale, count: actual.count))
    }

    /// Field-by-field equality in which two NaNs are equal (a metric with no point to average).
    public static func == (lhs: MetricValues, rhs: MetricValues) -> Bool {
        func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
        return same(lhs.mae, rhs.mae) && same(lhs.rmse, rhs.rmse) && same(lhs.mape, rhs.mape)
            && same(lhs.smape, rhs.smape) && same(lhs.mase, rhs.mase) && same(lhs.meanError, rhs.meanError)
            && lhs.count == rhs.count && lhs.zeroActualsLeftOut == rhs.zeroActualsLeftOut
            && lhs.missingActualsLeftOut == rhs.missingActualsLeftOut
    }
}
