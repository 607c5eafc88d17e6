import ForecastCore
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// Known-future covariates (`--future-features`) over several series: each series' network, or the
/// global network, gets each series' own future inputs at every origin, never its future targets.
@Suite struct CollectionFutureFeaturesTests {
    /// Three daily series over 70 days that respond to a planned 0/1 `event` shared by all of them
    /// (a wide file), and `c` ending 5 days before the others.
    var wide: TimeSeries {
        let event: [Double] = (0..<70).map { (t: Int) -> Double in t % 6 == 0 || t % 11 == 3 ? 1 : 0 }
        let a: [Double] = (0..<70).map { (t: Int) -> Double in 10 + sin(Double(t) / 2) + Double(t % 7) + 4 * event[t] }
        let b: [Double] = (0..<70).map { (t: Int) -> Double in 50 + 3 * cos(Double(t) / 3) + Double((t * 5) % 11) / 2 - 6 * event[t] }
        let c: [Double] = (0..<70).map { (t: Int) -> Double in
            t >= 65 ? Double.nan : 5 + Double((t * 3) % 7) + Double(t) / 10 + 2 * event[t]
        }
        let start = Timestamp(year: 2021, month: 3, day: 1)
        return TimeSeries(timeColumnName: "date", timestamps: (0..<70).map { start.adding(days: $0) },
                          columns: [Column(name: "a", values: a), Column(name: "b", values: b), Column(name: "c", values: c),
                                    Column(name: "event", values: event)])
    }

    /// ``wide`` with 5 rows after the last values of `a` and `b`: their known future (empty targets).
    var withFuture: TimeSeries {
        var series = wide
        series.timestamps += (70..<75).map { wide.timestamps[0].adding(days: $0) }
        for t in 0..<3 { series.columns[t].values += Array(repeating: .nan, count: 5) }
        series.columns[3].values += [1, 0, 1, 1, 0]
        return series
    }

    var network: RNNForecasterConfiguration {
        var n = RNNForecasterConfiguration.tinyGRU(lookback: 6)
        n.futureFeatures = ["event"]
        return n
    }

