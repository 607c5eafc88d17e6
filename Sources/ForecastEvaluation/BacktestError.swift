import ForecastCore

/// Errors of a backtest's configuration, of the data it runs on, and of the models it runs.
public enum BacktestError: Error, Equatable, CustomStringConvertible {
    /// An option is out of range: `--folds 0`.
    case invalidOption(String, value: String, expected: String)
    /// The series cannot hold `folds` folds; `fit` is how many it can.
    case tooManyFolds(folds: Int, fit: Int, rows: Int, horizon: Int, step: Int, gap: Int, minimumTrainingRows: Int)
    /// A fold's training part is not longer than one season (MASE's scale and seasonal naive need it).
    ///
    /// `foldsThatFit` is how many folds would leave every training part long enough (0 with a
    /// sliding `trainWindow`, which no fold count fixes).
    case seasonTooLong(season: Int, inferredFrom: Frequency?, fold: Int, trainingRows: Int, foldsThatFit: Int,
                       trainWindow: Int?)
    /// A model name that is not a known baseline.
    case unknownModel(String, valid: [String])
    /// Two models share a name, so results could not tell them apart.
    case duplicateModelName(String)
    /// No model was given.
    case noModels
    /// A model threw while fitting or forecasting a fold.
    case modelFailed(model: String, fold: Int, origin: Timestamp, message: String)
    /// A model refused a fold's history as too short for it (``HistoryLengthError``): its lookback,
    /// season or inner backtest needs more rows than the fold trains on.
    case historyTooShortForModel(model: String, fold: Int, origin: Timestamp, message: String)
    /// A model threw while fitting or forecasting a calibration window whose last training row is at `origin`.
    case calibrationFailed(model: String, origin: Timestamp, message: String)
    /// A model returned the wrong number of forecast values.
    case wrongForecastLength(model: String, fold: Int, expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .invalidOption(option, value, expected):
            return "\(option) \(value): expected \(expected)"
        case let .tooManyFolds(folds, fit, rows, horizon, step, gap, minimum):
            let gapText = gap > 0 ? ", --gap \(gap)" : ""
            let holds = fit == 0 ? "no fold" : "at most \(fit) fold\(fit == 1 ? "" : "s")"
            return "--folds \(folds): the series has \(rows) rows, which hold \(holds) of --horizon \(horizon) "
                + "every --step \(step)\(gapText) after at least \(minimum) training row\(minimum == 1 ? "" : "s"); "
                + (fit == 0 ? "lower --horizon, --gap or --train-window, or use a longer series"
                            : "use --folds \(fit) or fewer, or lower --step or --horizon")
        case let .seasonTooLong(season, inferredFrom, fold, trainingRows, foldsThatFit, trainWindow):
            let source = inferredFrom.map { " (inferred from the \($0) frequency)" } ?? ""
            let fix = trainWindow != nil ? "lower --season or raise --train-window above \(season)"
                : foldsThatFit > 0 ? "lower --season, or use --folds \(foldsThatFit) or fewer"
                : "lower --season, or use a longer series"
            return "--season \(season)\(source): fold \(fold) trains on \(trainingRows) rows, but MASE and "
                + "seasonal-naive need more than one season (at least \(season + 1) rows); \(fix)"
        case let .unknownModel(name, valid):
            return "--models \(name): unknown model; expected one of \(valid.joined(separator: ", "))"
        case let .duplicateModelName(name):
            return "--models \(name): given twice; each model must have its own name"
        case .noModels:
            return "--model: no model to backtest; give at least one"
        case let .modelFailed(model, fold, origin, message), let .historyTooShortForModel(model, fold, origin, message):
            return "model \(model), fold \(fold) (origin \(origin.shortDescription)): \(message)"
        case let .calibrationFailed(model, origin, message):
            return "model \(model), calibration window after \(origin.shortDescription): \(message)"
        case let .wrongForecastLength(model, fold, expected, got):
            return "model \(model), fold \(fold): returned \(got) forecast values; expected \(expected)"
        }
    }
}
