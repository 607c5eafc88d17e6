import ArgumentParser
import ForecastEvaluation

extension IntervalMethod: ExpressibleByArgument {}

/// Conformal prediction intervals: which levels, how many calibration windows, which scores.
struct IntervalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Prediction-interval levels in percent, comma-separated (e.g. 80,95): split-conformal intervals per \
        horizon step from the errors of rolling-origin forecasts on the training history (the forecaster \
        refitted at each calibration origin); the bound is the ⌈(n+1)·level/100⌉-th smallest of n errors. \
        Written as lo_<level> and hi_<level>. Default: none.
        """, valueName: "l,l"),
            transform: CommaSeparated<Int>.parse)
    var level: CommaSeparated<Int>?

    @Option(help: ArgumentHelp("""
        Calibration windows (non-overlapping, one horizon each, at the end of the training history). Default: \
        at least 20 where the history holds them, and as many as the levels need (19 for 95 %, 4 for 80 %; \
        about twice that with --interval asymmetric).
        """, valueName: "n"))
    var calibrationWindows: Int?

    @Option(help: ArgumentHelp("Interval scores: 'symmetric' (forecast ± a quantile of |error|) or 'asymmetric' (each bound from the signed errors).",
                               valueName: "symmetric|asymmetric"))
    var interval: IntervalMethod = .symmetric

    func validate() throws {
        guard let level else {
            if calibrationWindows != nil { throw ValidationError("--calibration-windows applies to intervals; give --level too") }
            return
        }
        var seen = Set<Int>()
        for l in level.values {
            if !(1...99).contains(l) { throw ValidationError("--level \(l): \(IntervalError.invalidLevel(l))") }
            if !seen.insert(l).inserted { throw ValidationError("--level \(level.defaultValueDescription): \(IntervalError.duplicateLevel(l))") }
        }
        if let calibrationWindows, calibrationWindows < 1 {
            throw ValidationError("--calibration-windows \(calibrationWindows): expected at least 1 window")
        }
    }

    /// The levels asked for, ascending; empty without `--level`.
    var levels: [Int] { (level?.values ?? []).sorted() }

    /// The intervals a backtest gives every model; `nil` without `--level`.
    var configuration: IntervalConfiguration? {
        levels.isEmpty ? nil : IntervalConfiguration(levels: levels, method: interval, windows: calibrationWindows)
    }
}
