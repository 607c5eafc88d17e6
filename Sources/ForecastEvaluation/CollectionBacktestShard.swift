import ForecastCore

/// One shard's part of a ``CollectionBacktest`` (see ``BacktestShard`` for the unit and the
/// partition): the results of the series it holds, and what it needs to be put back together with
/// the other shards by ``merge(_:)``.
///
/// A backtest with a global network (``CollectionForecaster``) is sharded by folds instead: its unit
/// is a refit group (the folds that share a fit: one fold when every fold refits), since a fit spans
/// every series; shard K holds groups K−1, K−1+N, … of ``foldGroups`` for every series, and the merge
/// puts each series' folds back together and scores them again from the merged points.
public struct CollectionBacktestShard: Sendable, Equatable, Codable {
    public var shard: BacktestShard
    /// The ids of every series of the whole collection, in its order: the units all shards share.
    public var collectionIDs: [String]
    public var configuration: BacktestConfiguration
    /// Model names, in the order given.
    public var models: [String]
    /// The series of this shard that were backtested, in collection order (with folds as the unit:
    /// every series, each with this shard's folds only).
    public var series: [SeriesBacktestResult]
    /// The series of this shard too short for the folds, in collection order.
    public var skipped: [SkippedSeries]
    /// With folds as the unit: every unit of the whole backtest, the fold numbers of each refit
    /// group in order (``BacktestConfiguration/refitGroups``); `nil` when the unit is a series.
    public var foldGroups: [[Int]]?

    public init(shard: BacktestShard, collectionIDs: [String], configuration: BacktestConfiguration, models: [String],
                series: [SeriesBacktestResult], skipped: [SkippedSeries], foldGroups: [[Int]]? = nil) {
        self.shard = shard
        self.collectionIDs = collectionIDs
        self.configuration = configuration
        self.models = models
        self.series = series
        self.skipped = skipped
        self.foldGroups = foldGroups
    }

    /// With folds as the unit, the fold numbers this shard must hold, ascending; `nil` otherwise.
    public var folds: [Int]? {
        foldGroups.map { groups in shard.positions(of: groups.count).flatMap { groups[$0] } }
    }

    /// The ids of the series this shard must hold, in collection order (every series with folds as the unit).
    public var units: [String] {
        foldGroups != nil ? collectionIDs : shard.positions(of: collectionIDs.count).map { collectionIDs[$0] }
    }

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
        if first.foldGroups != nil { return try mergeFolds(parts) }
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
            if part.foldGroups != nil {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: "it is sharded by folds (a global network) and \(firstSource) by series")
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

extension CollectionBacktestShard {
    /// ``merge(_:)`` of shards whose unit is a refit group of folds: each series' folds from every
    /// shard, scored again from the merged points (``BacktestResult/init(configuration:target:season:models:folds:levels:scoring:)``).
    static func mergeFolds(_ parts: [(source: String, shard: CollectionBacktestShard)]) throws -> CollectionBacktestResult {
        let (firstSource, first) = parts[0]
        guard let groups = first.foldGroups else { throw ShardMergeError.noShards }
        var bySource: [Int: String] = [:]
        for (source, part) in parts {
            if part.shard.count != first.shard.count {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: "it is shard \(part.shard) and \(firstSource) is shard \(first.shard) (a different N)")
            }
            if part.collectionIDs != first.collectionIDs || part.skipped.map(\.id) != first.skipped.map(\.id) {
                throw ShardMergeError.foreign(source: source, other: firstSource, difference: "its series differ")
            }
            if part.models != first.models {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: "its models \(part.models.joined(separator: ",")) differ from \(first.models.joined(separator: ","))")
            }
            if part.configuration != first.configuration || part.foldGroups != groups {
                throw ShardMergeError.foreign(source: source, other: firstSource,
                                              difference: part.foldGroups == nil ? "it is sharded by series and \(firstSource) by folds (a global network)"
                                                : "its backtest configuration differs")
            }
            if let earlier = bySource[part.shard.index] {
                throw ShardMergeError.duplicate(shard: part.shard, sources: [earlier, source])
            }
            let folds = part.folds ?? []
            if part.series.map(\.id) != first.series.map(\.id)
                || part.series.contains(where: { $0.result.folds.map(\.layout.fold) != folds }) {
                throw ShardMergeError.wrongFolds(source: source, shard: part.shard, folds: folds)
            }
            bySource[part.shard.index] = source
        }
        let missing = try BacktestShard.all(count: first.shard.count).filter { bySource[$0.index] == nil }
        if !missing.isEmpty {
            throw ShardMergeError.missingFolds(shards: missing,
                                               folds: missing.flatMap { $0.positions(of: groups.count).flatMap { groups[$0] } }.sorted())
        }
        let series = first.series.indices.map { i -> SeriesBacktestResult in
            let results = parts.map { $0.shard.series[i].result }
            let base = results[0]
            let folds = results.flatMap(\.folds).sorted { $0.layout.fold < $1.layout.fold }
            let h = base.configuration.horizon
            // Each (model, fold)'s points, from the shard that holds the fold.
            struct Key: Hashable { var model: String, fold: Int }
            var slices: [Key: ArraySlice<ForecastPoint>] = [:]
            for result in results {
                for (m, model) in result.models.enumerated() {
                    for (f, fold) in result.folds.enumerated() {
                        let start = (m * result.folds.count + f) * h
                        slices[Key(model: model, fold: fold.layout.fold)] = result.points[start ..< start + h]
                    }
                }
            }
            let points = base.models.flatMap { model in folds.flatMap { slices[Key(model: model, fold: $0.layout.fold)] ?? [] } }
            var result = BacktestResult(configuration: base.configuration, target: base.target, season: base.season,
                                        models: base.models, folds: folds, levels: base.levels, scoring: points)
            result.choices = Self.mergedChoices(results, folds: folds)
            return SeriesBacktestResult(id: first.series[i].id, result: result)
        }
        guard !series.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: first.skipped) }
        return CollectionBacktestResult(configuration: first.configuration, models: first.models, series: series, skipped: first.skipped)
    }
}

