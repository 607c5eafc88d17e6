import ForecastCore
import Foundation
import Testing
@testable import ForecastEvaluation

/// A backtest with ``BacktestConfiguration/intervals`` shares calibration fits between folds; the
/// intervals must be exactly those of calibrating each fold on its own (``ConformalForecaster``),
/// and the fits it saves must really not run.
@Suite struct BacktestIntervalsTests {
    let series = dailySeries((0..<90).map { (t: Int) -> Double in
        let wave: Double = 3 * sin(Double(t) / 3)
        let noise: Double = Double((t * 37) % 11) / 4
        return 20 + wave + noise
    })

    /// Counts the fits of the forecaster it wraps.
    final class FitCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
        var fits: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    struct Counting: Forecaster {
        var base: any Forecaster
        let counter: FitCounter
        var name: String { base.name }
        func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
            counter.increment()
            return try base.fit(on: history, target: target, horizon: horizon)
        }
    }

    static let layouts: [String] = ["expanding", "sliding", "gap", "refit-every-3", "step-1", "asymmetric", "threads"]

    func configuration(_ name: String) -> BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = 8
        c.horizon = 3
        c.season = 3
        c.intervals = IntervalConfiguration(levels: [50, 80], windows: 5)
        switch name {
        case "sliding": c.trainWindow = 40
        case "gap": c.gap = 2
        case "refit-every-3": c.refit = .every(folds: 3)
        case "step-1": c.step = 1
        case "asymmetric": c.intervals = IntervalConfiguration(levels: [60, 80], method: .asymmetric, windows: 9)
        case "threads": c.threads = 3
        default: break
        }
        return c
    }

    @Test(arguments: layouts)
    func sharedCalibrationGivesTheIntervalsOfCalibratingEachFoldOnItsOwn(layout: String) throws {
        let shared = configuration(layout)
        let intervals = try #require(shared.intervals)
        var plain = shared
        plain.intervals = nil
        let models: [any Forecaster] = [NaiveForecaster(), DriftForecaster(), MovingAverageForecaster(window: 4)]
        let reference = try Backtest(plain).run(models.map {
            ConformalForecaster($0, levels: intervals.levels, method: intervals.method, windows: intervals.windows, season: shared.season)
        }, on: series, target: "y")
        let result = try Backtest(shared).run(models, on: series, target: "y")
        #expect(result.levels == intervals.levels)
        #expect(result.points == reference.points)
        #expect(result.points.allSatisfy { (p: ForecastPoint) in p.lower.count == 2 && p.lower.allSatisfy { $0.isFinite } })
        #expect(result.intervalMetrics == reference.intervalMetrics)
    }

    /// Expanding window, folds one horizon apart: fold k's windows are folds k − 1, k − 2, … and the
    /// windows of fold 1, so K folds with n windows each take K + n fits per model, not K·(n + 1).
    @Test func expandingFoldsOneHorizonApartFitEachCalibrationWindowOnce() throws {
        let c = configuration("expanding")
        let counter = FitCounter()
        let result = try Backtest(c).run([Counting(base: NaiveForecaster(), counter: counter)], on: series, target: "y")
        #expect(counter.fits == 8 + 5)
        #expect(result.calibrationWindows == 8 * 5)
        #expect(result.calibrationFits == 5)
    }

    /// With a sliding training window no calibration window (expanding inside the fold's rows) starts
    /// where another fold's does, so nothing is shared: every window is a fit.
    @Test func slidingWindowsShareNoCalibrationFits() throws {
        let c = configuration("sliding")
        let counter = FitCounter()
        let result = try Backtest(c).run([Counting(base: NaiveForecaster(), counter: counter)], on: series, target: "y")
        #expect(result.calibrationFits == 8 * 5)
        #expect(counter.fits == 8 + 8 * 5)
    }

    /// Only refitting folds calibrate; the folds that reuse a model reuse its calibration.
    @Test func foldsThatReuseAModelReuseItsCalibration() throws {
        let c = configuration("refit-every-3")   // folds 1, 4, 7 refit
        let result = try Backtest(c).run([NaiveForecaster()], on: series, target: "y")
        #expect(result.calibrationWindows == 3 * 5)
        var widths: [Int: Double] = [:]
        for p in result.points where p.step == 1 { widths[p.fold] = p.upper[1] - p.lower[1] }
        #expect(widths[1] == widths[2] && widths[2] == widths[3])
        #expect(widths[4] == widths[5] && widths[5] == widths[6])
    }

    @Test func aLevelNeedingMoreWindowsThanTheFirstFoldHoldsNamesTheFold() throws {
        var c = configuration("expanding")
        c.intervals = IntervalConfiguration(levels: [95], windows: 25)   // fold 1 trains on 66 rows: 20 windows of 3 fit
        #expect {
            try Backtest(c).run([NaiveForecaster()], on: series, target: "y")
        } throws: { error in
            guard case let BacktestError.modelFailed(model, fold, _, message) = error else { return false }
            return model == "naive" && fold == 1 && message.contains("25 calibration windows")
        }
    }
}
