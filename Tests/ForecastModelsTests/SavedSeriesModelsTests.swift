import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct SavedSeriesModelsTests {
    /// Three series' models of three kinds: a network, a combination of different networks and a
    /// baseline with stored intervals.
    private func threeModels() throws -> (SavedSeriesModels, TimeSeries) {
        let series = hourlySeries()
        let (gru, _) = try trainTinyModel(cell: .gru, units: [4])
        var lstm = gru.configuration
        lstm.cell = .lstm
        lstm.anchor = .last
        let combination = try EnsembleForecaster(combining: [gru.configuration, lstm], threads: 2).fitEnsemble(on: series, target: "y", horizon: 3)
        let calibration = ConformalCalibration(levels: [80], method: .symmetric, windows: 5, lowerOffsets: [[-1, -2, -3]], upperOffsets: [[1, 2, 3]])
        let baseline = try SavedBaseline(name: "seasonal-naive", target: "y", horizon: 3, season: 24, calibration: calibration)
        let models = try SavedSeriesModels(ids: ["a", "b", "c"], models: [
            .network(SavedModel(fitted: gru, frequency: series.inferFrequency())),
            .network(SavedModel(ensemble: combination, frequency: series.inferFrequency())),
            .baseline(baseline),
        ])
        return (models, series)
    }

    @Test func eachSeriesModelRoundTripsAndForecastsBitIdentically() throws {
        let (models, series) = try threeModels()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("per-series.h5")
        try ModelFile.save(models, to: path)
        let loaded = try #require(try ModelFile.loadSeriesModels(path))
        #expect(loaded.ids == ["a", "b", "c"])
        for id in models.ids {
            let before = try models.model(for: id)!.forecast(after: series)
            let after = try loaded.model(for: id)!.forecast(after: series)
            #expect(after.values.map(\.bitPattern) == before.values.map(\.bitPattern), "series \(id)")
            #expect(after.intervals == before.intervals, "series \(id)")
        }
        if case .network(let b) = loaded.models[1] { #expect(b.ensemble?.isCombination == true) } else { Issue.record("b is no network") }
        #expect(loaded.model(for: "c")?.calibration?.levels == [80])
        #expect(loaded.model(for: "d") == nil && loaded.model(for: "c")?.name == "seasonal-naive")
        #expect(try HDF5File.open(path).attribute("format_version")?.doubleValue == 5)
    }

    @Test func aFileOfOneModelHasNoSeriesModelsAndLoadRefusesAFileOfThem() throws {
        let (models, series) = try threeModels()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ModelFile.save(models, to: directory.file("many.h5"))
        let (gru, _) = try trainTinyModel(cell: .gru, units: [4])
        try ModelFile.save(SavedModel(fitted: gru, frequency: series.inferFrequency()), to: directory.file("one.h5"))
        #expect(try ModelFile.loadSeriesModels(directory.file("one.h5")) == nil)
        #expect(try ModelFile.loadBaseline(directory.file("many.h5")) == nil)
        let error = #expect(throws: ModelFileError.self) { try ModelFile.load(directory.file("many.h5")) }
        #expect(error == .seriesModels(file: directory.file("many.h5"), count: 3))
        #expect(error?.description.contains("--model") == true)
    }

    @Test func repeatedIdsAndMixedHorizonsAreRefused() throws {
        let b3 = try SavedBaseline(name: "naive", target: "y", horizon: 3)
        let b4 = try SavedBaseline(name: "naive", target: "y", horizon: 4)
        #expect(throws: ModelFileError.self) { try SavedSeriesModels(ids: ["a", "a"], models: [.baseline(b3), .baseline(b3)]) }
        #expect(throws: ModelFileError.self) { try SavedSeriesModels(ids: ["a", "b"], models: [.baseline(b3), .baseline(b4)]) }
        #expect(throws: ModelFileError.self) { try SavedSeriesModels(ids: [], models: []) }
    }
}
