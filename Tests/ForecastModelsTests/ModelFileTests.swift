import ForecastCore
import ForecastIO
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct ModelFileTests {
    @Test(arguments: [CellKind.lstm, .gru, .simpleRNN])
    func savedModelForecastsBitIdenticallyToTheRunThatTrainedIt(cell: CellKind) throws {
        let (fitted, series) = try trainTinyModel(cell: cell)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("model.h5")
        try ModelFile.save(SavedModel(fitted: fitted, frequency: series.inferFrequency()), to: path)

        let loaded = try ModelFile.load(path)
        #expect(try loaded.forecast(after: series) == fitted.forecast(after: series))
        #expect(loaded.network.parameters == fitted.network.parameters)
        #expect(loaded.spec == fitted.spec)
        #expect(loaded.scalers == fitted.scalers)
        #expect(loaded.configuration == fitted.configuration)
        #expect(loaded.history == fitted.history)
        #expect(loaded.frequency == "3600s")
        #expect(loaded.trainingWindowCount == fitted.trainingWindowCount)
    }

    @Test func fileHoldsKerasNamedWeightsAndReadableAttributes() throws {
        let (fitted, series) = try trainTinyModel(cell: .lstm, units: [4])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("model.h5")
        try ModelFile.save(SavedModel(fitted: fitted, frequency: series.inferFrequency()), to: path)
        let file = try HDF5File.open(path)
        #expect(try file.children(of: "layers/0") == ["kernel", "recurrent_kernel", "bias"])
        #expect(try file.dataset("layers/0/kernel").shape == [2, 16])
        #expect(try file.dataset("layers/1/kernel").shape == [4, 3])
        #expect(try file.attribute("format_version") == .int64(1))
        #expect(try file.attribute("input_columns") == .strings(["y", "x2"]))
        #expect(try file.attribute("seed") == .int64(7))
        #expect(try file.attribute("scaler_offset")?.doubleValue == nil)   // an array, one per column
    }

    @Test func importedKerasNetworkRoundTripsThroughTheModelFile() throws {
        let keras = try KerasModelImporter.load(fixturePath("mixed_dense.keras"))
        let model = try keras.savedModel(target: "a", features: ["b"],
                                         scalers: [Scaler(kind: .standard, offset: 1, scale: 2), Scaler(kind: .minMax, offset: -1, scale: 3)],
                                         lookback: nil, source: "keras 3.15.1")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ModelFile.save(model, to: directory.file("m.h5"))
        let loaded = try ModelFile.load(directory.file("m.h5"))
        #expect(loaded.network.layers == model.network.layers)
        #expect(loaded.network.parameters == model.network.parameters)
        #expect(loaded.configuration == nil)
        #expect(loaded.source == "keras 3.15.1")
    }

    @Test func newerFormatVersionIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("future.h5")
        try HDF5FileWriter.write(to: path) { file in
            try file.setAttribute("format", .string(ModelFile.formatName))
            try file.setAttribute("format_version", .int64(Int64(ModelFile.formatVersion + 1)))
        }
        let error = #expect(throws: ModelFileError.self) { try ModelFile.load(path) }
        #expect(error == .newerFormat(file: path, found: ModelFile.formatVersion + 1, supported: ModelFile.formatVersion))
        #expect(error?.description.contains("newer") == true)
    }

    @Test func seriesWithoutTheModelsColumnsIsRefusedNamingThem() throws {
        let (fitted, series) = try trainTinyModel(cell: .gru, units: [3])
        let model = SavedModel(fitted: fitted, frequency: series.inferFrequency())
        let other = try series.selecting(columns: ["y"])
        let error = #expect(throws: ModelFileError.self) { try model.forecast(after: other, modelPath: "m.h5") }
        #expect(error == .missingColumns(model: "m.h5", columns: ["x2"], available: ["y"]))
    }

    /// A save that fails half way (after the attributes and the first layer's kernel) leaves
    /// neither a half-written model nor a temporary file, and an older model stays as it was.
    @Test func failedSaveLeavesNoHalfWrittenModel() throws {
        struct Interrupted: Error {}
        let (fitted, series) = try trainTinyModel(cell: .lstm, units: [3])
        let model = SavedModel(fitted: fitted, frequency: series.inferFrequency())
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("model.h5")

        var written: [String] = []
        #expect(throws: Interrupted.self) {
            try ModelFile.save(model, to: path) { object in
                written.append(object)
                if object == "layers/0/recurrent_kernel" { throw Interrupted() }
            }
        }
        #expect(written.contains("layers/0/kernel"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)

        try ModelFile.save(model, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: Interrupted.self) {
            try ModelFile.save(model, to: path) { if $0 == "layers/1/bias" { throw Interrupted() } }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.h5"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try ModelFile.load(path).forecast(after: series) == fitted.forecast(after: series))
    }

    @Test func otherHDF5FilesAreNotModels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("series.h5")
        try HDF5Writer.writeSeries(hourlySeries(rows: 5), to: path)
        #expect(!ModelFile.isModelFile(path))
        #expect(throws: ModelFileError.self) { try ModelFile.load(path) }
        #expect(!ModelFile.isModelFile(fixturePath("simple_rnn.h5")))
    }

    /// A fuzzed model file whose `format_version` is an 8-byte integer claiming 193 significant bits
    /// (`Int.init` trapped on what libhdf5 made of it, and libhdf5 builds disagree on that value) is
    /// refused with the attribute and its damaged type named.
    @Test func damagedFormatVersionIsRefusedWithoutATrap() throws {
        let path = packageRoot + "/Fuzz/regressions/model/crash-3468bcb19e238f39b7c5e0bce79f256344b2fe13"
        #expect(throws: HDF5Error.damagedDatatype(file: path, object: "/ attribute \"format_version\"",
                                                  problem: "193 significant bits at bit 0 of a 64-bit int64")) {
            try ModelFile.load(path)
        }
    }

    /// A fuzzed model file whose recurrent kernel's float type claims 4,194,303,747-byte elements (the
    /// conversion buffer exhausted memory) is refused before reading.
    @Test func damagedDatatypeSizeIsRefusedBeforeReading() throws {
        let path = packageRoot + "/Fuzz/regressions/model/oom-a71eeb8de51436f9fc7bfd3cfb6466a4d4025bce"
        #expect(throws: HDF5Error.implausibleExtent(file: path, object: "/layers/0/recurrent_kernel", elements: 16,
                                                    elementSize: 4_194_303_747, storedBytes: 64)) { try ModelFile.load(path) }
    }
}
