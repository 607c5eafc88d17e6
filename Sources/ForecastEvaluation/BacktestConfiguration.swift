import ForecastCore

/// How a rolling-origin backtest lays out its folds and runs its models.
///
/// See ``Backtest`` for the fold layout these options define and how they map onto neuralforecast,
/// statsforecast and Darts. Option names in errors are the CLI's (`--folds`, `--horizon`, …).
public struct BacktestConfiguration: Sendable, Equatable, Codable {
    /// Number of forecast origins (folds), K. Default: 5.
    public var folds = 5
    /// Steps forecast from each origin, h. Default: 1 (as Darts' `forecast_horizon`).
    public var horizon = 1
    /// Rows between consecutive origins, s; `nil` means `horizon`, so forecast windows tile the end
    /// of the series without overlap. Default: `nil` (neuralforecast's and statsforecast's
    /// `step_size` default to 1 instead).
    @NullWhenAbsent public var step: Int? = nil
    /// Rows in each fold's training part, N: a sliding window ending at the origin; `nil` trains on
    /// every row up to the origin (an expanding window). Default: `nil`.
    @NullWhenAbsent public var trainWindow: Int? = nil
    /// When models are fitted anew. Default: ``RefitPolicy/everyFold``.
    public var refit: RefitPolicy = .everyFold
    /// Rows between the last row a model sees and the first row it forecasts, g: with a gap the
    /// forecast covers rows origin + g + 1 … origin + g + h. Default: 0.
    public var gap = 0
    /// Season length m for MASE's scale; `nil` takes it from the series' frequency
    /// (``Frequency/seasonalPeriod``), or 1 when the frequency has none. Default: `nil`.
    @NullWhenAbsent public var season: Int? = nil
    /// Worker threads running (model, fold) tasks; results do not depend on it. Default: 1.
    public var threads = 1
    /// Prediction intervals for every model; `nil` for point forecasts only. Default: `nil`.
    @NullWhenAbsent public var intervals: IntervalConfiguration? = nil

    public init() {}

    /// The rows between origins: ``step``, or ``horizon`` when it is `nil`.
    public var effectiveStep: Int { step ?? horizon }

    /// Checks every option on its own.
    /// - Throws: ``BacktestError/invalidOption(_:value:expected:)`` naming the first bad option.
    public func validate() throws {
        func check(_ ok: Bool, _ option: String, _ value: Int, _ expected: String) throws {
            if !ok { throw BacktestError.invalidOption(option, value: "\(value)", expected: expected) }
        }
        try check(folds >= 1, "--folds", folds, "at least 1 fold")
        try check(horizon >= 1, "--horizon", horizon, "a horizon of at least 1 step")
        if let step { try check(step >= 1, "--step", step, "at least 1 row between origins") }
        if let trainWindow { try check(trainWindow >= 1, "--train-window", trainWindow, "at least 1 training row") }
        if case .every(let k) = refit { try check(k >= 1, "--refit-every", k, "every-fold, once, or a number of folds of at least 1") }
        try check(gap >= 0, "--gap", gap, "a gap of 0 or more rows")
        if let season { try check(season >= 1, "--season", season, "a season of at least 1 step") }
        try check(threads >= 1, "--threads", threads, "at least 1 thread")
    }

    /// How many folds a series of `rowCount` rows holds when every training part needs at least
    /// `minimumTrainingRows` rows (and ``trainWindow`` rows, if set).
    public func foldsThatFit(rowCount: Int, minimumTrainingRows: Int = 1) -> Int {
        let minimum = max(minimumTrainingRows, trainWindow ?? 1, 1)
        let spare = rowCount - horizon - gap - minimum
        return spare < 0 ? 0 : spare / effectiveStep + 1
    }

    /// The fold numbers (1…``folds``) grouped by the fit they share under ``refit``, oldest first:
    /// `[[1], [2], …]` when every fold refits, `[[1, 2], [3, 4], [5]]` for `every 2`.
    public var refitGroups: [[Int]] {
        var groups: [[Int]] = []
        for fold in 1...max(folds, 1) {
            if refit.refits(atFold: fold) || groups.isEmpty { groups.append([fold]) } else { groups[groups.count - 1].append(fold) }
        }
        return groups
    }

    /// The folds, oldest first, of a series of `rowCount` rows.
    ///
    /// - Parameter minimumTrainingRows: rows the first (shortest) training part must have. Default: 1.
    /// - Throws: ``validate()``'s errors, and ``BacktestError/tooManyFolds(folds:fit:rows:horizon:step:gap:minimumTrainingRows:)``
    ///   saying how many folds fit.
    public func layout(rowCount: Int, minimumTrainingRows: Int = 1) throws -> [FoldLayout] {
        try validate()
        let fit = foldsThatFit(rowCount: rowCount, minimumTrainingRows: minimumTrainingRows)
        guard folds <= fit else {
            throw BacktestError.tooManyFolds(folds: folds, fit: fit, rows: rowCount, horizon: horizon,
                                             step: effectiveStep, gap: gap,
                                             minimumTrainingRows: max(minimumTrainingRows, trainWindow ?? 1, 1))
        }
        var layouts: [FoldLayout] = []
        var fitFold = 1
        for fold in 1...folds {
            let lastTarget = rowCount - 1 - (folds - fold) * effectiveStep
            let origin = lastTarget - horizon - gap
            let trainingStart = trainWindow.map { origin - $0 + 1 } ?? 0
            let training = trainingStart..<(origin + 1)
            if refit.refits(atFold: fold) { fitFold = fold }
            let fitTraining = layouts.indices.contains(fitFold - 1) ? layouts[fitFold - 1].trainingRows : training
            layouts.append(FoldLayout(fold: fold, trainingRows: training, originRow: origin,
                                      forecastRows: (lastTarget - horizon + 1)..<(lastTarget + 1),
                                      fittedAtFold: fitFold,
                                      historyRows: fitTraining.lowerBound..<(origin + 1)))
        }
        return layouts
    }
}
