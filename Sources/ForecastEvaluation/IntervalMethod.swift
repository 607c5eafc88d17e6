/// How conformal prediction intervals are built from calibration errors.
public enum IntervalMethod: String, CaseIterable, Codable, Sendable {
    /// `forecast ± q`, q the finite-sample quantile of the absolute errors |y − ŷ| at the level:
    /// split-conformal regression (Vovk et al.; Nixtla's `ConformalIntervals` with
    /// `method="conformal_distribution"` takes the same scores).
    case symmetric
    /// `[forecast + qₗ, forecast + qᵤ]` from the signed errors y − ŷ, each tail with half of α: follows
    /// a forecast that is biased or errors that are skewed, and needs about twice as many windows.
    case asymmetric
}
