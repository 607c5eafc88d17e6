import ForecastCore
import Foundation

/// The choices of every `auto` fit, by series (``AutoForecaster/series``; `nil` for one series) and
/// the first and last time of the history it was fitted on (a fold's training rows); thread-safe,
/// for the fits of a parallel backtest.
public final class AutoChoiceLog: @unchecked Sendable {
    private struct Key: Hashable { var series: String?, first, last: Timestamp }
    private let lock = NSLock()
    private var choices: [Key: AutoSelectionRecord] = [:]

    public init() {}

    func record(_ record: AutoSelectionRecord, series: String?, from first: Timestamp, to last: Timestamp) {
        lock.lock()
        defer { lock.unlock() }
        choices[Key(series: series, first: first, last: last)] = record
    }

    /// The record of the choice of the fit on the rows of `series` from `first` to `last`, if any.
    public func record(series: String? = nil, from first: Timestamp, to last: Timestamp) -> AutoSelectionRecord? {
        lock.lock()
        defer { lock.unlock() }
        return choices[Key(series: series, first: first, last: last)]
    }

    /// The model chosen by the fit on the rows of `series` from `first` to `last`, if any.
    public func winner(series: String? = nil, from first: Timestamp, to last: Timestamp) -> String? {
        record(series: series, from: first, to: last)?.winner
    }
}
