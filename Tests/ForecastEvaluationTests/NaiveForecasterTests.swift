import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct NaiveForecasterTests {
    let history = dailySeries([3, 5, 4, 8, 6, 10])

    @Test func repeatsTheLastValue() throws {
        let fitted = try NaiveForecaster().fit(on: history, target: "y", horizon: 3)
        #expect(try fitted.forecast(after: history).values == [10, 10, 10])
    }

    @Test func readsTheLastValueOfTheHistoryItForecastsAfter() throws {
        let fitted = try NaiveForecaster().fit(on: history.rows(0..<4), target: "y", horizon: 2)
        #expect(try fitted.forecast(after: history.rows(0..<4)).values == [8, 8])
        #expect(try fitted.forecast(after: history).values == [10, 10])
    }

    @Test func reportsEmptyHistoryMissingLastValueAndUnknownColumn() throws {
        #expect(throws: BaselineError.historyTooShort(model: "naive", rows: 0, needed: 1, reason: "the naive forecast")) {
            try NaiveForecaster().fit(on: history.rows(0..<0), target: "y", horizon: 1)
        }
        let gappy = dailySeries([1, 2, .nan])
        let fitted = try NaiveForecaster().fit(on: gappy, target: "y", horizon: 1)
        do {
            _ = try fitted.forecast(after: gappy)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "naive: column \"y\" is missing a value at 2020-01-03 that the forecast reads; fill missing values before forecasting")
        }
        #expect(throws: TimeSeriesError.self) { try NaiveForecaster().fit(on: history, target: "z", horizon: 1) }
    }
}
