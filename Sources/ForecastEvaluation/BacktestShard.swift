/// Shard K of N of a backtest over many series (`--shard K/N`, K counted from 1): a deterministic
/// part of the work that any machine can run, alone, in any order.
///
/// The unit of work is one series with every model and every fold: the folds of a series share
/// refits (`--refit-every`) and conformal-calibration fits, so splitting them would repeat fits;
/// its models share the series' checked rows and its leaderboard (the best model, hence `wins`).
/// Shard K holds the series at positions K−1, K−1+N, K−1+2N, … of the collection (round robin, so
/// long and short series spread evenly when they come in runs). A series gives the same numbers in
/// any shard: it is backtested exactly as in a run of the whole collection (same seed, same
/// configuration, the thread split decided from the whole collection).
///
/// With a global network (one network fitted on every series at each fold) the unit is a refit
/// group of folds instead (``BacktestConfiguration/refitGroups``: one fold when every fold refits),
/// for every series and model: shard K holds groups K−1, K−1+N, …; without intervals.
public struct BacktestShard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// K, 1…``count``.
    public let index: Int
    /// N, at least 1.
    public let count: Int

    /// - Throws: ``BacktestShardError`` when `count` < 1 or `index` is outside 1…`count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw BacktestShardError.badCount(text: "\(index)/\(count)") }
        guard (1...count).contains(index) else { throw BacktestShardError.badIndex(text: "\(index)/\(count)", count: count) }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    /// - Throws: ``BacktestShardError`` for anything but two integers with 1 ≤ K ≤ N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw BacktestShardError.malformed(text: text)
        }
        try self.init(index: k, count: n)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The positions (0-based, ascending) of this shard's units among `total` units.
    public func positions(of total: Int) -> [Int] {
        Array(stride(from: index - 1, to: total, by: count))
    }

    /// Every shard of `count`, 1…N.
    public static func all(count: Int) throws -> [BacktestShard] {
        try (1...max(count, 1)).map { try BacktestShard(index: $0, count: count) }
    }
}

/// Errors of `--shard K/N`.
public enum BacktestShardError: Error, Equatable, CustomStringConvertible {
    case malformed(text: String)
    case badCount(text: String)
    case badIndex(text: String, count: Int)
    /// More shards than series: some shard would hold nothing.
    case moreShardsThanSeries(shard: BacktestShard, series: Int)
    /// A global network sharded by folds, with intervals (a fold's calibration reads earlier folds' forecasts).
    case globalModelWithIntervals(shard: BacktestShard, model: String)
    /// More shards than refit groups of folds, the unit of a backtest with a global network.
    case moreShardsThanFoldGroups(shard: BacktestShard, groups: Int, model: String)

    /// What was expected, without the option and value.
    public var reason: String {
        switch self {
        case .malformed:
            return "expected K/N, two whole numbers (shard K of N, K from 1), e.g. --shard 2/8"
        case .badCount:
            return "expected at least 1 shard (N ≥ 1)"
        case let .badIndex(_, count):
            return "expected K from 1 to \(count) (shards are counted from 1)"
        case let .moreShardsThanSeries(_, series):
            return "the backtest has \(series) series, one unit of work each; use at most \(series) shards"
        case let .globalModelWithIntervals(_, model):
            return "\(model) is one network trained on every series at once, so its shards split the folds, and a fold's "
                + "intervals are calibrated on the forecasts of earlier folds; shard it without --level, or backtest it on one machine"
        case let .moreShardsThanFoldGroups(_, groups, model):
            return "\(model) is one network trained on every series at once, so the unit of work is a fold (folds that share a "
                + "fit under --refit-every count as one); the backtest has \(groups) such unit\(groups == 1 ? "" : "s"); use at most \(groups) shards"
        }
    }

    public var description: String {
        switch self {
        case let .malformed(text), let .badCount(text), let .badIndex(text, _): return "--shard \(text): \(reason)"
        case let .moreShardsThanSeries(shard, _), let .globalModelWithIntervals(shard, _), let .moreShardsThanFoldGroups(shard, _, _):
            return "--shard \(shard): \(reason)"
        }
    }
}
