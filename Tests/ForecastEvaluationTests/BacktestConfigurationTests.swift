import Testing
@testable import ForecastEvaluation

/// Fold layouts on a 20-row series (rows 0…19), derived by hand from the rules in `Backtest`'s doc:
/// last forecast row e_k = 19 − (K − k)·s, origin o_k = e_k − h − g.
@Suite struct BacktestConfigurationTests {
    func configuration(folds: Int, horizon: Int, step: Int? = nil, trainWindow: Int? = nil,
                       refit: RefitPolicy = .everyFold, gap: Int = 0) -> BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = folds
        c.horizon = horizon
        c.step = step
        c.trainWindow = trainWindow
        c.refit = refit
        c.gap = gap
        return c
    }

    @Test func expandingFoldsTileTheEndOfTheSeries() throws {
        let folds = try configuration(folds: 3, horizon: 2).layout(rowCount: 20)
        #expect(folds.map(\.fold) == [1, 2, 3])
        #expect(folds.map(\.forecastRows) == [14..<16, 16..<18, 18..<20])
        #expect(folds.map(\.originRow) == [13, 15, 17])
        #expect(folds.map(\.trainingRows) == [0..<14, 0..<16, 0..<18])
        #expect(folds.map(\.historyRows) == [0..<14, 0..<16, 0..<18])
        #expect(folds.allSatisfy { $0.refits })
    }

    @Test func stepSpacesOriginsAndMayOverlapForecasts() throws {
        // h = 4, s = 3: e = 13, 16, 19
        let folds = try configuration(folds: 3, horizon: 4, step: 3).layout(rowCount: 20)
        #expect(folds.map(\.forecastRows) == [10..<14, 13..<17, 16..<20])
        #expect(folds.map(\.originRow) == [9, 12, 15])
        // s = 1: e = 17, 18, 19
        let daily = try configuration(folds: 3, horizon: 2, step: 1).layout(rowCount: 20)
        #expect(daily.map(\.originRow) == [15, 16, 17])
    }

    @Test func slidingWindowKeepsTheLastNRowsBeforeTheOrigin() throws {
        let folds = try configuration(folds: 3, horizon: 4, step: 3, trainWindow: 5).layout(rowCount: 20)
        #expect(folds.map(\.trainingRows) == [5..<10, 8..<13, 11..<16])
    }

    @Test func gapSeparatesTheOriginFromTheFirstForecastRow() throws {
        // h = 2, g = 2: forecast rows unchanged, origins 2 rows earlier
        let folds = try configuration(folds: 3, horizon: 2, gap: 2).layout(rowCount: 20)
        #expect(folds.map(\.forecastRows) == [14..<16, 16..<18, 18..<20])
        #expect(folds.map(\.originRow) == [11, 13, 15])
        #expect(folds.map(\.trainingRows) == [0..<12, 0..<14, 0..<16])
    }

    @Test func refitEveryKFoldsReusesTheModelBetweenRefits() throws {
        // K = 4, h = 2: origins 11, 13, 15, 17; refit at folds 1 and 3
        let folds = try configuration(folds: 4, horizon: 2, refit: .every(folds: 2)).layout(rowCount: 20)
        #expect(folds.map(\.originRow) == [11, 13, 15, 17])
        #expect(folds.map(\.fittedAtFold) == [1, 1, 3, 3])
        #expect(folds.map(\.historyRows) == [0..<12, 0..<14, 0..<16, 0..<18])
    }

    @Test func refitOnceWithSlidingWindowExtendsTheFirstWindow() throws {
        let folds = try configuration(folds: 3, horizon: 2, trainWindow: 5, refit: .once).layout(rowCount: 20)
        #expect(folds.map(\.trainingRows) == [9..<14, 11..<16, 13..<18])
        #expect(folds.map(\.fittedAtFold) == [1, 1, 1])
        #expect(folds.map(\.historyRows) == [9..<14, 9..<16, 9..<18])
    }

    @Test func tooManyFoldsSaysHowManyFit() throws {
        // h = s = 2: o_1 = 19 − 2(K − 1) − 2 ≥ 0 → K ≤ 9
        #expect(try configuration(folds: 9, horizon: 2).layout(rowCount: 20)[0].trainingRows == 0..<2)
        #expect(configuration(folds: 10, horizon: 2).foldsThatFit(rowCount: 20) == 9)
        do {
            _ = try configuration(folds: 10, horizon: 2).layout(rowCount: 20)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--folds 10: the series has 20 rows, which hold at most 9 folds of --horizon 2 every --step 2 after at least 1 training row; use --folds 9 or fewer, or lower --step or --horizon")
        }
        do {
            _ = try configuration(folds: 1, horizon: 19, gap: 1).layout(rowCount: 20)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--folds 1: the series has 20 rows, which hold no fold of --horizon 19 every --step 19, --gap 1 after at least 1 training row; lower --horizon, --gap or --train-window, or use a longer series")
        }
    }

    @Test func validateNamesTheOption() {
        let cases: [(BacktestConfiguration, String)] = [
            (configuration(folds: 0, horizon: 1), "--folds 0: expected at least 1 fold"),
            (configuration(folds: 1, horizon: 0), "--horizon 0: expected a horizon of at least 1 step"),
            (configuration(folds: 1, horizon: 1, step: 0), "--step 0: expected at least 1 row between origins"),
            (configuration(folds: 1, horizon: 1, trainWindow: 0), "--train-window 0: expected at least 1 training row"),
            (configuration(folds: 1, horizon: 1, gap: -1), "--gap -1: expected a gap of 0 or more rows"),
        ]
        for (c, message) in cases {
            do {
                try c.validate()
                Issue.record("expected \(message)")
            } catch {
                #expect("\(error)" == message)
            }
        }
        var threads = BacktestConfiguration()
        threads.threads = 0
        #expect(throws: BacktestError.invalidOption("--threads", value: "0", expected: "at least 1 thread")) {
            try threads.validate()
        }
        #expect(throws: Never.self) { try BacktestConfiguration().validate() }
    }
}
