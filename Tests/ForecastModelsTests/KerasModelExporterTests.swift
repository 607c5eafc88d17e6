import ForecastCore
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct KerasModelExporterTests {
    @Test func exportReadsBackWithSameWeightsColumnsAndScalers() throws {
        let (fitted, series) = try trainTinyModel(cell: .gru, units: [4, 3])
        let model = SavedModel(fitted: fitted, frequency: series.inferFrequency())
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("m.keras")
        try KerasModelExporter.export(model, to: path)

        let keras = try KerasModelImporter.load(path)
        #expect(keras.network.layers == model.network.layers)
        #expect(keras.network.parameters == model.network.parameters)
        #expect(keras.lookback == 6)
        let metadata = try #require(keras.forecastMetadata)
        #expect(metadata.inputColumns == ["y", "x2"])
        #expect(metadata.scalers == fitted.scalers)
        let back = try keras.savedModel(target: metadata.target, features: Array(metadata.inputColumns.dropFirst()),
                                        scalers: metadata.scalers, lookback: metadata.lookback, source: "keras")
        #expect(try back.forecast(after: series) == fitted.forecast(after: series))
    }

    @Test func failedExportKeepsTheOldFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (fitted, series) = try trainTinyModel(cell: .simpleRNN, units: [2])
        let path = directory.file("missing-dir/m.keras")
        #expect(throws: (any Error).self) { try KerasModelExporter.export(SavedModel(fitted: fitted, frequency: series.inferFrequency()), to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// Keras itself loads our export and predicts the same windows to 1e-5 relative; the model it
    /// saves again imports back here with the same forecasts (the Python side runs
    /// Scripts/python/check_keras_export.py in the test venv, which Scripts/python-env sets up).
    @Test(arguments: [(CellKind.lstm, true), (.gru, true), (.gru, false), (.simpleRNN, true)])
    func kerasLoadsOurExportAndAgrees(cell: CellKind, gruResetAfter: Bool) throws {
        let python = ProcessInfo.processInfo.environment["FORECAST_PYTHON"] ?? packageRoot + "/.venv-test/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "no Python test environment at \(python); run Scripts/python-env (it installs keras)")
        let (fitted, series) = try trainTinyModel(cell: cell, units: [4, 3], gruResetAfter: gruResetAfter)
        let model = SavedModel(fitted: fitted, frequency: series.inferFrequency())
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try KerasModelExporter.export(model, to: directory.file("m.keras"))

        let windows = fitted.validationWindows
        let ours = try model.network.predict(windows.inputs, count: windows.count, time: fitted.spec.lookback)
        struct Windows: Encodable { var batch: Int; var time: Int; var features: Int; var inputs: [Float]; var expected: [Float] }
        try JSONEncoder().encode(Windows(batch: windows.count, time: fitted.spec.lookback, features: 2, inputs: windows.inputs, expected: ours))
            .write(to: URL(fileURLWithPath: directory.file("windows.json")))
        let result = try runProcess(python, [packageRoot + "/Scripts/python/check_keras_export.py", directory.file("m.keras"),
                                             directory.file("windows.json"), "--resave", directory.file("again.keras")])
        #expect(result.status == 0, "Keras check: \(result.standardOutput) \(result.standardError.suffix(2000))")
        guard result.status == 0 else { return }

        // Back from Keras' own save: the scaling comes from our model, as --scaler-from would give it.
        let again = try KerasModelImporter.load(directory.file("again.keras"))
        #expect(again.forecastMetadata == nil)
        let back = try again.savedModel(target: "y", features: ["x2"], scalers: model.scalers, lookback: nil, source: "keras")
        #expect(try back.forecast(after: series) == fitted.forecast(after: series))
    }
}
