import ForecastCore
import Testing
@testable import ForecastEvaluation

@Suite struct BaselineKindTests {
    @Test func namesBuildForecastersOfTheSameName() throws {
        #expect(BaselineKind.allCases.map(\.rawValue) == ["naive", "seasonal-naive", "drift", "mean", "moving-average"])
        for kind in BaselineKind.allCases {
            #expect(try BaselineKind(name: kind.rawValue).makeForecaster().name == kind.rawValue)
        }
    }

    @Test func unknownNameListsTheValidOnes() {
        do {
            _ = try BaselineKind(name: "arima")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--models arima: unknown model; expected one of naive, seasonal-naive, drift, mean, moving-average")
        }
    }

    @Test func parametersReachTheForecaster() throws {
        let history = dailySeries([1, 2, 3, 4])
        let ma = BaselineKind.movingAverage.makeForecaster(window: 2)
        #expect(try ma.fit(on: history, target: "y", horizon: 1).forecast(after: history).values == [3.5])
        let sn = BaselineKind.seasonalNaive.makeForecaster(season: 3)
        #expect(try sn.fit(on: history, target: "y", horizon: 2).forecast(after: history).values == [2, 3])
    }
}
