import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct DriftForecasterTests {
    let history = dailySeries([3, 5, 4, 8, 6, 10])

    @Test func extrapolatesTheLineFromFirstToLastValue() throws {
        // slope (10 − 3) / 5 = 1.4
        let forecast = try DriftForecaster().fit(on: history, target: "y", horizon: 3).forecast(after: history).values
        #expect(zip(forecast, [11.4, 12.8, 14.2]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func keepsTheFittedSlopeAndStartsAtTheLatestValue() throws {
        // fitted on 3, 5, 4, 8: slope 5/3; forecast after the 6 rows starts at 10
        let fitted = try DriftForecaster().fit(on: history.rows(0..<4), target: "y", horizon: 2)
        #expect(try fitted.forecast(after: history).values == [10 + 5.0 / 3, 10 + 2 * (5.0 / 3)])
    }

    @Test func needsTwoRows() {
        #expect(throws: BaselineError.self) { try DriftForecaster().fit(on: history.rows(0..<1), target: "y", horizon: 1) }
    }
}
