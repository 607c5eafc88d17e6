import ForecastCore

/// Errors of the baseline forecasters: histories they cannot forecast from and parameters out of range.
public enum BaselineError: HistoryLengthError, Equatable, CustomStringConvertible {
    /// `model` needs `needed` rows of history and was given `rows`.
    case historyTooShort(model: String, rows: Int, needed: Int, reason: String)
    /// A value the model reads is missing (NaN).
    case missingValue(model: String, column: String, timestamp: Timestamp)
    /// A parameter is out of range; `option` is its command-line spelling (`--season`).
    case invalidParameter(model: String, option: String, value: Int, expected: String)
    /// The season was not given and the history's frequency has no natural season.
    case seasonUnknown(model: String, frequency: Frequency)

    public var description: String {
        switch self {
        case let .historyTooShort(model, rows, needed, reason):
            return "\(model): the history has \(rows) rows, but \(reason) needs at least \(needed); "
                + "use a longer training part (fewer --folds, or a larger --train-window)"
        case let .missingValue(model, column, timestamp):
            return "\(model): column \"\(column)\" is missing a value at \(timestamp.shortDescription) that the forecast reads; "
                + "fill missing values before forecasting"
        case let .invalidParameter(model, option, value, expected):
            return "\(option) \(value): \(model) needs \(expected)"
        case let .seasonUnknown(model, frequency):
            return "\(model): a \(frequency) series has no natural season; give the season length with --season"
        }
    }

    public var isHistoryTooShort: Bool {
        if case .historyTooShort = self { return true }
        return false
    }
}

/// The target values of `history` in `rows`, checked to be present.
func presentValues(of target: String, in history: TimeSeries, rows: Range<Int>, model: String) throws -> [Double] {
    let values = try history.column(named: target).values
    for row in rows where values[row].isNaN {
        throw BaselineError.missingValue(model: model, column: target, timestamp: history.timestamps[row])
    }
    return Array(values[rows])
}

/// Throws unless `history` has at least `needed` rows.
func requireRows(_ history: TimeSeries, _ needed: Int, model: String, reason: String) throws {
    if history.count < needed {
        throw BaselineError.historyTooShort(model: model, rows: history.count, needed: needed, reason: reason)
    }
}

/// Throws unless `horizon` is at least 1.
func requireHorizon(_ horizon: Int, model: String) throws {
    if horizon < 1 {
        throw BaselineError.invalidParameter(model: model, option: "--horizon", value: horizon,
                                             expected: "a horizon of at least 1 step")
    }
}
