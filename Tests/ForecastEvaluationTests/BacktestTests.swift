import Foundation
import ForecastCore
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// Reports what it was given: each forecast value is fitRows·10⁶ + historyRows·10³ + fitHorizon.
struct ProbeForecaster: Forecaster {
    var name = "probe"
    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        Fitted(fitRows: history.count, horizon: horizon)
    }
    struct Fitted: FittedForecaster {
        let fitRows: Int
        let horizon: Int
        func forecast(after history: TimeSeries) throws -> Forecast {
            Forecast(model: "probe", target: "y", after: history,
                     values: Array(repeating: Double(fitRows * 1_000_000 + history.count * 1_000 + horizon), count: horizon))
        }
    }
}

/// Thread-safe list of progress reports.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [BacktestProgress] = []
    func append(_ p: BacktestProgress) { lock.lock(); reports.append(p); lock.unlock() }
    var all: [BacktestProgress] { lock.lock(); defer { lock.unlock() }; return reports }
}

@Suite struct BacktestTests {
    /// y = t on 20 daily rows: every forecast error can be written down by hand.
    let line = dailySeries((0..<20).map(Double.init))

    func configuration(folds: Int, horizon: Int, refit: RefitPolicy = .everyFold, gap: Int = 0,
                       trainWindow: Int? = nil, threads: Int = 1) -> BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = folds
        c.horizon = horizon
        c.refit = refit
        c.gap = gap
        c.trainWindow = trainWindow
        c.threads = threads
        return c
    }

    @Test func baselinesOnALineMatchHandDerivedErrors() throws {
        // K = 3, h = 2: origins 13, 15, 17; actuals o + 1, o + 2.
        let result = try Backtest(configuration(folds: 3, horizon: 2))
            .run([NaiveForecaster(), DriftForecaster(), HistoricalMeanForecaster()], on: line, target: "y")
        #expect(result.models == ["naive", "drift", "mean"])
        #expect(result.season == 7)                           // daily
        #expect(result.points.count == 3 * 3 * 2)
        let first = result.points[0]
        #expect(first == ForecastPoint(model: "naive", fold: 1, origin: Timestamp(year: 2020, month: 1, day: 14),
                                       target: Timestamp(year: 2020, month: 1, day: 15), step: 1,
                                       actual: 14, prediction: 13))
        #expect(result.points(of: "naive").map(\.prediction) == [13, 13, 15, 15, 17, 17])
        #expect(result.points(of: "drift").map(\.prediction) == [14, 15, 16, 17, 18, 19])   // slope o/o = 1
        #expect(result.points(of: "mean").map(\.prediction) == [6.5, 6.5, 7.5, 7.5, 8.5, 8.5])

        // naive errors are −1, −2 in every fold; the scale |t − (t − 7)| is 7.
        let naiveFold1 = result.foldMetrics[0]
        #expect(naiveFold1.model == "naive" && naiveFold1.fold == 1)
        #expect(naiveFold1.metrics.mae == 1.5)
        #expect(naiveFold1.metrics.rmse == 2.5.squareRoot())
        #expect(naiveFold1.metrics.meanError == -1.5)
        #expect(naiveFold1.metrics.mase == (1.0 / 7 + 2.0 / 7) / 2)
        #expect(isClose(naiveFold1.metrics.mape, (100.0 / 14 + 200.0 / 15) / 2, relative: Tolerance.double))
        #expect(result.folds.map(\.maseScale) == [7, 7, 7])
        #expect(result.stepMetrics.filter { $0.model == "naive" }.map(\.metrics.mae) == [1, 2])

        // mean: fold MAEs 8, 9, 10 → 9 overall
        #expect(result.foldMetrics.filter { $0.model == "mean" }.map(\.metrics.mae) == [8, 9, 10])
        let board = result.leaderboard
        #expect(board.rows.map(\.model) == ["naive", "drift", "mean"])
        #expect(board.rows[2].metrics.mae == 9)
        #expect(board.best(in: .mae) == ["drift"])
        #expect(board.best(in: .meanError) == ["drift"])
        #expect(board.rows[1].bestIn == Metric.allCases)
        #expect(result.warnings.isEmpty)
    }

    @Test func gapForecastsAfterTheGapFromAnEarlierOrigin() throws {
        // h = 2, g = 2: origins 11, 13, 15; forecast rows o + 3, o + 4.
        let result = try Backtest(configuration(folds: 3, horizon: 2, gap: 2))
            .run([NaiveForecaster(), ProbeForecaster()], on: line, target: "y")
        let naive = result.points(of: "naive")
        #expect(naive.map(\.prediction) == [11, 11, 13, 13, 15, 15])
        #expect(naive.map(\.actual) == [14, 15, 16, 17, 18, 19])
        #expect(naive.map(\.step) == [1, 2, 1, 2, 1, 2])
        #expect(naive[0].origin == Timestamp(year: 2020, month: 1, day: 12))
        #expect(naive[0].target == Timestamp(year: 2020, month: 1, day: 15))
        // fitted with horizon h + g = 4 on the 12 rows up to the origin
        #expect(result.points(of: "probe")[0].prediction == 12_012_004)
    }

    @Test func foldsWithoutRefitReuseTheModelOnALongerHistory() throws {
        // K = 4, h = 2, refit every 2: origins 11, 13, 15, 17; fitted at folds 1 and 3.
        let result = try Backtest(configuration(folds: 4, horizon: 2, refit: .every(folds: 2)))
            .run([ProbeForecaster(), HistoricalMeanForecaster()], on: line, target: "y")
        #expect(result.points(of: "probe").map(\.prediction).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            == [12_012_002, 12_014_002, 16_016_002, 16_018_002])
        // the mean is a fitted parameter: 5.5 (rows 0…11) for folds 1–2, 7.5 (rows 0…15) for folds 3–4
        #expect(result.points(of: "mean").map(\.prediction) == [5.5, 5.5, 5.5, 5.5, 7.5, 7.5, 7.5, 7.5])
        let once = try Backtest(configuration(folds: 3, horizon: 2, refit: .once, trainWindow: 8))
            .run([ProbeForecaster()], on: line, target: "y")
        #expect(once.points.map(\.prediction).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            == [8_008_002, 8_010_002, 8_012_002])   // windows 6…13; history 6…13, 6…15, 6…17
    }

    @Test func progressCountsEveryModelAndFold() throws {
        let log = ProgressLog()
        _ = try Backtest(configuration(folds: 3, horizon: 2, refit: .every(folds: 2)))
            .run([NaiveForecaster(), DriftForecaster()], on: line, target: "y") { log.append($0) }
        #expect(log.all.map(\.completed) == Array(1...6))
        #expect(log.all.allSatisfy { $0.total == 6 && $0.elapsedSeconds >= 0 })
        #expect(log.all.last?.estimatedSecondsLeft == 0)
    }

    @Test func seasonLongerThanTheTrainingPartIsReported() {
        // 10 daily rows, K = 2, h = 2: fold 1 trains on rows 0…5; season 7 needs 8.
        let short = dailySeries((0..<10).map(Double.init))
        do {
            _ = try Backtest(configuration(folds: 2, horizon: 2)).run([NaiveForecaster()], on: short, target: "y")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--season 7 (inferred from the daily frequency): fold 1 trains on 6 rows, but MASE and seasonal-naive need more than one season (at least 8 rows); lower --season, or use --folds 1 or fewer")
        }
        var sliding = configuration(folds: 2, horizon: 2, trainWindow: 3)
        sliding.season = 3
        do {
            _ = try Backtest(sliding).run([NaiveForecaster()], on: short, target: "y")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--season 3: fold 1 trains on 3 rows, but MASE and seasonal-naive need more than one season (at least 4 rows); lower --season or raise --train-window above 3")
        }
    }

    @Test func modelErrorsNameTheModelAndFold() {
        do {
            _ = try Backtest(configuration(folds: 3, horizon: 2))
                .run([NaiveForecaster(), MovingAverageForecaster(window: 15)], on: line, target: "y")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "model moving-average, fold 1 (origin 2020-01-14): moving-average: the history has 14 rows, but a window of 15 values needs at least 15; use a longer training part (fewer --folds, or a larger --train-window)")
        }
        #expect(throws: BacktestError.duplicateModelName("naive")) {
            try Backtest(configuration(folds: 1, horizon: 1)).run([NaiveForecaster(), NaiveForecaster()], on: line, target: "y")
        }
        #expect(throws: BacktestError.noModels) {
            try Backtest(configuration(folds: 1, horizon: 1)).run([], on: line, target: "y")
        }
        #expect(throws: TimeSeriesError.self) {
            try Backtest(configuration(folds: 1, horizon: 1)).run([NaiveForecaster()], on: line, target: "temp")
        }
    }

    @Test func zeroAndMissingActualsAreWarnedAbout() throws {
        var values = (0..<20).map { Double($0 % 5) }          // zeros at rows 15, … 
        values[19] = .nan
        let result = try Backtest(configuration(folds: 2, horizon: 3))
            .run([NaiveForecaster()], on: dailySeries(values), target: "y")
        // forecast rows 14…16 and 17…19: actuals 4, 0, 1 and 2, 3, NaN
        let overall = result.leaderboard.rows[0].metrics
        #expect(overall.count == 5)
        #expect(overall.zeroActualsLeftOut == 1)
        #expect(overall.missingActualsLeftOut == 1)
        #expect(result.warnings == [
            "naive: 1 of 5 forecast points have an actual of 0 and are left out of MAPE; sMAPE, MAE and MASE include them",
            "naive: 1 forecast points have a missing actual in \"y\" and are left out of every metric",
        ])
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let values = (0..<60).map { (t: Int) -> Double in
            let x = Double(t)
            return 10 + 3 * sin(x * 2 * Double.pi / 7) + 0.05 * Double(t * t % 17)
        }
        let series = dailySeries(values)
        let models: [any Forecaster] = BaselineKind.allCases.map { $0.makeForecaster(window: 4) } + [ProbeForecaster()]
        for refit in [RefitPolicy.everyFold, .every(folds: 2), .once] {
            let serial = try Backtest(configuration(folds: 6, horizon: 3, refit: refit))
                .run(models, on: series, target: "y")
            let log = ProgressLog()
            let parallel = try Backtest(configuration(folds: 6, horizon: 3, refit: refit, threads: 2))
                .run(models, on: series, target: "y") { log.append($0) }
            #expect(parallel.points == serial.points)
            #expect(parallel.foldMetrics == serial.foldMetrics)
            #expect(parallel.stepMetrics == serial.stepMetrics)
            #expect(parallel.leaderboard == serial.leaderboard)
            var withSerialConfiguration = parallel
            withSerialConfiguration.configuration.threads = 1
            #expect(withSerialConfiguration == serial)
            #expect(log.all.map(\.completed) == Array(1...36))
        }
    }

    @Test func resultEncodesAsJSON() throws {
        let result = try Backtest(configuration(folds: 2, horizon: 2)).run([NaiveForecaster()], on: line, target: "y")
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        #expect(try decoder.decode(BacktestResult.self, from: encoder.encode(result)) == result)
    }
}
