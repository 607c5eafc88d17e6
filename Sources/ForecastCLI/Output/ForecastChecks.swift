import ForecastCore

/// Checks on a finished forecast before it is printed or written: a value that is not finite is an
/// error (never a `nan` forecast with exit status 0), and a forecast far outside the target's observed
/// range is a warning that suggests `--anchor last`.
enum ForecastChecks {
    /// Throws when a forecast value is NaN or infinite, naming the step (exit status 1).
    static func requireFinite(_ forecast: Forecast) throws {
        guard let step = forecast.firstNonFiniteStep else { return }
        throw CommandError("the forecast of \"\(forecast.target)\" is \(forecast.values[step]) at step \(step + 1); "
                           + "expected finite values (the network diverged or the values overflowed: lower "
                           + "--learning-rate, or rescale the column)", status: ExitStatus.failure)
    }

    /// The warning for a forecast that leaves the target's observed range by more than half its width,
    /// or `nil`. `anchored`: the model already forecasts changes (`--anchor last`).
    static func rangeWarning(_ forecast: Forecast, history: [Double], anchored: Bool) -> String? {
        guard let d = forecast.departure(fromRangeOf: history) else { return nil }
        var text = "the forecast of \"\(forecast.target)\" leaves the range of its history (\(d.low) .. \(d.high)) by "
            + "more than half its width (step \(d.step + 1): \(d.value))"
        if !anchored { text += "; for a series that leaves its training range, such as a price, try --anchor last" }
        return text
    }
}
