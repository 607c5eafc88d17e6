import ForecastCore
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// Global networks in collection backtests: one fit per time range shared by every series,
/// deterministic, and blind to every series' rows after the fold's origin.
@Suite struct GlobalBacktestTests {
    /// Three daily series over 70 days; `c` ends 5 days before the others.
    var wide: TimeSeries {
        let a: [Double] = (0..<70).map { (t: Int) -> Double in 10 + sin(Double(t) / 2) + Double(t % 7) }
        let b: [Double] = (0..<70).map { (t: Int) -> Double in 50 + 3 * cos(Double(t) / 3) + Double((t * 5) % 11) / 2 }
        let c: [Double] = (0..<70).map { (t: Int) -> Double in t >= 65 ? Double.nan : 5 + Double((t * 3) % 7) + Double(t) / 10 }
        let start = Timestamp(year: 2021, month: 3, day: 1)
        return TimeSeries(timeColumnName: "date", timestamps: (0..<70).map { start.adding(days: $0) },
                          columns: [Column(name: "a", values: a), Column(name: "b", values: b), Column(name: "c", values: c)])
    }

    var network: RNNForecasterConfiguration { .tinyGRU(lookback: 6) }

    var configuration: BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = 3
        c.horizon = 4
        return c
    }

    func bits(_ result: CollectionBacktestResult) -> [[UInt64]] {
        result.series.map { $0.result.points.flatMap { [$0.prediction.bitPattern] + $0.lower.map(\.bitPattern) + $0.upper.map(\.bitPattern) } }
    }

    @Test func membersFittedOnTheSameTimeRangeShareOneNetworkTrainedOnEverySeries() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        let members = GlobalRNNForecaster(network).members(of: collection)
        let a = collection.members[0], b = collection.members[1]
        let fittedA = try #require(try members[0].fit(on: a.series.rows(0..<40), target: "a", horizon: 4) as? FittedRNN)
        let fittedB = try #require(try members[1].fit(on: b.series.rows(0..<40), target: "b", horizon: 4) as? FittedRNN)
        #expect(fittedA.network.parameters == fittedB.network.parameters)
        #expect(fittedA.scalers != fittedB.scalers)
        // Trained on the windows of all three series, not on a's alone.
        let alone = try RNNForecaster(network).fitRNN(on: a.series.rows(0..<40), target: "a", horizon: 4)
        #expect(alone.network.parameters != fittedA.network.parameters)
        #expect(fittedA.trainingWindowCount == 3 * alone.trainingWindowCount)
        // A later origin is another fit.
        let later = try #require(try members[0].fit(on: a.series.rows(0..<41), target: "a", horizon: 4) as? FittedRNN)
        #expect(later.network.parameters != fittedA.network.parameters)
    }

    /// Windows as views of the rows (no anchor, seasonal anchor) or copied (last-value anchor): the
    /// same network as training on the one series alone.
    @Test(arguments: [nil, WindowAnchor.last, WindowAnchor.season])
    func aGlobalModelOfOneSeriesIsThatSeriesOwnNetwork(anchor: WindowAnchor?) throws {
        let series = wide
        var network = network
        network.anchor = anchor
        network.lookback = 8
        let alone = try RNNForecaster(network).fitRNN(on: series, target: "a", horizon: 4)
        let global = try GlobalRNNForecaster(network).fit(on: series, target: "a", horizon: 4)
        #expect(try global.forecast(after: series).values.map(\.bitPattern) == alone.forecast(after: series).values.map(\.bitPattern))
    }

    @Test func eachSeriesIsScaledOnItsOwnTrainingRows() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        let fitted = try GlobalRNNForecaster(network).fit(collection.members, horizon: 4)
        for member in collection.members {
            let own = try #require(try fitted.member(member.id))
            let values = try member.series.column(named: member.target).values
            #expect(own.scalers[0] == (try Scaler.fit(.standard, on: values[own.split.training])))
            #expect(own.split.training == 0..<56)
        }
        // A new series with the same columns: scaled on its own rows, forecast through the same network.
        let new = dailySeries((0..<50).map { 200 + 10 * sin(Double($0)) }, column: "a")
        let other = try fitted.fitted(forNew: new, target: "a")
        #expect(other.network.parameters == fitted.network.parameters)
        #expect(other.scalers[0] == (try Scaler.fit(.standard, on: new.columns[0].values[0..<40])))
        #expect(try other.forecast(after: new).values.count == 4)
    }

    @Test func seriesIdentityAddsTheSeriesCodeAndRefusesNewSeries() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        let fitted = try GlobalRNNForecaster(network, seriesIdentity: true).fit(collection.members, horizon: 4)
        let c = try #require(try fitted.member("c"))
        #expect(c.spec.inputColumns == ["c", "series_code_0", "series_code_1"])
        #expect(c.configuration.seriesCode == SeriesCode(width: 2, index: 2))
        // The code's columns are fed unscaled.
        #expect(c.scalers[1] == Scaler(kind: .standard, offset: 0, scale: 1))
        #expect(throws: GlobalModelError.newSeriesWithIdentity(target: "a")) {
            try fitted.fitted(forNew: collection.members[0].series, target: "a")
        }
    }

    @Test(arguments: [1, 2])
    func aGlobalBacktestGivesTheSameNumbersForASeedWhateverTheThreads(threads: Int) throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        var c = configuration
        c.intervals = IntervalConfiguration(levels: [50], windows: 2)
        c.threads = 1
        let serial = try CollectionBacktest(c).run([GlobalRNNForecaster(network), NaiveForecaster()], on: collection)
        c.threads = threads
        let again = try CollectionBacktest(c).run([GlobalRNNForecaster(network), NaiveForecaster()], on: collection)
        #expect(bits(again) == bits(serial))
        #expect(serial.models == ["global-gru", "naive"])
        // Baselines are per series: exactly their single-series backtests.
        let naive = try Backtest(c).run([NaiveForecaster()], on: collection.members[1].series, target: "b")
        #expect(again.series[1].result.points.filter { $0.model == "naive" } == naive.points)
    }

    /// Editing every series' rows after a fold's origin leaves that fold's forecasts (and interval
    /// bounds) of every series unchanged: the shared network never trains on any series' future.
    @Test func editingAnySeriesFutureLeavesThatFoldsGlobalForecastsUnchanged() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        var c = configuration
        c.intervals = IntervalConfiguration(levels: [50], windows: 2)
        let base = try CollectionBacktest(c).run([GlobalRNNForecaster(network)], on: collection)
        for (s, series) in base.series.enumerated() {
            for fold in series.result.folds {
                let origin = collection.members[s].series.timestamps[fold.layout.originRow]
                // Every series changed after the origin's time (rows of other series included).
                let cut = wide.timestamps.lastIndex { $0 <= origin }!
                let changed = try SeriesCollection.wide(perturbed(wide, after: cut), targets: ["a", "b", "c"], features: [])
                let other = try CollectionBacktest(c).run([GlobalRNNForecaster(network)], on: changed)
                func foldBits(_ r: CollectionBacktestResult) -> [UInt64] {
                    r.series[s].result.points.filter { $0.fold == fold.layout.fold }
                        .flatMap { [$0.prediction.bitPattern] + $0.lower.map(\.bitPattern) + $0.upper.map(\.bitPattern) }
                }
                #expect(foldBits(other) == foldBits(base), "series \(series.id), fold \(fold.layout.fold)")
                #expect(foldBits(other).count == 4 * 3)   // prediction, lower, upper
            }
        }
    }
}
