/// Anything that forecasts a column from its history: the recurrent networks and the naive baselines
/// alike, so evaluation treats them the same way.
///
/// Fitting and forecasting are separate so a backtest can refit at every origin or reuse a fitted
/// model at later origins.
public protocol Forecaster: Sendable {
    /// Short name used in leaderboards and outputs: `lstm`, `naive`, `seasonal-naive`.
    var name: String { get }

    /// Fits on `history` (every row at or before the forecast origin, nothing later) to forecast
    /// `target` `horizon` steps ahead.
    /// - Throws: when `history` is too short or has values the model cannot use.
    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster

    /// Columns whose values are known ahead of time (planned events, a weather forecast, announced
    /// prices): a backtest hands the model these columns, and only these, for the `horizon` rows
    /// after each origin (``FittedForecaster/forecast(after:knownFuture:)``). Default: none.
    var knownFutureColumns: [String] { get }
}

extension Forecaster {
    public var knownFutureColumns: [String] { [] }
}

/// A fitted model that forecasts the steps after the end of a history.
public protocol FittedForecaster: Sendable {
    /// Forecasts the `horizon` values of the target after the last row of `history`.
    ///
    /// `history` is the series up to the forecast origin. It starts like the series the model was fitted
    /// on and may extend it (a backtest that does not refit); the model must read nothing beyond
    /// its last row.
    /// - Returns: a ``Forecast`` of `horizon` values in the target's units, dated on the history's grid.
    func forecast(after history: TimeSeries) throws -> Forecast

    /// Forecasts as ``forecast(after:)`` does, given the values of the known-future columns
    /// (``Forecaster/knownFutureColumns``) in the rows after `history`: row k of `knownFuture` is
    /// forecast step k + 1. It holds those columns only, never the target.
    /// Default: ignores `knownFuture`.
    func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast

    /// The model this fit forecasts with when it chose one itself (`auto`'s winner, by candidate
    /// name); a backtest reports it per fold. Default: `nil`.
    var chosenModel: String? { get }
}

extension FittedForecaster {
    public func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        try forecast(after: history)
    }

    public var chosenModel: String? { nil }
}

/// An error type some of whose cases mean that the history given to a model is too short for it
/// (fewer rows than its lookback, its season or its inner backtest need), as opposed to values it
/// cannot use. A backtest of many series skips a series whose models say so (unless `--strict`).
public protocol HistoryLengthError: Error {
    /// Whether this error says the history is too short.
    var isHistoryTooShort: Bool { get }
}

/// A fitted model whose intervals are calibrated by refitting another forecaster than the one that
/// made it: `auto`'s winner is refitted at each calibration window, without choosing again.
public protocol RefittedForCalibration: FittedForecaster {
    /// What each calibration window refits (each fit on one thread).
    var calibrationForecaster: any Forecaster { get }
}

/// A model fitted on many series at once (a global network): bound to a collection, it gives one
/// forecaster per member, and those share their fits (a fit of any member trains on every
/// member's rows of the same time range).
///
/// Collection backtests and forecasts use ``members(of:)`` instead of the model itself; on a
/// single series it is an ordinary ``Forecaster``.
public protocol CollectionForecaster: Forecaster {
    /// One forecaster per member of `collection`, in its order.
    func members(of collection: SeriesCollection) -> [any Forecaster]
}

/// A forecaster fitted on each series alone that still wants to know which series of a collection
/// it fits (`auto` records its choice per series): a collection run uses ``forSeries(_:)`` of each
/// member instead of the model itself. Unlike a ``CollectionForecaster`` it never reads another
/// series' rows, so series still run in parallel.
public protocol SeriesTaggedForecaster: Forecaster {
    /// This forecaster for the member whose id is `id`.
    func forSeries(_ id: String) -> any Forecaster
}

extension Array where Element == any Forecaster {
    /// The forecasters of each member of `collection`, by member: each ``CollectionForecaster``
    /// replaced by its bound member (made once per collection) and each ``SeriesTaggedForecaster``
    /// by its form for that series.
    public func boundToMembers(of collection: SeriesCollection) -> [[any Forecaster]] {
        let perModel: [[any Forecaster]?] = map { ($0 as? any CollectionForecaster)?.members(of: collection) }
        return collection.members.indices.map { i in
            indices.map { m in
                perModel[m]?[i] ?? (self[m] as? any SeriesTaggedForecaster)?.forSeries(collection.members[i].id) ?? self[m]
            }
        }
    }
}
