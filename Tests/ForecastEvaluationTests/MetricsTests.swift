import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

@Suite struct MetricsTests {
    // actual y, predicted ŷ; ŷ − y = 1, −2, 1, 1; |y − ŷ| = 1, 2, 1, 1.
    let y: [Double] = [2, 4, 0, 5]
    let p: [Double] = [3, 2, 1, 6]

    @Test func maeRmseAndBiasMatchHandDerivedValues() {
        #expect(Metrics.meanAbsoluteError(actual: y, predicted: p) == 1.25)              // 5 / 4
        #expect(isClose(Metrics.rootMeanSquaredError(actual: y, predicted: p), (7.0 / 4).squareRoot(),
                        relative: Tolerance.double))                                     // √((1+4+1+1)/4)
        #expect(Metrics.meanError(actual: y, predicted: p) == 0.25)                      // (1−2+1+1)/4, over-forecast
    }

    @Test func meanErrorIsPositiveWhenTheForecastIsTooHigh() {
        #expect(Metrics.meanError(actual: [10, 10], predicted: [12, 13]) == 2.5)
        #expect(Metrics.meanError(actual: [10, 10], predicted: [8, 9]) == -1.5)
    }

    @Test func mapeLeavesOutZeroActualsAndCountsThem() {
        let mape = Metrics.meanAbsolutePercentageError(actual: y, predicted: p)
        // 100·1/2, 100·2/4, (y = 0 left out), 100·1/5 → (50 + 50 + 20) / 3
        #expect(isClose(mape.value, 40, relative: Tolerance.double))
        #expect(mape.zeroActualsLeftOut == 1)
        let allZero = Metrics.meanAbsolutePercentageError(actual: [0, 0], predicted: [1, 2])
        #expect(allZero.value.isNaN)
        #expect(allZero.zeroActualsLeftOut == 2)
    }

    @Test func smapeIsInPercentAndCountsBothZeroAsNoError() {
        // 200·1/5, 200·2/6, 200·1/1, 200·1/11
        let expected = (40 + 200.0 / 3 + 200 + 200.0 / 11) / 4
        #expect(isClose(Metrics.symmetricMeanAbsolutePercentageError(actual: y, predicted: p), expected,
                        relative: Tolerance.double))
        #expect(Metrics.symmetricMeanAbsolutePercentageError(actual: [0, 2], predicted: [0, 2]) == 0)
        #expect(Metrics.symmetricMeanAbsolutePercentageError(actual: [1], predicted: [-1]) == 200)
    }

    @Test func maseDividesByTheInSampleSeasonalNaiveError() {
        let insample: [Double] = [1, 3, 2, 6, 4]
        // season 2: |2−1|, |6−3|, |4−2| → mean 2
        #expect(Metrics.seasonalNaiveScale(insample: insample, season: 2) == 2)
        #expect(Metrics.meanAbsoluteScaledError(actual: y, predicted: p, insample: insample, season: 2) == 0.625)
        // season 1: 2, 1, 4, 2 → mean 9/4
        #expect(isClose(Metrics.meanAbsoluteScaledError(actual: y, predicted: p, insample: insample, season: 1),
                        1.25 / 2.25, relative: Tolerance.double))
        #expect(Metrics.seasonalNaiveScale(insample: [1, 2], season: 2).isNaN)
    }

    @Test func emptyInputGivesNaN() {
        #expect(Metrics.meanAbsoluteError(actual: [], predicted: []).isNaN)
        #expect(Metrics.rootMeanSquaredError(actual: [], predicted: []).isNaN)
        #expect(Metrics.symmetricMeanAbsolutePercentageError(actual: [], predicted: []).isNaN)
        #expect(Metrics.meanError(actual: [], predicted: []).isNaN)
    }

    // MARK: Reference values from utilsforecast (Fixtures/metrics.json)

    struct Fixture: Decodable {
        var generated_by: String
        var formulas: [String: String]
        var cases: [Case]
        struct Case: Decodable {
            var name: String
            var insample: [Double]
            var actual: [Double]
            var predicted: [Double]
            var season: Int
            var mae: Double
            var rmse: Double
            var mape: Double
            var smape: Double
            var mase: Double
            var mean_error: Double
        }
    }

    static func loadFixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "metrics", withExtension: "json",
                                                 subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func fixtureStatesTheSameConventionsAsOurs() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.generated_by.contains("utilsforecast"))
        // sMAPE in percent with 200·|y−ŷ|/(|y|+|ŷ|); MAPE in percent leaving zeros out; bias = ŷ − y.
        #expect(fixture.formulas["smape"]?.hasPrefix("mean(200 * |y - yhat| / (|y| + |yhat|)) in percent") == true)
        #expect(fixture.formulas["mape"]?.hasPrefix("100 * mean(|y - yhat| / |y|) over points with y != 0") == true)
        #expect(fixture.formulas["mean_error"]?.hasPrefix("mean(yhat - y)") == true)
        #expect(fixture.formulas["mase"]?.contains("|x_t - x_{t-season}|") == true)
    }

    @Test func metricsMatchUtilsforecast() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.cases.count >= 5)
        // The reference sums with numpy/pandas (pairwise summation), we sum left to right: the results
        // agree to a few ulps of the terms; 1e-12 relative, 1e-12 absolute for exact zeros.
        func close(_ a: Double, _ b: Double) -> Bool { isClose(a, b, relative: 1e-12, absolute: 1e-12) }
        for c in fixture.cases {
            let (y, p) = (c.actual, c.predicted)
            #expect(close(Metrics.meanAbsoluteError(actual: y, predicted: p), c.mae), "\(c.name) mae")
            #expect(close(Metrics.rootMeanSquaredError(actual: y, predicted: p), c.rmse), "\(c.name) rmse")
            #expect(close(Metrics.meanAbsolutePercentageError(actual: y, predicted: p).value, c.mape), "\(c.name) mape")
            #expect(close(Metrics.symmetricMeanAbsolutePercentageError(actual: y, predicted: p), c.smape),
                    "\(c.name) smape")
            #expect(close(Metrics.meanAbsoluteScaledError(actual: y, predicted: p, insample: c.insample,
                                                          season: c.season), c.mase), "\(c.name) mase")
            #expect(close(Metrics.meanError(actual: y, predicted: p), c.mean_error), "\(c.name) mean error")

            let all = MetricValues(actual: y, predicted: p, insample: c.insample, season: c.season)
            #expect(close(all.mae, c.mae) && close(all.rmse, c.rmse) && close(all.mape, c.mape)
                    && close(all.smape, c.smape) && close(all.mase, c.mase) && close(all.meanError, c.mean_error),
                    "\(c.name) through MetricValues")
            #expect(all.zeroActualsLeftOut == y.filter { $0 == 0 }.count)
        }
    }
}
