import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct MovingAverageForecasterTests {
    let history = dailySeries([3, 5, 4, 8, 6, 10])

    @Test func forecastsTheMeanOfTheLastWindowFlat() throws {
        #expect(try MovingAverageForecaster(window: 3).fit(on: history, target: "y", horizon: 3)
            .forecast(after: history).values == [8, 8, 8])              // (8 + 6 + 10) / 3
        #expect(try MovingAverageForecaster(window: 6).fit(on: history, target: "y", horizon: 1)
            .forecast(after: history).values == [6])
    }

    @Test func averagesTheLastWindowOfTheHistoryItForecastsAfter() throws {
        let fitted = try MovingAverageForecaster(window: 2).fit(on: history.rows(0..<3), target: "y", horizon: 1)
        #expect(try fitted.forecast(after: history.rows(0..<3)).values == [4.5])
        #expect(try fitted.forecast(after: history).values == [8])
    }

    @Test func reportsABadWindow() {
        #expect(throws: BaselineError.invalidParameter(model: "moving-average", option: "--window", value: 0,
                                                       expected: "a window of at least 1 value")) {
            try MovingAverageForecaster(window: 0).fit(on: history, target: "y", horizon: 1)
        }
        #expect(throws: BaselineError.historyTooShort(model: "moving-average", rows: 6, needed: 7,
                                                      reason: "a window of 7 values")) {
            try MovingAverageForecaster().fit(on: history, target: "y", horizon: 1)
        }
    }
}
