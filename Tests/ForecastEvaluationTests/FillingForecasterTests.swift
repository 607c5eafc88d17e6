import ForecastCore
import Foundation
import ForecastPreprocessing
import Testing
@testable import ForecastEvaluation

@Suite struct FillingForecasterTests {
    @Test func naiveForecastOverAMissingLastValueUsesTheFilledValue() throws {
        let series = dailySeries([1, 2, 3, .nan])
        let filled = FillingForecaster(NaiveForecaster(), method: .forward)
        // Interpolation has no later value inside the history, so it carries the last one forward too.
        #expect(try filled.fit(on: series, target: "y", horizon: 2).forecast(after: series).values == [3, 3])
        #expect(throws: (any Error).self) { try NaiveForecaster().fit(on: series, target: "y", horizon: 2).forecast(after: series) }
    }

    @Test func fillingNeverReadsRowsAfterTheOrigin() throws {
        var values = (0..<40).map { 5 + 2 * cos(Double($0)) }
        for i in stride(from: 3, to: 40, by: 6) { values[i] = .nan }
        var configuration = BacktestConfiguration()
        configuration.folds = 4
        configuration.horizon = 3
        for kind in BaselineKind.allCases {
            #expect(try leakingFolds({ _ in FillingForecaster(kind.makeForecaster(window: 5), method: .interpolate) },
                                     series: dailySeries(values), target: "y", configuration: configuration) == [])
        }
    }

    @Test func maseScaleLeavesOutPairsWithAMissingValue() {
        // Pairs one step apart: |2-1| and |4-3|; the pairs touching NaN are left out.
        #expect(Metrics.seasonalNaiveScale(insample: [1, 2, .nan, 3, 4], season: 1) == 1)
        #expect(Metrics.seasonalNaiveScale(insample: [.nan, .nan, .nan], season: 1).isNaN)
    }
}
