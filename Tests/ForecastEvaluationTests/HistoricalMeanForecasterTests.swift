import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct HistoricalMeanForecasterTests {
    let history = dailySeries([3, 5, 4, 8, 6, 10])

    @Test func forecastsTheMeanOfTheFittingHistory() throws {
        #expect(try HistoricalMeanForecaster().fit(on: history, target: "y", horizon: 2)
            .forecast(after: history).values == [6, 6])                 // 36 / 6
    }

    @Test func keepsTheFittedMeanAtLaterOrigins() throws {
        let fitted = try HistoricalMeanForecaster().fit(on: history.rows(0..<4), target: "y", horizon: 1)
        #expect(try fitted.forecast(after: history).values == [5])      // (3 + 5 + 4 + 8) / 4
    }

    @Test func reportsAMissingValue() {
        #expect(throws: BaselineError.missingValue(model: "mean", column: "y",
                                                   timestamp: Timestamp(year: 2020, month: 1, day: 2))) {
            try HistoricalMeanForecaster().fit(on: dailySeries([1, .nan, 3]), target: "y", horizon: 1)
        }
    }
}
