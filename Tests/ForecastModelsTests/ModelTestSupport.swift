import ForecastCore
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import _ForecastTestSupport

/// Path of a file in this target's Fixtures directory (written by
/// Scripts/reference/make_keras_model_fixtures.py).
func fixturePath(_ name: String) -> String {
    Bundle.module.resourcePath! + "/Fixtures/" + name
}

/// A small hourly series: a daily sine with trend (`y`) and a second column (`x2`).
func hourlySeries(rows: Int = 120) -> TimeSeries {
    let t = (0..<rows).map(Double.init)
    return TimeSeries(timeColumnName: "time",
                      timestamps: t.map { Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64($0) * 3600) },
                      columns: [Column(name: "y", values: t.map { 10 + 3 * sin(2 * .pi * $0 / 24) + 0.02 * $0 }),
                                Column(name: "x2", values: t.map { cos(2 * .pi * $0 / 24) + 0.1 * sin($0) })])
}

/// A tiny model trained by RNNForecaster (a few epochs, so tests stay fast in debug).
func trainTinyModel(cell: CellKind = .gru, units: [Int] = [4, 3], horizon: Int = 3,
                    gruResetAfter: Bool = true) throws -> (FittedRNN, TimeSeries) {
    var configuration = RNNForecasterConfiguration()
    configuration.cell = cell
    configuration.gruResetAfter = gruResetAfter
    configuration.units = units
    configuration.lookback = 6
    configuration.features = ["x2"]
    configuration.training.epochs = 2
    configuration.training.batchSize = 16
    configuration.training.seed = 7
    let series = hourlySeries()
    return (try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: horizon), series)
}

/// The expected outputs of the Keras fixtures.
struct KerasFixtures: Decodable {
    struct Case: Decodable {
        var time: Int
        var features: Int
        var batch: Int
        var outputs: Int
        var inputs: [Float]
        var keras_output: [Float]
    }
    var cases: [String: Case]

    static func load() throws -> KerasFixtures {
        try JSONDecoder().decode(KerasFixtures.self, from: Data(contentsOf: URL(fileURLWithPath: fixturePath("keras_models.json"))))
    }
}

/// Largest `|a - b| / (1e-5 · max(|a|, |b|) + 1e-7)`: at most 1 means agreement to 1e-5 relative.
func relativeErrorRatio(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { x, y in
        let (x, y) = (Double(x), Double(y))
        return abs(x - y) / (1e-5 * max(abs(x), abs(y)) + 1e-7)
    }.max() ?? 0
}
