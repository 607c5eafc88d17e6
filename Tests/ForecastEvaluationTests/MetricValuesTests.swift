import Testing
@testable import ForecastEvaluation

@Suite struct MetricValuesTests {
    @Test func missingActualsAreLeftOutOfEveryMetricAndCounted() {
        let values = MetricValues(actual: [2, .nan, 4], predicted: [3, 100, 2], scales: [1, 1, 2])
        #expect(values.count == 2)
        #expect(values.missingActualsLeftOut == 1)
        #expect(values.mae == 1.5)               // (1 + 2) / 2
        #expect(values.meanError == -0.5)        // (1 − 2) / 2
        #expect(values.mase == 1)                // (1/1 + 2/2) / 2
    }

    @Test func maseScalesEachPointByItsOwnFold() {
        // Two folds with scales 2 and 4: errors 2 and 2 → (2/2 + 2/4) / 2 = 0.75
        let values = MetricValues(actual: [0, 0], predicted: [2, -2], scales: [2, 4])
        #expect(values.mase == 0.75)
        #expect(values.zeroActualsLeftOut == 2)
        #expect(values.mape.isNaN)
    }

    @Test func equalityTreatsNaNAsEqual() {
        let a = MetricValues(actual: [0], predicted: [1], scales: [1])
        #expect(a.mape.isNaN)
        #expect(a == MetricValues(actual: [0], predicted: [1], scales: [1]))
        #expect(a != MetricValues(actual: [0], predicted: [2], scales: [1]))
    }
}
