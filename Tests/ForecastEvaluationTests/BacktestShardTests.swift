import ForecastCore
import ForecastNN
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// `--shard K/N`: a partition of the series that covers each exactly once, shards whose merge is the
/// whole run (networks included, bit for bit), and merges refused with the shard named.
@Suite struct BacktestShardTests {
    /// Five series of 60 days; `e` starts 50 days late, too short for 3 folds of 4 days.
    var collection: SeriesCollection {
        get throws {
            let start = Timestamp(year: 2021, month: 3, day: 1)
            let columns = (0..<5).map { j in
                Column(name: ["a", "b", "c", "d", "e"][j], values: (0..<60).map { (t: Int) -> Double in
                    j == 4 && t < 50 ? .nan : 10 + Double(j) * 3 + sin(Double(t) / Double(j + 2)) + Double((t * (j + 1)) % 7)
                })
            }
            let wide = TimeSeries(timeColumnName: "date", timestamps: (0..<60).map { start.adding(days: $0) }, columns: columns)
            return try SeriesCollection.wide(wide, targets: ["a", "b", "c", "d", "e"], features: [])
        }
    }

    /// A tiny GRU, quick in debug builds.
    static var network: RNNForecasterConfiguration { .tinyGRU(lookback: 5) }

    var configuration: BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = 3
        c.horizon = 4
        c.threads = 2
        return c
    }

    @Test func shardsCoverEverySeriesExactlyOnceRoundRobin() throws {
        for n in 1...7 {
            let all = try BacktestShard.all(count: n).flatMap { $0.positions(of: 7) }
            #expect(all.sorted() == Array(0..<7), "N = \(n)")
        }
        #expect(try BacktestShard(index: 2, count: 3).positions(of: 8) == [1, 4, 7])
    }

    @Test func kOfNIsParsedFromOneAndRefusedOutsideOneToN() throws {
        #expect(try BacktestShard(parsing: "2/4") == BacktestShard(index: 2, count: 4))
        #expect(throws: BacktestShardError.badIndex(text: "0/4", count: 4)) { try BacktestShard(parsing: "0/4") }
        #expect(throws: BacktestShardError.badIndex(text: "5/4", count: 4)) { try BacktestShard(parsing: "5/4") }
        #expect(throws: BacktestShardError.badCount(text: "1/0")) { try BacktestShard(parsing: "1/0") }
        for text in ["a/4", "2/x", "2", "1/2/3", "", "1.5/4"] {
            #expect(throws: BacktestShardError.malformed(text: text)) { try BacktestShard(parsing: text) }
        }
    }

    /// Each shard of a 2-thread run holds one or two series, so alone it would have spent both
    /// threads inside one series; it still gives the whole run's numbers.
    @Test(arguments: [1, 2, 3, 5])
    func mergedShardsEqualTheWholeRunBitForBit(count: Int) throws {
        let network = Self.network
        let models: [any Forecaster] = [RNNForecaster(network), NaiveForecaster(), DriftForecaster()]
        let collection = try collection
        let whole = try CollectionBacktest(configuration).run(models, on: collection)
        let parts = try BacktestShard.all(count: count).reversed().map {
            ("shard-\($0.index).h5", try CollectionBacktest(configuration).run(models, on: collection, shard: $0))
        }
        let merged = try CollectionBacktestShard.merge(parts)
        #expect(merged == whole)
        #expect(merged.skipped.map(\.id) == ["e"])
        #expect(merged.series.flatMap(\.result.points).map(\.prediction.bitPattern)
                == whole.series.flatMap(\.result.points).map(\.prediction.bitPattern))
    }

    /// A global network's fits span every series, so its shards split the refit groups of folds; the
    /// merge scores every series again from the merged points and equals the whole run, also with
    /// folds that share a fit (`--refit-every 2`: groups [1, 2], [3]).
    @Test(arguments: [(RefitPolicy.everyFold, 1), (.everyFold, 2), (.everyFold, 3), (.every(folds: 2), 2)])
    func aGlobalBacktestShardedByFoldsMergesIntoTheWholeRun(refit: RefitPolicy, count: Int) throws {
        let network = Self.network
        let collection = try collection
        var configuration = configuration
        configuration.refit = refit
        let models: [any Forecaster] = [GlobalRNNForecaster(network), NaiveForecaster()]
        let whole = try CollectionBacktest(configuration).run(models, on: collection)
        let parts = try BacktestShard.all(count: count).reversed().map {
            ("shard-\($0.index).h5", try CollectionBacktest(configuration).run(models, on: collection, shard: $0))
        }
        for (_, part) in parts {
            #expect(part.foldGroups == configuration.refitGroups)
            #expect(part.series.allSatisfy { $0.result.folds.map(\.layout.fold) == part.folds })
        }
        let merged = try CollectionBacktestShard.merge(parts)
        #expect(merged == whole)
        #expect(merged.series.flatMap(\.result.points).map(\.prediction.bitPattern)
                == whole.series.flatMap(\.result.points).map(\.prediction.bitPattern))
        if count > 1 {
            #expect(throws: ShardMergeError.missingFolds(shards: [try BacktestShard(index: 1, count: count)],
                                                         folds: parts.last!.1.folds!)) { try CollectionBacktestShard.merge(Array(parts.dropLast())) }
        }
    }

    @Test func aGlobalBacktestIsShardedWithoutIntervalsAndIntoNoMoreShardsThanFoldGroups() throws {
        var network = RNNForecasterConfiguration()
        network.units = [3]
        network.lookback = 5
        let models: [any Forecaster] = [GlobalRNNForecaster(network), NaiveForecaster()]
        let shard = try BacktestShard(index: 1, count: 4)
        #expect(throws: BacktestShardError.moreShardsThanFoldGroups(shard: shard, groups: 3, model: "global-lstm")) {
            try CollectionBacktest(configuration).run(models, on: try collection, shard: shard)
        }
        var withIntervals = configuration
        withIntervals.intervals = IntervalConfiguration(levels: [80])
        #expect(throws: BacktestShardError.globalModelWithIntervals(shard: try BacktestShard(index: 1, count: 2), model: "global-lstm")) {
            try CollectionBacktest(withIntervals).run(models, on: try collection, shard: try BacktestShard(index: 1, count: 2))
        }
    }

    @Test func aMissingOrRepeatedShardIsNamedAndForeignShardsRefused() throws {
        let models: [any Forecaster] = [NaiveForecaster()]
        let collection = try collection
        let backtest = CollectionBacktest(configuration)
        let one = try backtest.run(models, on: collection, shard: BacktestShard(index: 1, count: 3))
        let two = try backtest.run(models, on: collection, shard: BacktestShard(index: 2, count: 3))
        let three = try backtest.run(models, on: collection, shard: BacktestShard(index: 3, count: 3))
        #expect(throws: ShardMergeError.missing(shards: [try BacktestShard(index: 2, count: 3)], series: ["b", "e"])) {
            try CollectionBacktestShard.merge([("1.h5", one), ("3.h5", three)])
        }
        #expect(throws: ShardMergeError.duplicate(shard: try BacktestShard(index: 2, count: 3), sources: ["2.h5", "2b.h5"])) {
            try CollectionBacktestShard.merge([("1.h5", one), ("2.h5", two), ("2b.h5", two), ("3.h5", three)])
        }
        var longer = configuration
        longer.folds = 2
        let other = try CollectionBacktest(longer).run(models, on: collection, shard: BacktestShard(index: 2, count: 3))
        #expect(throws: ShardMergeError.self) { try CollectionBacktestShard.merge([("1.h5", one), ("2.h5", other), ("3.h5", three)]) }
        let otherCount = try backtest.run(models, on: collection, shard: BacktestShard(index: 2, count: 4))
        #expect(throws: ShardMergeError.self) { try CollectionBacktestShard.merge([("1.h5", one), ("2.h5", otherCount), ("3.h5", three)]) }
        #expect(throws: BacktestShardError.moreShardsThanSeries(shard: try BacktestShard(index: 1, count: 6), series: 5)) {
            try backtest.run(models, on: collection, shard: BacktestShard(index: 1, count: 6))
        }
    }
}
