/// Checks a command runs on a finished forecast before printing it.
extension Forecast {
    /// The first step (0-based) whose value is NaN or infinite, or `nil`.
    public var firstNonFiniteStep: Int? { values.firstIndex { !$0.isFinite } }

    /// The first step whose value lies outside the range `[low, high]` of `history`'s present values
    /// widened by `tolerance` times its width on each side (default 0.5: half the width), with that
    /// range; `nil` when every value lies inside or `history` has no value.
    public func departure(fromRangeOf history: [Double], tolerance: Double = 0.5)
        -> (step: Int, value: Double, low: Double, high: Double)? {
        var low = Double.infinity, high = -Double.infinity
        for v in history where !v.isNaN { low = Swift.min(low, v); high = Swift.max(high, v) }
        guard low <= high else { return nil }
        let margin = (high - low) * tolerance
        guard let step = values.firstIndex(where: { $0 < low - margin || $0 > high + margin }) else { return nil }
        return (step, values[step], low, high)
    }
}
