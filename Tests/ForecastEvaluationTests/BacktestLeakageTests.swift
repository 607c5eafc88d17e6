import ForecastCore
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
@testable import ForecastEvaluation

/// Runs a backtest on `series` and, for each fold, again on a copy whose every value after that
/// fold's origin is changed; returns the folds whose forecasts (and interval bounds) are not
/// bit-identical between the two runs. Empty means no forecast depended on a row after its origin.
///
/// Generic over any `Forecaster`: `makeForecaster` receives the series the backtest runs on (so a
/// deliberately leaky model can be built from it); models that do not need it ignore it. Add other
/// models (the RNN) by calling this with their factory.
func leakingFolds(_ makeForecaster: (TimeSeries) -> any Forecaster, series: TimeSeries, target: String,
                  configuration: BacktestConfiguration) throws -> [Int] {
    let backtest = Backtest(configuration)
    let base = try backtest.run([makeForecaster(series)], on: series, target: target)
    var leaking: [Int] = []
    for fold in base.folds {
        let changed = perturbed(series, after: fold.layout.originRow)
        let other = try backtest.run([makeForecaster(changed)], on: changed, target: target)
        let before = base.points.filter { $0.fold == fold.layout.fold }
        let after = other.points.filter { $0.fold == fold.layout.fold }
        // The change reaches the rows this fold is scored on, so a leak would show.
        #expect(zip(before, after).allSatisfy { $0.actual != $1.actual })
        func bits(_ points: [ForecastPoint]) -> [UInt64] {
            points.flatMap { [$0.prediction.bitPattern] + $0.lower.map(\.bitPattern) + $0.upper.map(\.bitPattern) }
        }
        if bits(before) != bits(after) {
            leaking.append(fold.layout.fold)
        }
    }
    return leaking
}

/// Forecasts by looking the answer up in a series it was given at construction: leaks on purpose.
struct OracleForecaster: Forecaster {
    let truth: TimeSeries
    var name: String { "oracle" }
    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        Fitted(truth: try truth.column(named: target).values, horizon: horizon)
    }
    struct Fitted: FittedForecaster {
        let truth: [Double]
        let horizon: Int
        func forecast(after history: TimeSeries) throws -> Forecast {
            Forecast(model: "oracle", target: "y", after: history, values: Array(truth[history.count..<(history.count + horizon)]))
        }
    }
}

@Suite struct BacktestLeakageTests {
    let series = dailySeries((0..<40).map { (t: Int) -> Double in
        let x = Double(t)
        return 5 + 2 * cos(x) + 0.1 * x
    })

    var configurations: [BacktestConfiguration] {
        var expanding = BacktestConfiguration()
        expanding.folds = 4
        expanding.horizon = 3
        var sliding = expanding
        sliding.trainWindow = 12
        sliding.refit = .once
        var gapped = expanding
        gapped.gap = 2
        gapped.step = 2
        gapped.refit = .every(folds: 2)
        return [expanding, sliding, gapped]
    }