    var configuration: BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = 3
        c.horizon = 4
        return c
    }

    func collection(_ series: TimeSeries) throws -> SeriesCollection {
        try SeriesCollection.wide(series, targets: ["a", "b", "c"], features: [], knownFuture: ["event"])
    }

    func bits(_ points: [ForecastPoint]) -> [UInt64] { points.map(\.prediction.bitPattern) }

    /// A wide file's members hold the shared column and the rows after their last value (`c` ends
    /// early: its rows after day 65 are its known future), which splitting hands back per series.
    @Test func membersKeepTheRowsAfterTheirLastValueAsTheirKnownFuture() throws {
        let members = try collection(withFuture)
        #expect(members.members.map(\.series.count) == [75, 75, 75])
        #expect(members.members[2].series.columnNames == ["c", "event"])
        let (history, future) = try members.splittingAtLastValues()
        #expect(history.members.map(\.series.count) == [70, 70, 65])
        #expect(future["c"]?.count == 10 && future["a"]?.count == 5)
        // Without --future-features a member ends at its last value, as before.
        #expect(try SeriesCollection.wide(withFuture, targets: ["a", "c"], features: ["event"]).members.map(\.series.count) == [70, 65])
        let ahead = try history.knownFuture(future, columns: ["event"], horizon: 4)
        #expect(try ahead["c"]?.column(named: "event").values == Array(wide.columns[3].values[65..<69]))
    }

    /// The first series (in order) without a value for a step is named, with the column and the step.
    @Test func aMissingFutureValueNamesTheSeriesTheColumnAndTheStep() throws {
        var series = withFuture
        series.columns[3].values[67] = .nan
        let (history, future) = try collection(series).splittingAtLastValues()
        #expect(throws: SeriesFutureInputsError(id: "c", error: .missingValue(
            column: "event", step: 3, timestamp: series.timestamps[67], horizon: 4, target: "c"))) {
            try history.knownFuture(future, columns: ["event"], horizon: 4)
        }
        // Without rows after the file's last value, a (the first series) has no value for step 1.
        let (plain, none) = try collection(wide).splittingAtLastValues()
        #expect(throws: SeriesFutureInputsError(id: "a", error: .missingValue(
            column: "event", step: 1, timestamp: wide.timestamps[69].adding(days: 1), horizon: 4, target: "a"))) {
            try plain.knownFuture(none, columns: ["event"], horizon: 4)
        }
        let error = SeriesFutureInputsError(id: "a", error: .missingValue(column: "event", step: 1, timestamp: nil, horizon: 4, target: "a"))
        #expect(error.description.hasPrefix("series a: --future-features: column \"event\" has no value for forecast step 1"))
    }

    /// Per-series networks with future features: each series' backtest is, bit for bit, its
    /// single-series backtest with the same seed.
    @Test func eachSeriesEqualsItsSingleSeriesBacktest() throws {
        let history = try collection(wide).splittingAtLastValues().history
        var c = configuration
        c.threads = 2
        let many = try CollectionBacktest(c).run([RNNForecaster(network), NaiveForecaster()], on: history)
        #expect(many.series.count == 3)
        for (s, member) in history.members.enumerated() {
            let alone = try Backtest(c).run([RNNForecaster(network), NaiveForecaster()], on: member.series, target: member.target)
            #expect(bits(many.series[s].result.points) == bits(alone.points), "series \(member.id)")
            #expect(many.series[s].result.points.map(\.actual) == alone.points.map(\.actual))
        }
    }

    /// Per series and global: editing every series' target values after a fold's origin (and the
    /// covariate after the fold's forecast rows) leaves that fold's forecasts bit-identical; editing
    /// one series' covariate inside the fold's forecast rows changes that series' forecasts.
    @Test(arguments: [false, true])
    func forecastsReadEachSeriesFutureInputsButNeverItsFutureTargets(global: Bool) throws {
        let model: any Forecaster = global ? GlobalRNNForecaster(network) : RNNForecaster(network)
        let base = try CollectionBacktest(configuration).run([model], on: collection(wide).splittingAtLastValues().history)
        #expect(base.models == [global ? "global-gru" : "gru"])
        for (s, series) in base.series.enumerated() {
            for fold in series.result.folds {
                let origin = try collection(wide).members[s].series.timestamps[fold.layout.originRow]
                let cut = wide.timestamps.lastIndex { $0 <= origin }!
                let end = fold.layout.forecastRows.upperBound
                var edited = wide, inside = wide
                for r in (cut + 1)..<wide.count {
                    for t in 0..<3 where !edited.columns[t].values[r].isNaN { edited.columns[t].values[r] = -1000 - 7 * Double(r) }
                    if r >= end { edited.columns[3].values[r] = 5 + Double(r) }
                }
                for r in fold.layout.forecastRows { inside.columns[3].values[r] = 1 - inside.columns[3].values[r] }
                func foldBits(_ series: TimeSeries) throws -> [UInt64] {
                    let result = try CollectionBacktest(configuration).run([model], on: collection(series).splittingAtLastValues().history)
                    return bits(result.series[s].result.points.filter { $0.fold == fold.layout.fold })
                }
                let before = bits(series.result.points.filter { $0.fold == fold.layout.fold })
                #expect(try foldBits(edited) == before, "series \(series.id), fold \(fold.layout.fold)")
                #expect(try foldBits(inside) != before, "series \(series.id), fold \(fold.layout.fold)")
            }
        }
    }

    /// A forecast of every series with per-series networks or the global one reads each series'
    /// own known future (changing one series' future changes that series' forecast only, for
    /// per-series networks) and equals forecasting that series alone.
    @Test(arguments: [false, true])
    func aCollectionForecastReadsEachSeriesOwnKnownFuture(global: Bool) throws {
        let long = withFuture
        let model: any Forecaster = global ? GlobalRNNForecaster(network) : RNNForecaster(network)
        func forecasts(_ series: TimeSeries) throws -> [[Double]] {
            let (history, future) = try collection(series).splittingAtLastValues()
            let ahead = try history.knownFuture(future, columns: ["event"], horizon: 4)
            return try CollectionForecast(horizon: 4).run(model, on: history, knownFuture: ahead).forecasts.map(\.forecast.values)
        }
        let base = try forecasts(long)
        #expect(base.count == 3 && base.allSatisfy { $0.count == 4 })
        var changed = long
        changed.columns[3].values[66] = 1 - changed.columns[3].values[66]   // c's step 2 only
        let other = try forecasts(changed)
        #expect(other[2] != base[2])
        if !global {
            #expect(other[0] == base[0] && other[1] == base[1])
            let c = try collection(long).splittingAtLastValues()
            let alone = try RNNForecaster(network).fit(on: c.history.members[2].series, target: "c", horizon: 4)
            let ahead = try c.history.knownFuture(c.future, columns: ["event"], horizon: 4)
            #expect(try alone.forecast(after: c.history.members[2].series, knownFuture: ahead["c"]).values == base[2])
        }
    }
}
