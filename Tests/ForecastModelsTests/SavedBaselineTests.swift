import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import Foundation
import Testing
import _ForecastTestSupport

/// Baselines in model files (format version 3): what `train --models auto --save` writes when a
/// baseline wins.
@Suite struct SavedBaselineTests {
    /// Seasonal naive of season 4 with a hand-made 80 % calibration: its forecast is the last four
    /// values repeated, plus and minus the offsets.
    @Test func aSavedSeasonalNaiveReloadsAndRepeatsTheLastSeasonWithItsIntervals() throws {
        let series = hourlySeries(rows: 50)
        let calibration = ConformalCalibration(levels: [80], method: .symmetric, windows: 5,
                                               lowerOffsets: [[-1, -2, -3, -4, -5, -6]], upperOffsets: [[1, 2, 3, 4, 5, 6]])
        let baseline = try SavedBaseline(name: "seasonal-naive", target: "y", horizon: 6, season: 4, fill: .interpolate,
                                         frequency: "3600s", calibration: calibration)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("baseline.h5")
        try ModelFile.save(baseline, to: path)
        let loaded = try #require(try ModelFile.loadBaseline(path))
        #expect(loaded == baseline)
        #expect(try HDF5File.open(path).attribute("format_version") == .int64(3))

        let y = try series.column(named: "y").values
        let expected = (0..<6).map { y[46 + $0 % 4] }
        let forecast = try loaded.forecast(after: series)
        #expect(forecast.values == expected)
        let band = try #require(forecast.intervals.first { $0.level == 80 })
        #expect(band.lower == zip(expected, [-1.0, -2, -3, -4, -5, -6]).map { $0 + $1 })
        #expect(band.upper == zip(expected, [1.0, 2, 3, 4, 5, 6]).map { $0 + $1 })
    }

    @Test func aBaselineFileIsRefusedWhereANetworkIsNeededAndANetworkFileIsNoBaseline() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("naive.h5")
        try ModelFile.save(try SavedBaseline(name: "naive", target: "y", horizon: 3), to: path)
        #expect(throws: ModelFileError.baselineModel(file: path, name: "naive")) { try ModelFile.load(path) }

        let (fitted, series) = try trainTinyModel(cell: .gru, units: [3])
        try ModelFile.save(SavedModel(fitted: fitted, frequency: series.inferFrequency()), to: dir.file("gru.h5"))
        #expect(try ModelFile.loadBaseline(dir.file("gru.h5")) == nil)
    }

    @Test func aBaselineFileNamingNoBaselineIsRefusedNamingTheAttribute() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("bad.h5")
        try HDF5FileWriter.write(to: path) { file in
            for (name, value) in [("format", HDF5AttributeValue.string(ModelFile.formatName)), ("format_version", .int64(3)),
                                  ("target", .string("y")), ("horizon", .int64(3)), ("window", .int64(7)), ("baseline", .string("lstm"))] {
                try file.setAttribute(name, value)
            }
        }
        #expect(throws: ModelFileError.self) { try ModelFile.loadBaseline(path) }
        do { _ = try ModelFile.loadBaseline(path) } catch {
            #expect("\(error)".contains("\"lstm\"; expected one of naive, seasonal-naive"), "\(error)")
        }
        #expect(throws: ModelFileError.invalid(what: "horizon", problem: "0; expected at least 1 step")) {
            try SavedBaseline(name: "drift", target: "y", horizon: 0)
        }
    }
}