    @Test(arguments: BaselineKind.allCases)
    func backtestNeverShowsTheModelRowsAfterTheOrigin(kind: BaselineKind) throws {
        for configuration in configurations {
            #expect(try leakingFolds({ _ in kind.makeForecaster(window: 5) }, series: series, target: "y",
                                     configuration: configuration) == [])
        }
    }

    /// The recurrent networks too: scalers, windows, early stopping and the forecast input all come from
    /// the rows up to each origin, so every fold's forecasts are bit-identical after the future changes.
    @Test(arguments: CellKind.allCases)
    func recurrentNetworksNeverSeeRowsAfterTheOrigin(cell: CellKind) throws {
        var network = RNNForecasterConfiguration()
        network.cell = cell
        network.units = [3]
        network.lookback = 4
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        for anchor in [nil, WindowAnchor.last] {
            network.anchor = anchor
            for configuration in configurations {
                #expect(try leakingFolds({ _ in RNNForecaster(network) }, series: series, target: "y",
                                         configuration: configuration) == [])
            }
        }
    }

    /// `auto` chooses inside every fold from that fold's training rows only: its inner backtest, every
    /// candidate (baselines, networks with anchors and calendar) and the final fit (a seed ensemble
    /// when a network wins) see nothing after the origin, so the forecasts stay bit-identical when the
    /// future changes.
    @Test func autoChoosesInsideEveryFoldFromItsTrainingRowsOnly() throws {
        var network = RNNForecasterConfiguration()
        network.lookback = 4
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        var catalog = ModelCatalog(network: network)
        catalog.auto.budget = .fits(16)
        catalog.auto.sizes = [[3]]
        catalog.auto.ensembleSize = 2
        catalog.auto.threads = 2
        let auto = try catalog.forecaster(named: "auto")
        for configuration in [configurations[0], configurations[2]] {
            #expect(try leakingFolds({ _ in auto }, series: series, target: "y", configuration: configuration) == [])
        }
        // The search reached the networks and the variants.
        let record = try (auto as! AutoForecaster).select(on: series.rows(0..<28), target: "y", horizon: 3).1
        #expect(record.candidates.contains { $0.kind == "network" && $0.score != nil })
        #expect(record.candidates.contains { $0.name.contains("+calendar") && $0.score != nil })
    }

    /// Every target transform and the calendar inputs: parameters (Box–Cox λ, non-negativity) come
    /// from the rows up to the origin, calendar values from timestamps alone.
    @Test(arguments: [TargetTransform.log, .log1p, .boxCox(lambda: nil), .difference, .seasonalDifference(season: 7)])
    func transformsAndCalendarInputsNeverSeeRowsAfterTheOrigin(transform: TargetTransform) throws {
        var network = RNNForecasterConfiguration()
        network.units = [3]
        network.lookback = 4
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        network.transform = transform
        network.calendar = [.weekday, .holiday]
        // Levels high enough that the perturbed future stays inside every transform's domain.
        let positive = dailySeries((0..<40).map { 10_000 + 100 * cos(Double($0)) + Double($0) })
        #expect(try leakingFolds({ _ in RNNForecaster(network) }, series: positive, target: "y",
                                 configuration: configurations[0]) == [], "\(transform.description)")
    }

    /// The seasonal anchor reads the values one season before each forecast step, all inside the window.
    @Test func theSeasonalAnchorNeverSeesRowsAfterTheOrigin() throws {
        var network = RNNForecasterConfiguration()
        network.units = [3]
        network.lookback = 8
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        network.anchor = .season
        network.season = 7
        #expect(try leakingFolds({ _ in RNNForecaster(network) }, series: series, target: "y",
                                 configuration: configurations[0]) == [])
    }

    /// Conformal intervals: each fold's calibration windows, shared with earlier folds or not, lie
    /// inside its training rows, so the bounds do not move when the future changes.
    @Test(arguments: BaselineKind.allCases)
    func intervalsNeverSeeRowsAfterTheOrigin(kind: BaselineKind) throws {
        for var configuration in [configurations[0], configurations[2]] {   // the sliding window holds too few windows
            configuration.intervals = IntervalConfiguration(levels: [50, 70], windows: 3)
            #expect(try leakingFolds({ _ in kind.makeForecaster(window: 5) }, series: series, target: "y",
                                     configuration: configuration) == [])
        }
    }

    /// Known-future covariates: at each origin the model is handed the covariate's values in the rows
    /// it forecasts (known then), never the target's. Editing the target after each origin, and the
    /// covariate beyond the fold's forecast rows, leaves every forecast bit-identical; editing the
    /// covariate inside them changes the forecasts (it is read).
    @Test func futureFeaturesSeeTheirOwnValuesAheadButNeverTheTarget() throws {
        var network = RNNForecasterConfiguration()
        network.units = [3]
        network.lookback = 4
        network.validationFraction = 0.2
        network.training.epochs = 2
        network.training.batchSize = 8
        network.futureFeatures = ["event"]
        network.calendar = [.weekday]
        var series = self.series
        series.columns.append(Column(name: "event", values: (0..<40).map { $0 % 5 == 0 ? 1 : 0 }))
        for configuration in [configurations[0], configurations[2]] {
            let backtest = Backtest(configuration)
            let base = try backtest.run([RNNForecaster(network)], on: series, target: "y")
            for fold in base.folds {
                let before = base.points.filter { $0.fold == fold.layout.fold }.map(\.prediction.bitPattern)
                var edited = series, inside = series
                for r in (fold.layout.originRow + 1)..<series.count { edited.columns[0].values[r] = -1000 - 7 * Double(r) }
                for r in fold.layout.forecastRows.upperBound..<series.count { edited.columns[1].values[r] = 5 + Double(r) }
                for r in fold.layout.forecastRows { inside.columns[1].values[r] = 1 - inside.columns[1].values[r] }
                let after = try backtest.run([RNNForecaster(network)], on: edited, target: "y").points
                    .filter { $0.fold == fold.layout.fold }.map(\.prediction.bitPattern)
                #expect(after == before, "fold \(fold.layout.fold)")
                let read = try backtest.run([RNNForecaster(network)], on: inside, target: "y").points
                    .filter { $0.fold == fold.layout.fold }.map(\.prediction.bitPattern)
                #expect(read != before, "fold \(fold.layout.fold)")
            }
        }
    }

    @Test func leakageCheckCatchesAModelThatReadsTheFuture() throws {
        #expect(try leakingFolds({ OracleForecaster(truth: $0) }, series: series, target: "y",
                                 configuration: configurations[0]) == [1, 2, 3, 4])
    }
}
