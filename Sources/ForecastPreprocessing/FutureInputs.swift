import ForecastCore

/// Known-future covariates as network inputs (`--future-features`): columns whose values are known
/// ahead of time (planned events, a weather forecast, announced prices). They enter as the calendar
/// does (``CalendarInputs``): each column is replaced by a copy shifted `shift` steps (the horizon)
/// earlier, named `future_<column>`, so row t carries the value of step t + shift and the last
/// `horizon` rows of a window carry exactly the values of the steps it forecasts.
///
/// The values of the rows after the history come from `knownFuture` (row k is step k + 1): the
/// rows after the last target value in the file, or in a backtest the rows after each origin
/// (those columns only). When fitting there are none: the last `shift` rows of a shifted column
/// are then missing (NaN), and no training window reads them (a window whose targets end at row
/// n − 1 reads inputs up to row n − 1 − horizon, that is values up to row n − 1).
public struct FutureInputs: Sendable, Equatable {
    /// The file's columns, in order.
    public var columns: [String]
    /// Steps ahead each row's values are taken from: the horizon.
    public var shift: Int

    public init(columns: [String], shift: Int) {
        self.columns = columns
        self.shift = shift
    }

    /// The network input name of a known-future column: `future_<column>`.
    public static func inputName(_ column: String) -> String { "future_" + column }

    /// The input columns that replace ``columns``.
    public var inputNames: [String] { columns.map(Self.inputName) }

    /// `series` with each of ``columns`` replaced by its shifted copy (``inputName(_:)``), in place.
    ///
    /// - Parameters:
    ///   - series: holds the columns, with no missing value.
    ///   - knownFuture: the columns' values in the `shift` steps after the last row (row k is step
    ///     k + 1; extra rows are ignored); `nil` when fitting, which leaves the last `shift` values missing.
    ///   - target: the column forecast, for the error message.
    ///   - frequency: dates the steps of the error message when `knownFuture` lacks the row.
    /// - Throws: ``FutureInputsError/missingValue(column:step:timestamp:horizon:target:)`` for the
    ///   first step (by column, then step) without a value.
    public func replacing(in series: TimeSeries, knownFuture: TimeSeries?, target: String,
                          frequency: Frequency) throws -> TimeSeries {
        var out = series
        for name in columns {
            guard let index = out.columns.firstIndex(where: { $0.name == name }) else {
                _ = try series.column(named: name)
                continue
            }
            var ahead = [Double](repeating: .nan, count: shift)
            if let knownFuture {
                try check(knownFuture, columns: [name], after: series, target: target, frequency: frequency)
                ahead = Array(try knownFuture.column(named: name).values.prefix(shift))
            }
            let shifted = Array((out.columns[index].values + ahead).dropFirst(shift))
            out.columns[index] = Column(name: Self.inputName(name), values: shifted)
        }
        return out
    }
}

extension FutureInputs {
    /// Checks that `knownFuture` holds a value of each of ``columns`` for each of the `shift` steps
    /// after `history` (row k is step k + 1), as forecasting after `history` needs.
    /// - Throws: ``FutureInputsError/missingValue(column:step:timestamp:horizon:target:)`` for the
    ///   first step (by column, then step) without a value; an unknown column.
    public func check(_ knownFuture: TimeSeries, after history: TimeSeries, target: String, frequency: Frequency) throws {
        try check(knownFuture, columns: columns, after: history, target: target, frequency: frequency)
    }

    private func check(_ knownFuture: TimeSeries, columns: [String], after history: TimeSeries, target: String,
                       frequency: Frequency) throws {
        for name in columns {
            let values = try knownFuture.column(named: name).values
            guard let k = (0..<shift).first(where: { $0 >= values.count || values[$0].isNaN }) else { continue }
            let grid = history.timestamps.last.map { frequency.timestamps(after: $0, count: k + 1) } ?? []
            let time = k < knownFuture.count ? knownFuture.timestamps[k] : grid.count == k + 1 ? grid[k] : nil
            throw FutureInputsError.missingValue(column: name, step: k + 1, timestamp: time, horizon: shift, target: target)
        }
    }
}

/// Errors of reading known-future covariates.
public enum FutureInputsError: Error, Equatable, CustomStringConvertible {
    /// `column` has no value for forecast step `step` (1-based, at `timestamp` when known).
    case missingValue(column: String, step: Int, timestamp: Timestamp?, horizon: Int, target: String)
    /// A column named both as a past-only and as a known-future input, or the target as a future one.
    case listedTwice(column: String)

    public var description: String {
        switch self {
        case let .missingValue(column, step, timestamp, horizon, target):
            let at = timestamp.map { " (\($0.iso8601))" } ?? ""
            return "--future-features: column \"\(column)\" has no value for forecast step \(step)\(at), the first step without one; "
                + "a known-future column needs a value in each of the \(horizon) rows after the last value of \"\(target)\" "
                + "(rows with an empty \"\(target)\" cell): add them to the file, or pass the column with --features instead"
        case let .listedTwice(column):
            return "--future-features names \"\(column)\", which is the target or also in --features; "
                + "a column is either past-only (--features) or known ahead (--future-features), and the target is neither"
        }
    }
}
