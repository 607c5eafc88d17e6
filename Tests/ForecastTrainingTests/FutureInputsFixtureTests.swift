import ForecastCore
import ForecastIO
import ForecastNN
import ForecastPreprocessing
import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastTraining

/// The known-future input path (calendar features and `--future-features`) against pandas / numpy
/// and Keras: `Tests/ForecastTrainingTests/Fixtures/future_inputs.json`, written by
/// `Scripts/reference/make_future_input_fixtures.py` from `future_inputs.csv` beside it.
@Suite struct FutureInputsFixtureTests {
    struct Fixture: Decodable {
        struct Weight: Decodable { var shape: [Int]; var values: [Double] }
        var lookback: Int
        var horizon: Int
        var units: Int
        var columns: [String]
        var first_target_rows: [Int]
        var inputs: [Double]
        var targets: [Double]
        var forecast_input: [Double]
        var means: [Double]
        var stds: [Double]
        var weights: [Weight]
        var keras_output: [Double]
        var keras_forecast: [Double]
    }

    static let directory = (packageRoot as NSString).appendingPathComponent("Tests/ForecastTrainingTests/Fixtures")

    let fixture: Fixture
    let prepared: TimeSeries
    let history: TimeSeries
    let configuration: RNNForecasterConfiguration

    init() throws {
        fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: Self.directory + "/future_inputs.json")))
        let series = try CSVReader().read(path: Self.directory + "/future_inputs.csv")
        let split = try series.splittingAtLastValue(of: "y")
        history = split.history
        let frequency = history.inferFrequency()
        var configuration = RNNForecasterConfiguration()
        configuration.features = ["temp"]
        configuration.futureFeatures = ["event"]
        configuration.calendar = CalendarFeature.automatic(for: frequency)
        self.configuration = configuration
        let known = try history.knownFuture(split.future, columns: ["event"], steps: fixture.horizon, frequency: frequency)
        prepared = try configuration.networkSeries(history, target: "y", horizon: fixture.horizon, frequency: frequency, knownFuture: known)
    }

    var spec: WindowSpec {
        WindowSpec(lookback: fixture.lookback, horizon: fixture.horizon, inputColumns: prepared.columnNames, targetColumn: "y")
    }

    /// Windows are Float32 copies of the same doubles: they must agree exactly.
    @Test func windowsMatchPandasExactly() throws {
        #expect(prepared.columnNames == fixture.columns)
        let columns = prepared.columns.map(\.values)
        let windows = spec.windows(inputs: columns, target: columns[0])
        #expect(windows.firstTargetRows == fixture.first_target_rows)
        #expect(windows.inputs == fixture.inputs.map { Float($0) })
        #expect(windows.targets == fixture.targets.map { Float($0) })
        #expect(spec.lastInput(inputs: columns) == fixture.forecast_input.map { Float($0) })
    }

    /// Fitting (no known future) prepares the same series but for the last `horizon` known-future
    /// values, which no training window reads.
    @Test func fittingLeavesOnlyTheUnreadKnownFutureMissing() throws {
        let fitting = try configuration.networkSeries(history, target: "y", horizon: fixture.horizon, frequency: history.inferFrequency())
        let h = fixture.horizon
        for (a, b) in zip(fitting.columns, prepared.columns) {
            if a.name == "future_event" {
                #expect(Array(a.values.dropLast(h)) == Array(b.values.dropLast(h)) && a.values.suffix(h).allSatisfy(\.isNaN))
            } else {
                #expect(a == b, "\(a.name)")
            }
        }
        let columns = fitting.columns.map(\.values)
        #expect(spec.windows(inputs: columns, target: columns[0]).inputs.allSatisfy { !$0.isNaN })
    }

    /// 1e-5 relative (at a floor of 1% of the largest output), as for the other Keras fixtures: Float32 on both sides.
    @Test func outputsMatchKeras() throws {
        let standardized = prepared.columns.map(\.values).enumerated().map { f, values in
            values.map { ($0 - fixture.means[f]) / fixture.stds[f] }
        }
        let windows = spec.windows(inputs: standardized, target: standardized[0])
        let last = try #require(spec.lastInput(inputs: standardized))
        let network = try Network(architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [fixture.units], features: fixture.columns.count,
                                                                  horizon: fixture.horizon),
                                  parameters: fixture.weights.flatMap { $0.values.map { Float($0) } })
        let keras = fixture.keras_output.map { Float($0) }, kerasForecast = fixture.keras_forecast.map { Float($0) }
        let output = try network.predict(windows.inputs, count: windows.count, time: fixture.lookback)
        #expect(maxRelativeError(output, keras, floor: 1e-2 * Double(keras.map(abs).max()!)) < 1e-5)
        let forecast = try network.predict(last, count: 1, time: fixture.lookback)
        #expect(maxRelativeError(forecast, kerasForecast, floor: 1e-2 * Double(kerasForecast.map(abs).max()!)) < 1e-5)
    }
}
