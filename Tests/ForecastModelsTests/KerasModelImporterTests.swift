import ForecastCore
import ForecastIO
import ForecastModels
import ForecastPreprocessing
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct KerasModelImporterTests {
    static let cases = ["simple_rnn", "lstm_stacked", "gru_reset_after", "gru_reset_before", "mixed_dense"]

    @Test(arguments: cases, ["keras", "h5"])
    func kerasFixtureMatchesKerasOutputs(name: String, format: String) throws {
        let fixture = try #require(try KerasFixtures.load().cases[name])
        let model = try KerasModelImporter.load(fixturePath("\(name).\(format)"))
        #expect(model.network.features == fixture.features)
        #expect(model.network.outputs == fixture.outputs)
        #expect(model.lookback == fixture.time)
        let output = try model.network.predict(fixture.inputs, count: fixture.batch, time: fixture.time)
        let ratio = relativeErrorRatio(output, fixture.keras_output)
        #expect(ratio <= 1, "\(name).\(format): error \(ratio) × the 1e-5 relative bound")
    }

    @Test func mixedModelKeepsItsLayersActivationsAndZeroBias() throws {
        let model = try KerasModelImporter.load(fixturePath("mixed_dense.keras"))
        #expect(model.network.layers.map(\.summary) == [
            "Dense(3, elu)", "LSTM(4)", "GRU(3, reset_after=False)", "Dense(5, relu)", "Dense(4, tanh)", "Dense(3, softplus)",
            "Dense(2, sigmoid)",
        ])
        #expect(model.network.architecture == nil)
        #expect(model.kerasVersion == "3.15.1")
    }

    @Test func plainStackHasTheStackedArchitecture() throws {
        let model = try KerasModelImporter.load(fixturePath("lstm_stacked.keras"))
        let stacked = try #require(model.network.architecture)
        #expect(stacked.hiddenSizes == [5, 3])
        #expect(stacked.horizon == 2)
    }

    @Test(arguments: [
        ("refuse_go_backwards.keras", ["layer \"lstm", "go_backwards=True"]),
        ("refuse_bidirectional.keras", ["layer \"bidirectional", "is a Bidirectional"]),
        ("refuse_masking.keras", ["layer \"masking", "is a Masking"]),
        ("refuse_recurrent_activation.keras", ["layer \"gru", "recurrent_activation=\"hard_sigmoid\""]),
    ])
    func unsupportedLayerOrSettingIsRefusedByName(file: String, fragments: [String]) throws {
        let error = #expect(throws: ModelFileError.self) { try KerasModelImporter.load(fixturePath(file)) }
        let message = try #require(error).description
        for fragment in fragments { #expect(message.contains(fragment), "\(message)") }
        #expect(message.contains(file))
    }

    @Test func fileThatIsNeitherZipNorKerasH5IsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try directory.write("a,b\n1,2\n", to: "model.keras")
        #expect(throws: HDF5Error.self) { try KerasModelImporter.load(text) }
        let plain = directory.file("plain.h5")
        try HDF5FileWriter.write(to: plain) { try $0.writeDataset("x", floats: [1], shape: [1]) }
        let error = #expect(throws: ModelFileError.self) { try KerasModelImporter.load(plain) }
        #expect(error?.description.contains("no model_config") == true)
    }

    /// The done-when case: an LSTM trained in Keras forecasts here with Keras' numbers.
    @Test func lstmTrainedInKerasForecastsAsKeras() throws {
        struct Expected: Decodable { var target: String; var features: [String]; var mean: [Double]; var std: [Double]; var forecast: [Double] }
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixturePath("trained_lstm.json"))))
        let series = try CSVReader().read(path: fixturePath("trained_series.csv"))
        let keras = try KerasModelImporter.load(fixturePath("trained_lstm.keras"))
        let model = try keras.savedModel(target: expected.target, features: expected.features,
                                         scalers: zip(expected.mean, expected.std).map { Scaler(kind: .standard, offset: $0, scale: $1) },
                                         lookback: nil, source: "keras")
        let forecast = try model.forecast(after: series).values
        let ratio = relativeErrorRatio(forecast.map(Float.init), expected.forecast.map(Float.init))
        #expect(ratio <= 1, "forecast \(forecast) vs Keras \(expected.forecast)")
    }

    @Test func columnCountMustMatchTheModelsFeatures() throws {
        let keras = try KerasModelImporter.load(fixturePath("gru_reset_after.keras"))   // 3 features
        let error = #expect(throws: ModelFileError.self) {
            try keras.savedModel(target: "y", features: [], scalers: [Scaler(kind: .standard, offset: 0, scale: 1)],
                                 lookback: nil, source: "keras")
        }
        #expect(error?.description.contains("reads 3 features per step") == true)
    }
}
