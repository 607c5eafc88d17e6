import ForecastCore

/// The prediction intervals a backtest gives every model: split-conformal intervals at `levels`,
/// calibrated at each refitting fold on that fold's training rows (see ``ConformalCalibration``).
///
/// In JSON: `{"levels": [80, 95], "method": "symmetric", "windows": null}`.
public struct IntervalConfiguration: Sendable, Equatable, Codable {
    /// Levels in percent, ascending (e.g. `[80, 95]`).
    public var levels: [Int]
    /// Scores: absolute errors (symmetric) or signed errors per tail. Default: symmetric.
    public var method: IntervalMethod
    /// Calibration windows per fold; `nil` takes ``ConformalCalibration/defaultWindows(needed:available:)``.
    @NullWhenAbsent public var windows: Int?

    public init(levels: [Int], method: IntervalMethod = .symmetric, windows: Int? = nil) {
        self.levels = Array(Set(levels)).sorted()
        self.method = method
        self.windows = windows
    }
}
