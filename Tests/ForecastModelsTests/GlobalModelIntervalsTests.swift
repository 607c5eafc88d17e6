import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

/// Stored intervals of a global network (`train --global --level`): each series calibrated on its
/// own errors in the calibration windows of the global network, saved per series (format version 3).
@Suite struct GlobalModelIntervalsTests {
    /// Three daily series of different levels and scales, as a wide file.
    var wide: TimeSeries {
        let a: [Double] = (0..<90).map { (t: Int) -> Double in 10 + sin(Double(t) / 2) + Double(t % 7) }
        let b: [Double] = (0..<90).map { (t: Int) -> Double in 500 + 300 * cos(Double(t) / 3) + Double((t * 5) % 11) * 40 }
        let c: [Double] = (0..<90).map { (t: Int) -> Double in 0.5 + 0.01 * Double((t * 3) % 7) + Double(t) / 1000 }
        let start = Timestamp(year: 2021, month: 3, day: 1)
        return TimeSeries(timeColumnName: "date", timestamps: (0..<90).map { start.adding(days: $0) },
                          columns: [Column(name: "a", values: a), Column(name: "b", values: b), Column(name: "c", values: c)])
    }

    var global: GlobalRNNForecaster { GlobalRNNForecaster(.tinyGRU(lookback: 6)) }

    let intervals = IntervalConfiguration(levels: [50, 80], windows: 5)

    /// The global network fitted on `collection` and saved with each member's calibration.
    func saved(_ collection: SeriesCollection) throws -> SavedModel {
        let fitted = try global.fit(collection.members, horizon: 4)
        let outcomes = CollectionForecast(horizon: 4, intervals: intervals).calibrations(global, on: collection)
        var calibrations: [String: ConformalCalibration] = [:]
        for (member, outcome) in zip(collection.members, outcomes) { calibrations[member.id] = try outcome.get() }
        return try SavedModel(global: fitted, frequency: .regular(seconds: 86_400), calibrations: calibrations)
    }

    func bits(_ forecast: Forecast) -> [UInt64] {
        (forecast.values + forecast.intervals.flatMap { $0.lower + $0.upper }).map(\.bitPattern)
    }

    /// Saved and reloaded, every member forecasts its values and its own intervals bit for bit; the
    /// file is version 3 (version 2 without intervals); a series it was not trained on has none.
    @Test func savedAndReloadedEveryMemberKeepsItsOwnIntervalsBitForBit() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        let model = try saved(collection)
        #expect(model.members.allSatisfy { $0.calibration?.levels == [50, 80] && $0.calibration?.windows == 5 })
        // Each series its own: b's errors are in hundreds, c's in hundredths.
        let widths = model.members.map { $0.calibration!.upperOffsets[1][0] - $0.calibration!.lowerOffsets[1][0] }
        #expect(widths[1] > 10 * widths[0] && widths[0] > 10 * widths[2], "\(widths)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try ModelFile.save(model, to: dir.file("m.h5"))
        #expect(try HDF5File.open(dir.file("m.h5")).attribute("format_version") == .int64(3))
        let loaded = try ModelFile.load(dir.file("m.h5"))
        #expect(loaded.members == model.members)
        for member in collection.members {
            let before = try #require(model.member(member.id)).forecast(after: member.series)
            let after = try #require(loaded.member(member.id)).forecast(after: member.series)
            #expect(after.intervals.map(\.level) == [50, 80])
            #expect(bits(after) == bits(before), "\(member.id)")
        }
        #expect(try loaded.forNewSeries(wide.selecting(columns: ["a"]), target: "a").calibration == nil)
        // Without intervals: version 2, as before.
        try ModelFile.save(try SavedModel(global: global.fit(collection.members, horizon: 4), frequency: .regular(seconds: 86_400)), to: dir.file("p.h5"))
        #expect(try HDF5File.open(dir.file("p.h5")).attribute("format_version") == .int64(2))
        #expect(try ModelFile.load(dir.file("p.h5")).member("b")?.calibration == nil)
    }

    /// The model trained on every series' rows up to a backtest fold's origin forecasts, for every
    /// member, exactly that fold's forecast and interval bounds of the global backtest with the same
    /// calibration windows: a member's stored interval is what the backtest's calibration gives it.
    @Test func aMembersIntervalEqualsTheGlobalBacktestsCalibrationForIt() throws {
        let collection = try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        var configuration = BacktestConfiguration()
        configuration.folds = 2
        configuration.horizon = 4
        configuration.intervals = intervals
        let backtest = try CollectionBacktest(configuration).run([global], on: collection)
        for fold in backtest.series[0].result.folds {
            let rows = 0..<(fold.layout.originRow + 1)
            let cut = SeriesCollection(members: collection.members.map {
                SeriesCollection.Member(id: $0.id, series: $0.series.rows(rows), target: $0.target)
            })
            let model = try saved(cut)
            for (s, member) in cut.members.enumerated() {
                let forecast = try #require(model.member(member.id)).forecast(after: member.series)
                let points = backtest.series[s].result.points.filter { $0.fold == fold.layout.fold }
                #expect(forecast.values.map(\.bitPattern) == points.map(\.prediction.bitPattern), "\(member.id)")
                for (l, interval) in forecast.intervals.enumerated() {
                    #expect(interval.lower.map(\.bitPattern) == points.map { $0.lower[l].bitPattern }, "\(member.id) fold \(fold.layout.fold)")
                    #expect(interval.upper.map(\.bitPattern) == points.map { $0.upper[l].bitPattern }, "\(member.id) fold \(fold.layout.fold)")
                }
            }
        }
    }

    /// A member that cannot be calibrated (too short for the windows) is left out of the saved model.
    @Test func aMemberWithoutACalibrationIsNotSaved() throws {
        var short = wide
        short.columns[2].values = short.columns[2].values.enumerated().map { $0.offset < 60 ? .nan : $0.element }
        let collection = try SeriesCollection.wide(short, targets: ["a", "b", "c"], features: [])
        let fitted = try global.fit(collection.members, horizon: 4)
        var windows = intervals
        windows.windows = 8
        let outcomes = CollectionForecast(horizon: 4, intervals: windows).calibrations(global, on: collection)
        #expect((try? outcomes[2].get()) == nil && (try? outcomes[0].get()) != nil)
        var calibrations: [String: ConformalCalibration] = [:]
        for (member, outcome) in zip(collection.members, outcomes) { calibrations[member.id] = try? outcome.get() }
        let model = try SavedModel(global: fitted, frequency: .regular(seconds: 86_400), calibrations: calibrations)
        #expect(model.members.map(\.id) == ["a", "b"])
    }
}
