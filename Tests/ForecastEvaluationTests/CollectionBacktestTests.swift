import ForecastCore
import ForecastNN
import ForecastTraining
import Foundation
import Testing
@testable import ForecastEvaluation

/// Many series in one backtest: each series' result is its single-series backtest, bit for bit;
/// short series are skipped (or refused); scores across series are worked out by hand.
@Suite struct CollectionBacktestTests {
    /// A wide series of three columns over 60 days; `c` starts 30 days late (NaN before).
    var wide: TimeSeries {
        let a: [Double] = (0..<60).map { (t: Int) -> Double in 10 + sin(Double(t) / 2) + Double(t % 7) }
        let b: [Double] = (0..<60).map { (t: Int) -> Double in
            let wave: Double = 3 * cos(Double(t) / 3)
            return 50 + wave + Double((t * 5) % 11) / 2
        }
        let c: [Double] = (0..<60).map { (t: Int) -> Double in t < 30 ? Double.nan : 5 + Double((t * 3) % 7) + Double(t) / 10 }
        let start = Timestamp(year: 2021, month: 3, day: 1)
        return TimeSeries(timeColumnName: "date", timestamps: (0..<60).map { start.adding(days: $0) },
                          columns: [Column(name: "a", values: a), Column(name: "b", values: b), Column(name: "c", values: c)])
    }

    var configuration: BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = 3
        c.horizon = 4
        return c
    }

    @Test func wideMembersKeepTheRowsFromTheirFirstToTheirLastValue() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "c"], features: ["b"])
        #expect(collection.ids == ["a", "c"])
        #expect(collection.members[0].series.count == 60)
        #expect(collection.members[1].series.count == 30)
        #expect(collection.members[1].series.columnNames == ["c", "b"])
        #expect(collection.members[1].series.timestamps[0] == Timestamp(year: 2021, month: 3, day: 31))
        #expect(SeriesCollection.allTargets(of: wide, features: ["b"]) == ["a", "c"])
        #expect(throws: SeriesCollectionError.duplicateTarget("a")) { try SeriesCollection.wide(wide, targets: ["a", "a"], features: []) }
        #expect(throws: SeriesCollectionError.targetIsFeature("b")) { try SeriesCollection.wide(wide, targets: ["b"], features: ["b"]) }
    }

    @Test(arguments: [1, 2, 3])
    func eachSeriesGetsExactlyItsSingleSeriesBacktest(threads: Int) throws {
        var c = configuration
        c.threads = threads
        c.intervals = IntervalConfiguration(levels: [50], windows: 2)
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        let models: [any Forecaster] = [NaiveForecaster(), SeasonalNaiveForecaster(), DriftForecaster()]
        let result = try CollectionBacktest(c).run(models, on: collection)
        #expect(result.series.map(\.id) == ["a", "b", "c"])
        for (member, one) in zip(collection.members, result.series) {
            let alone = try Backtest(c).run(models, on: member.series, target: member.target)
            #expect(one.result == alone, "series \(member.id)")
        }
    }

    /// One network per series, with the same seed: the same weights and forecasts as training on that
    /// series alone.
    @Test func perSeriesNetworksEqualTheirSingleSeriesRuns() throws {
        var network = RNNForecasterConfiguration()
        network.cell = .gru
        network.units = [3]
        network.lookback = 5
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        var c = configuration
        c.threads = 2
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        let result = try CollectionBacktest(c).run([RNNForecaster(network)], on: collection)
        c.threads = 1
        for (member, one) in zip(collection.members, result.series) {
            let alone = try Backtest(c).run([RNNForecaster(network)], on: member.series, target: member.target)
            #expect(one.result.points.map(\.prediction.bitPattern) == alone.points.map(\.prediction.bitPattern))
        }
    }

    @Test func seriesTooShortForTheFoldsAreSkippedWithTheReasonOrRefusedWhenStrict() throws {
        var c = configuration
        c.folds = 8   // 8 × 4 rows + more than a season: c's 30 rows are too few
        let collection = try SeriesCollection.wide(wide, targets: ["a", "c"], features: [])
        let result = try CollectionBacktest(c).run([NaiveForecaster()], on: collection)
        #expect(result.series.map(\.id) == ["a"])
        #expect(result.skipped.map(\.id) == ["c"])
        #expect(result.skipped[0].reason.contains("--folds"))
        #expect {
            try CollectionBacktest(c, strict: true).run([NaiveForecaster()], on: collection)
        } throws: { error in
            guard case CollectionBacktestError.tooShort(let id, _) = error else { return false }
            return id == "c"
        }
    }

    /// A model that needs 40 rows of history says so with a ``HistoryLengthError`` (as `auto`'s inner
    /// backtest, a network's lookback or a baseline's season do); any other error is the model's own.
    struct NeedsFortyRows: Forecaster {
        var otherError = false
        var name: String { "needs-40" }
        func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
            if history.count < 40 {
                if otherError { throw BaselineError.invalidParameter(model: name, option: "--window", value: 0, expected: "1 or more") }
                throw BaselineError.historyTooShort(model: name, rows: history.count, needed: 40, reason: "its window")
            }
            return try NaiveForecaster().fit(on: history, target: target, horizon: horizon)
        }
    }

    @Test func seriesTooShortForAModelAreSkippedLikeSeriesTooShortForTheFolds() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "c"], features: [])
        let result = try CollectionBacktest(configuration).run([NaiveForecaster(), NeedsFortyRows()], on: collection)
        #expect(result.series.map(\.id) == ["a"])
        #expect(result.skipped.map(\.id) == ["c"])
        #expect(result.skipped[0].reason.contains("needs at least 40"))
        #expect {
            try CollectionBacktest(configuration, strict: true).run([NeedsFortyRows()], on: collection)
        } throws: { error in
            guard case CollectionBacktestError.tooShort(let id, _) = error else { return false }
            return id == "c"
        }
        // A model failing for another reason stops the run, naming the series.
        #expect {
            try CollectionBacktest(configuration).run([NeedsFortyRows(otherError: true)], on: collection)
        } throws: { error in
            guard case CollectionBacktestError.seriesFailed(let id, _) = error else { return false }
            return id == "c"
        }
    }

    /// Mean and median MASE, WAPE and wins worked out from each series' own numbers.
    @Test func scoresAcrossSeriesFollowTheirDefinitions() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        let result = try CollectionBacktest(configuration).run([NaiveForecaster(), DriftForecaster()], on: collection)
        for (m, model) in ["naive", "drift"].enumerated() {
            let mase = result.series.map { s in s.result.leaderboard.rows[m].metrics.mase }
            let sorted = mase.sorted()
            let aggregate = result.aggregate[m]
            #expect(aggregate.model == model)
            #expect(abs(aggregate.meanMase - (mase[0] + mase[1] + mase[2]) / 3) < 1e-12)
            #expect(aggregate.medianMase == sorted[1])
            let points = result.series.flatMap { $0.result.points(of: model) }
            let wape = points.map { abs($0.actual - $0.prediction) }.reduce(0, +) / points.map { abs($0.actual) }.reduce(0, +)
            #expect(abs(aggregate.wape - wape) < 1e-12)
            #expect(aggregate.wins == result.series.filter { s in
                s.result.leaderboard.rows[m].metrics.mase <= s.result.leaderboard.rows[1 - m].metrics.mase
            }.count)
        }
    }
}
