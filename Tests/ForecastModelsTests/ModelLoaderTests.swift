import ForecastCore
import ForecastIO
import ForecastModels
import ForecastPreprocessing
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct ModelLoaderTests {
    /// Our model file, its Keras export (with forecast.json), and the export scaled from the model
    /// file (what `--scaler-from model.h5` does for a Keras-saved copy) all forecast the same.
    @Test func everySourceOfScalingGivesTheTrainedForecast() throws {
        let (fitted, series) = try trainTinyModel(cell: .lstm, units: [3])
        let saved = SavedModel(fitted: fitted, frequency: series.inferFrequency())
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try ModelFile.save(saved, to: dir.file("m.h5"))
        try KerasModelExporter.export(saved, to: dir.file("m.keras"))
        let expected = try fitted.forecast(after: series)

        #expect(try ModelLoader.load(dir.file("m.h5")).forecast(after: series) == expected)
        #expect(try ModelLoader.load(dir.file("m.keras")).forecast(after: series) == expected)
        let fromModel = try ModelLoader.load(dir.file("m.keras"), scaling: .model(ModelFile.load(dir.file("m.h5"))))
        #expect(try fromModel.forecast(after: series) == expected)
        let explicit = try ModelLoader.load(dir.file("m.keras"), target: "y", features: ["x2"],
                                            scaling: .explicit(means: fitted.scalers.map(\.offset), stds: fitted.scalers.map(\.scale)))
        #expect(try explicit.forecast(after: series) == expected)
    }

    @Test func scalerFromADataFileIsFittedOnAllItsRows() throws {
        let series = try CSVReader().read(path: fixturePath("trained_series.csv"))
        let model = try ModelLoader.load(fixturePath("trained_lstm.keras"), target: "y", features: ["x2"],
                                         scaling: .fitted(on: series, kind: .minMax))
        #expect(model.scalers == [try Scaler.fit(.minMax, on: series.column(named: "y").values),
                                  try Scaler.fit(.minMax, on: series.column(named: "x2").values)])
        #expect(model.spec.lookback == 12 && model.spec.horizon == 4)
    }

    @Test func kerasModelNeedsTargetScalingAndMatchingCounts() throws {
        let path = fixturePath("trained_lstm.keras")
        #expect(throws: ModelFileError.self) { try ModelLoader.load(path, scaling: .explicit(means: [0, 0], stds: [1, 1])) }
        let missing = #expect(throws: ModelFileError.self) { try ModelLoader.load(path, target: "y", features: ["x2"]) }
        #expect(missing?.description.contains("--scaler-from") == true)
        let counts = #expect(throws: ModelFileError.self) {
            try ModelLoader.load(path, target: "y", features: ["x2"], scaling: .explicit(means: [0], stds: [1]))
        }
        #expect(counts?.description.contains("--mean has 1 and --std 1 values for 2 input columns") == true)
        let negative = #expect(throws: ModelFileError.self) {
            try ModelLoader.load(path, target: "y", features: ["x2"], scaling: .explicit(means: [0, 0], stds: [1, 0]))
        }
        #expect(negative?.description.contains("\"x2\"") == true)
    }
}
