import ForecastCore

/// One shard's part of a ``CollectionBacktest`` (see ``BacktestShard`` for the unit and the
/// partition): the results of the series it holds, and what it needs to be put back together with
/// the other shards by ``merge(_:)``.
public struct CollectionBacktestShard: Sendable, Equatable, Codable {
    public var shard: BacktestShard
    /// The ids of every series of the whole collection, in its order: the units all shards share.
    public var collectionIDs: [String]
    public var configuration: BacktestConfiguration
    /// Model names, in the order given.
    public var models: [String]
    /// The series of this shard that were backtested, in collection order.
    public var series: [SeriesBacktestResult]
    /// The series of this shard too short for the folds, in collection order.
    public var skipped: [SkippedSeries]

    public init(shard: BacktestShard, collectionIDs: [String], configuration: BacktestConfiguration, models: [String],
                series: [SeriesBacktestResult], skipped: [SkippedSeries]) {
        self.shard = shard
        self.collectionIDs = collectionIDs
        self.configuration = configuration
        self.models = models
        self.series = series
        self.skipped = skipped
    }

    /// The ids of the series this shard must hold, in collection order.
    public var units: [String] { shard.positions(of: collectionIDs.count).map { collectionIDs[$0] } }

    /// The ids it does hold (backtested or skipped), in collection order.
    public var heldUnits: [String] {
        let held = Set(series.map(\.id) + skipped.map(\.id))
        return collectionIDs.filter(held.contains)
    }

    /// The whole backtest from every shard of it: series and skipped series in collection order, and
    /// the scores across series (``ModelAggregate``) recomputed from the merged series' points and
    /// metrics, never averaged from the shards' own. Equal to ``CollectionBacktest/run(_:on:progress:)``
    /// on the whole collection.
    ///
    /// - Parameter parts: each shard with a name for messages (its file).
    /// - Throws: ``ShardMergeError`` for shards of another backtest, a shard given twice or missing,
    ///   or a shard whose units are not its share; ``CollectionBacktestError/noSeriesLongEnough(skipped:)``.
    public static func merge(_ parts: [(source: String, shard: CollectionBacktestShard)]) throws -> CollectionBacktestResult {
        guard let (firstSource, first) = parts.first else { throw ShardMergeError.noShards }
        var bySource: [Int: String] = [:]
        for (source, part) in parts {
            if part.shard.count != first.shard.count {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: "it is shard \(part.shard) and \(firstSource) is shard \(first.shard) (a different N)")
            }
            if part.collectionIDs != first.collectionIDs {
                throw ShardMergeError.foreign(source: source, other: firstSource, difference: "its series differ")
            }
            if part.models != first.models {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: "its models \(part.models.joined(separator: ",")) differ from \(first.models.joined(separator: ","))")
            }
            if part.configuration != first.configuration {
                throw ShardMergeError.foreign(source: source, other: firstSource, difference: "its backtest configuration differs")
            }
            if let earlier = bySource[part.shard.index] {
                throw ShardMergeError.duplicate(shard: part.shard, sources: [earlier, source])
            }
            if part.heldUnits != part.units {
                throw ShardMergeError.wrongUnits(source: source, shard: part.shard,
                                                 missing: part.units.filter { !part.heldUnits.contains($0) })
            }
            bySource[part.shard.index] = source
        }
        let missing = try BacktestShard.all(count: first.shard.count).filter { bySource[$0.index] == nil }
        if !missing.isEmpty {
            throw ShardMergeError.missing(shards: missing,
                                          series: missing.flatMap { $0.positions(of: first.collectionIDs.count).map { first.collectionIDs[$0] } })
        }
        let results = Dictionary(uniqueKeysWithValues: parts.flatMap { $0.shard.series.map { ($0.id, $0) } })
        let skipped = Dictionary(uniqueKeysWithValues: parts.flatMap { $0.shard.skipped.map { ($0.id, $0) } })
        let series = first.collectionIDs.compactMap { results[$0] }
        let skippedInOrder = first.collectionIDs.compactMap { skipped[$0] }
        guard !series.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skippedInOrder) }
        return CollectionBacktestResult(configuration: first.configuration, models: first.models, series: series,
                                        skipped: skippedInOrder)
    }
}

extension CollectionBacktest {
    /// Backtests the series of `shard` only: each exactly as ``run(_:on:progress:)`` on the whole
    /// `collection` would (the same numbers, whichever shard holds it).
    ///
    /// - Parameter progress: called after each series of the shard, with the shard's count as total.
    /// - Throws: ``BacktestShardError/moreShardsThanSeries(shard:series:)`` when the collection has fewer
    ///   series than shards, ``BacktestShardError/globalModel(shard:model:)`` for a global network (its
    ///   fits span every series, so its unit is not one series); otherwise as ``run(_:on:progress:)``, except that a shard whose series
    ///   are all too short is not an error (they are listed as skipped).
    public func run(_ forecasters: [any Forecaster], on collection: SeriesCollection, shard: BacktestShard,
                    progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> CollectionBacktestShard {
        if let global = forecasters.first(where: { $0 is any CollectionForecaster }) {
            throw BacktestShardError.globalModel(shard: shard, model: global.name)
        }
        guard shard.count <= collection.members.count else {
            throw BacktestShardError.moreShardsThanSeries(shard: shard, series: collection.members.count)
        }
        let (results, skipped) = try run(forecasters, on: collection, at: shard.positions(of: collection.members.count),
                                         progress: progress)
        return CollectionBacktestShard(shard: shard, collectionIDs: collection.ids, configuration: configuration,
                                       models: forecasters.map(\.name), series: results, skipped: skipped)
    }
}

/// Why shards cannot be merged; each names the shard files concerned.
public enum ShardMergeError: Error, Equatable, CustomStringConvertible {
    case noShards
    /// `source` is not a shard of the same backtest as `other`.
    case foreign(source: String, other: String, difference: String)
    case duplicate(shard: BacktestShard, sources: [String])
    case missing(shards: [BacktestShard], series: [String])
    /// A shard that does not hold exactly its share of the series.
    case wrongUnits(source: String, shard: BacktestShard, missing: [String])

    public var description: String {
        switch self {
        case .noShards:
            return "no shard files given; expected the files written by forecast backtest … --shard K/N"
        case let .foreign(source, other, difference):
            return "\(source): not a shard of the same backtest as \(other): \(difference); merge only the shards of one run"
        case let .duplicate(shard, sources):
            return "shard \(shard) given twice (\(sources.joined(separator: " and "))); give each shard once"
        case let .missing(shards, series):
            let names = shards.map(\.description)
            let shown = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
            let ids = series.prefix(5).joined(separator: ", ") + (series.count > 5 ? ", …" : "")
            return "shard\(shards.count == 1 ? "" : "s") \(shown) missing (series \(ids)); run forecast backtest … --shard "
                + "\(shards[0]) and give its file too"
        case let .wrongUnits(source, shard, missing):
            return "\(source): shard \(shard) does not hold its series (missing \(missing.prefix(5).joined(separator: ", "))); "
                + "rerun forecast backtest … --shard \(shard)"
        }
    }
}
