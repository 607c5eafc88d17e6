import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

/// `--models auto` and `--ensemble N` over several series: each series makes its own choice (logged
/// under its id) and trains its own ensemble, exactly as alone; an ensemble of global networks is
/// the mean of global networks of derived seeds, saved and reloaded bit for bit.
@Suite struct ManySeriesChoiceTests {
    /// Two daily series: `a` a weekly pattern (seasonal naive wins), `b` a random walk.
    var wide: TimeSeries {
        var walk = 50.0, generator = SeededGenerator(seed: 3)
        let b: [Double] = (0..<120).map { _ in walk += Double.random(in: -1...1, using: &generator); return walk }
        let a: [Double] = (0..<120).map { (t: Int) -> Double in 10 + [0, 4, 7, 3, -2, -5, 1][t % 7] + 0.01 * Double(t) }
        let start = Timestamp(year: 2021, month: 3, day: 1)
        return TimeSeries(timeColumnName: "date", timestamps: (0..<120).map { start.adding(days: $0) },
                          columns: [Column(name: "a", values: a), Column(name: "b", values: b)])
    }

    var network: RNNForecasterConfiguration { .tinyGRU(lookback: 8, batchSize: 16) }

    func bits(_ points: [ForecastPoint]) -> [UInt64] { points.map(\.prediction.bitPattern) }

    /// In a collection backtest each series' `auto` re-chooses in every fold from its own rows: its
    /// points are those of the series' single-series backtest, and each choice is logged under the
    /// series' id (the two series, ending together, share every fold's time range).
    @Test func autoChoosesPerSeriesAndFoldAsEachSeriesAlone() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        var catalog = ModelCatalog(network: network)
        catalog.auto.budget = .fits(2)
        catalog.auto.cells = [.gru]
        catalog.auto.sizes = [[3]]
        let log = AutoChoiceLog()
        catalog.autoLog = log
        var configuration = BacktestConfiguration()
        configuration.folds = 2
        configuration.horizon = 7
        configuration.threads = 2
        let many = try CollectionBacktest(configuration).run([try catalog.forecaster(named: "auto")], on: collection)
        for (s, member) in collection.members.enumerated() {
            let alone = try Backtest(configuration).run([try catalog.forecaster(named: "auto")], on: member.series, target: member.target)
            #expect(bits(many.series[s].result.points) == bits(alone.points), "series \(member.id)")
            for fold in many.series[s].result.folds {
                let rows = fold.layout.trainingRows
                let first = member.series.timestamps[rows.lowerBound], last = member.series.timestamps[rows.upperBound - 1]
                let logged = log.winner(series: member.id, from: first, to: last)
                #expect(logged != nil, "series \(member.id), fold \(fold.layout.fold)")
                // The result names the same choice.
                #expect(many.series[s].result.choices?.first?.folds[fold.layout.fold - 1] == logged)
            }
        }
        let last = collection.members[0].series.timestamps[many.series[0].result.folds[1].layout.trainingRows.upperBound - 1]
        let first = collection.members[0].series.timestamps[0]
        #expect(log.winner(series: "a", from: first, to: last) == "seasonal-naive")
        // The random walk's own choice (drift here), not a's.
        #expect(log.winner(series: "b", from: first, to: last) == "drift")
    }

    /// Per-series ensembles in a collection forecast: each series' forecast is its own ensemble's.
    @Test func eachSeriesTrainsItsOwnEnsemble() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        let ensemble = EnsembleForecaster(network, size: 3, reduce: .median)
        let result = try CollectionForecast(horizon: 7, threads: 2).run(ensemble, on: collection)
        for (s, member) in collection.members.enumerated() {
            let alone = try ensemble.fitEnsemble(on: member.series, target: member.target, horizon: 7).forecast(after: member.series)
            #expect(result.forecasts[s].forecast.values.map(\.bitPattern) == alone.values.map(\.bitPattern))
        }
    }

    /// An ensemble of global networks: of one, the global network itself; of three, each series'
    /// step-by-step mean of three global networks trained with the ensemble's derived seeds.
    @Test func aGlobalEnsembleIsTheMeanOfGlobalNetworksOfDerivedSeeds() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        let global = GlobalRNNForecaster(network)
        let one = try CollectionForecast(horizon: 7).run(GlobalEnsembleForecaster(global, size: 1), on: collection)
        let plain = try CollectionForecast(horizon: 7).run(global, on: collection)
        #expect(one.forecasts.map { $0.forecast.values } == plain.forecasts.map { $0.forecast.values })
        let three = try CollectionForecast(horizon: 7).run(GlobalEnsembleForecaster(global, size: 3), on: collection)
        let members = try (0..<3).map { k -> FittedGlobalRNN in
            var member = global
            member.configuration.training.seed = EnsembleForecaster.memberSeed(network.training.seed, member: k)
            return try member.fit(collection.members, horizon: 7)
        }
        #expect(members[1].network.parameters != members[0].network.parameters)
        for (s, member) in collection.members.enumerated() {
            let forecasts = try members.map { try #require(try $0.member(member.id)).forecast(after: member.series) }
            #expect(three.forecasts[s].forecast.values == EnsembleReduce.mean.combine(forecasts).values, "series \(member.id)")
        }
    }

    /// Saved as one file (the other members in `ensemble/<k>`), each series forecasts its ensemble's
    /// values and its own intervals bit for bit after reloading.
    @Test func aSavedGlobalEnsembleForecastsBitForBit() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b"], features: [])
        let ensemble = GlobalEnsembleForecaster(GlobalRNNForecaster(network), size: 2, reduce: .median)
        let fitted = try ensemble.fit(collection.members, horizon: 7)
        let outcomes = CollectionForecast(horizon: 7, intervals: IntervalConfiguration(levels: [80], windows: 4))
            .calibrations(ensemble, on: collection)
        var calibrations: [String: ConformalCalibration] = [:]
        for (member, outcome) in zip(collection.members, outcomes) { calibrations[member.id] = try outcome.get() }
        let model = try SavedModel(globalEnsemble: fitted, reduce: .median, frequency: .regular(seconds: 86_400),
                                   calibrations: calibrations)
        #expect(model.ensemble?.size == 2)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try ModelFile.save(model, to: dir.file("m.h5"))
        let loaded = try ModelFile.load(dir.file("m.h5"))
        for member in collection.members {
            let expected = EnsembleReduce.median.combine(try fitted.map { try #require(try $0.member(member.id)).forecast(after: member.series) })
            let forecast = try #require(loaded.member(member.id)).forecast(after: member.series)
            #expect(forecast.values.map(\.bitPattern) == expected.values.map(\.bitPattern), "series \(member.id)")
            #expect(forecast.intervals.first?.upper == calibrations[member.id]?.applied(to: expected).intervals.first?.upper)
        }
    }
}
