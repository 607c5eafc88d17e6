import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct SeasonalNaiveForecasterTests {
    @Test func repeatsTheLastSeason() throws {
        let history = dailySeries([3, 5, 4, 8, 6, 10])
        let fitted = try SeasonalNaiveForecaster(season: 4).fit(on: history, target: "y", horizon: 6)
        // last season: 4, 8, 6, 10; steps 5 and 6 wrap around to 4, 8
        #expect(try fitted.forecast(after: history).values == [4, 8, 6, 10, 4, 8])
    }

    @Test func seasonOneIsNaive() throws {
        let history = dailySeries([3, 5, 4])
        #expect(try SeasonalNaiveForecaster(season: 1).fit(on: history, target: "y", horizon: 2)
            .forecast(after: history).values == [4, 4])
    }

    @Test func infersTheSeasonFromADailyFrequency() throws {
        let values = (0..<10).map { Double($0 * $0) }          // 0, 1, 4, …, 81
        let history = dailySeries(values)
        let fitted = try SeasonalNaiveForecaster().fit(on: history, target: "y", horizon: 8)
        // daily → season 7: rows 3…9 = 9, 16, 25, 36, 49, 64, 81, then 9 again
        #expect(try fitted.forecast(after: history).values == [9, 16, 25, 36, 49, 64, 81, 9])
    }

    @Test func reportsASeasonLongerThanTheHistory() {
        let history = dailySeries([1, 2, 3])
        #expect(throws: BaselineError.historyTooShort(model: "seasonal-naive", rows: 3, needed: 7,
                                                      reason: "one season of 7 steps")) {
            try SeasonalNaiveForecaster().fit(on: history, target: "y", horizon: 1)
        }
        #expect(throws: BaselineError.invalidParameter(model: "seasonal-naive", option: "--season", value: 0,
                                                       expected: "a season of at least 1 step")) {
            try SeasonalNaiveForecaster(season: 0).fit(on: history, target: "y", horizon: 1)
        }
    }
}