extension CollectionBacktestShard {
    /// The per-fold choices (``BacktestResult/choices``, `auto`'s) of one series' fold shards, put
    /// back in fold order; `nil` when no shard has any.
    static func mergedChoices(_ results: [BacktestResult], folds: [BacktestFold]) -> [ModelChoices]? {
        var byFold: [String: [Int: String]] = [:]
        var models: [String] = []
        for result in results {
            for c in result.choices ?? [] {
                if !models.contains(c.model) { models.append(c.model) }
                for (fold, choice) in zip(result.folds, c.folds) { byFold[c.model, default: [:]][fold.layout.fold] = choice }
            }
        }
        guard !models.isEmpty else { return nil }
        // In the run's model order.
        let order = results[0].models.filter(models.contains)
        return order.map { model in ModelChoices(model: model, folds: folds.map { byFold[model]?[$0.layout.fold] ?? "?" }) }
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
            // A global network's fits span every series: the unit is a refit group of folds.
            if configuration.intervals != nil { throw BacktestShardError.globalModelWithIntervals(shard: shard, model: global.name) }
            let groups = configuration.refitGroups
            guard shard.count <= groups.count else {
                throw BacktestShardError.moreShardsThanFoldGroups(shard: shard, groups: groups.count, model: global.name)
            }
            let folds = Set(shard.positions(of: groups.count).flatMap { groups[$0] })
            let (results, skipped) = try run(forecasters, on: collection, at: Array(collection.members.indices), onlyFolds: folds,
                                             progress: progress)
            return CollectionBacktestShard(shard: shard, collectionIDs: collection.ids, configuration: configuration,
                                           models: forecasters.map(\.name), series: results, skipped: skipped, foldGroups: groups)
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
    /// Shards by folds (a global network) missing, with the folds they hold.
    case missingFolds(shards: [BacktestShard], folds: [Int])
    /// A shard by folds whose series do not hold exactly its folds.
    case wrongFolds(source: String, shard: BacktestShard, folds: [Int])

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
        case let .missingFolds(shards, folds):
            let names = shards.map(\.description)
            let shown = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
            let numbers = folds.prefix(8).map(String.init).joined(separator: ", ") + (folds.count > 8 ? ", …" : "")
            return "shard\(shards.count == 1 ? "" : "s") \(shown) missing (fold\(folds.count == 1 ? "" : "s") \(numbers) of every series); "
                + "run forecast backtest … --shard \(shards[0]) and give its file too"
        case let .wrongFolds(source, shard, folds):
            return "\(source): shard \(shard) does not hold folds \(folds.map(String.init).joined(separator: ", ")) of the same series "
                + "as the other shards; rerun forecast backtest … --shard \(shard)"
        case let .wrongUnits(source, shard, missing):
            return "\(source): shard \(shard) does not hold its series (missing \(missing.prefix(5).joined(separator: ", "))); "
                + "rerun forecast backtest … --shard \(shard)"
        }
    }
}
