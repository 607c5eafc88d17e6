/// Point-forecast error metrics over paired `actual` and `predicted` values.
///
/// Conventions (the same as `utilsforecast.losses`, which the tests check against, scaled to percent
/// where noted):
/// - MAE = mean |y − ŷ|; RMSE = √(mean (y − ŷ)²).
/// - MAPE = 100 · mean |y − ŷ| / |y|, in percent, over the points whose actual `y` is not zero; the
///   points with `y == 0` are left out and counted (``meanAbsolutePercentageError(actual:predicted:)``).
/// - sMAPE = mean 200 · |y − ŷ| / (|y| + |ŷ|), in percent, range 0…200; a point with `y == ŷ == 0`
///   counts as 0 (no error). This is Hyndman & Koehler's 2006 definition, and 200 × utilsforecast's
///   `smape` (which ranges 0…1); sktime's `MeanAbsolutePercentageError(symmetric=True)` is it / 100.
/// - MASE = MAE / (in-sample MAE of the seasonal-naive forecast `x[t − season]`), as in Hyndman &
///   Koehler (2006) and `utilsforecast.losses.mase`.
/// - Mean error (bias) = mean (ŷ − y): **positive means the forecast is too high** (over-forecast),
///   as `utilsforecast.losses.bias`. Some texts define it as mean (y − ŷ); ours is the opposite sign.
///
/// Every function takes arrays of the same length (a precondition: our callers pair them) and
/// returns `Double.nan` for empty input. They do no filtering of missing values: a NaN in, a NaN out
/// (``MetricValues`` leaves missing actuals out before calling them).
public enum Metrics {
    /// Mean absolute error, mean |y − ŷ|, in the target's units; NaN when empty.
    public static func meanAbsoluteError(actual: [Double], predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "one prediction per actual value")
        return mean(zip(actual, predicted).map { abs($0 - $1) })
    }

    /// Root mean squared error, √(mean (y − ŷ)²), in the target's units; NaN when empty.
    public static func rootMeanSquaredError(actual: [Double], predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "one prediction per actual value")
        return mean(zip(actual, predicted).map { ($0 - $1) * ($0 - $1) }).squareRoot()
    }

    /// Mean absolute percentage error, 100 · mean |y − ŷ| / |y|, in percent.
    ///
    /// - Returns: the value over the points whose actual is not zero, and how many points were left
    ///   out because their actual is zero (a caller should warn when that is not 0). The value is NaN
    ///   when no point is left (every actual is zero, or the input is empty).
    public static func meanAbsolutePercentageError(actual: [Double], predicted: [Double])
        -> (value: Double, zeroActualsLeftOut: Int)
    {
        precondition(actual.count == predicted.count, "one prediction per actual value")
        var terms: [Double] = []
        var zeros = 0
        for (y, p) in zip(actual, predicted) {
            if y == 0 { zeros += 1; continue }
            terms.append(100 * abs(y - p) / abs(y))
        }
        return (mean(terms), zeros)
    }

    /// Symmetric mean absolute percentage error, mean 200 · |y − ŷ| / (|y| + |ŷ|), in percent
    /// (0…200); a point where both are zero contributes 0. NaN when empty.
    public static func symmetricMeanAbsolutePercentageError(actual: [Double], predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "one prediction per actual value")
        return mean(zip(actual, predicted).map { y, p in
            let denominator = abs(y) + abs(p)
            return denominator == 0 ? 0 : 200 * abs(y - p) / denominator
        })
    }

    /// Mean error (bias), mean (ŷ − y), in the target's units: positive when the forecast is too
    /// high. NaN when empty.
    public static func meanError(actual: [Double], predicted: [Double]) -> Double {
        precondition(actual.count == predicted.count, "one prediction per actual value")
        return mean(zip(actual, predicted).map { $1 - $0 })
    }

    /// The in-sample mean absolute error of the seasonal-naive forecast, the denominator of MASE:
    /// mean |x[t] − x[t − season]| over t = season ..< insample.count, leaving out the pairs where
    /// either value is missing (NaN).
    ///
    /// - Returns: NaN when no pair has both values (`insample` has `season` values or fewer, or is
    ///   all missing); 0 for a series that repeats exactly every `season` steps.
    public static func seasonalNaiveScale(insample: [Double], season: Int) -> Double {
        precondition(season >= 1, "a season is at least 1 step")
        guard insample.count > season else { return .nan }
        return mean((season..<insample.count).compactMap {
            let d = abs(insample[$0] - insample[$0 - season])
            return d.isNaN ? nil : d
        })
    }

    /// Mean absolute scaled error: MAE divided by ``seasonalNaiveScale(insample:season:)``.
    ///
    /// Below 1 the forecast beats, out of sample, what the seasonal-naive forecast achieved in
    /// sample. Follows IEEE division: +∞ when the scale is 0 and the MAE is not, NaN when both are 0.
    public static func meanAbsoluteScaledError(actual: [Double], predicted: [Double],
                                               insample: [Double], season: Int) -> Double {
        meanAbsoluteError(actual: actual, predicted: predicted)
            / seasonalNaiveScale(insample: insample, season: season)
    }

    /// Arithmetic mean, summed left to right; NaN when empty.
    static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }
}
