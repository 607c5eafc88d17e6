import ForecastCore
import ForecastIO
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

/// A global network saved as one file: every member forecasts bit for bit what the trained network
/// did, and a new series is prepared as the training series were.
@Suite struct GlobalModelFileTests {
    /// Three hourly series of different levels and scales, as a wide collection.
    var collection: SeriesCollection {
        get throws {
            let base = hourlySeries(rows: 150)
            var wide = base
            let y = base.columns[0].values
            wide.columns = [Column(name: "a", values: y), Column(name: "b", values: y.map { 1000 + 37.3 * $0 + sin($0) }),
                            Column(name: "c", values: y.enumerated().map { 0.013 * $1 + 1e-3 * Double($0 % 5) })]
            return try SeriesCollection.wide(wide, targets: ["a", "b", "c"], features: [])
        }
    }

    func fit(identity: Bool = false) throws -> FittedGlobalRNN {
        var configuration = RNNForecasterConfiguration()
        configuration.cell = .lstm
        configuration.units = [4]
        configuration.lookback = 8
        configuration.training.epochs = 2
        configuration.training.batchSize = 16
        return try GlobalRNNForecaster(configuration, seriesIdentity: identity).fit(try collection.members, horizon: 3)
    }

    @Test func everyMemberOfASavedGlobalModelForecastsBitForBitAsTrained() throws {
        let fitted = try fit()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("global.h5")
        try ModelFile.save(try SavedModel(global: fitted, frequency: .regular(seconds: 3600)), to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.isGlobal)
        #expect(loaded.members.map(\.id) == ["a", "b", "c"])
        for member in try collection.members {
            let trained = try #require(try fitted.member(member.id))
            let saved = try #require(loaded.member(member.id))
            #expect(saved.scalers.map(\.offset.bitPattern) == trained.scalers.map(\.offset.bitPattern), "\(member.id)")
            #expect(saved.scalers.map(\.scale.bitPattern) == trained.scalers.map(\.scale.bitPattern), "\(member.id)")
            #expect(try saved.forecast(after: member.series).values.map(\.bitPattern)
                    == trained.forecast(after: member.series).values.map(\.bitPattern), "\(member.id)")
        }
        // A series it was not trained on: as the trained network's own preparation of it.
        let new = hourlySeries(rows: 90)
        let expected = try fitted.fitted(forNew: new, target: "y").forecast(after: new)
        #expect(try loaded.forNewSeries(new, target: "y").forecast(after: new).values.map(\.bitPattern)
                == expected.values.map(\.bitPattern))
    }

    @Test func aGlobalModelMissingASeriesGroupIsRefusedNamingIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("global.h5")
        let saved = try SavedModel(global: try fit(identity: true), frequency: .regular(seconds: 3600))
        #expect(throws: (any Error).self) {
            try ModelFile.save(saved, to: path) { object in if object == "series/1" { throw CocoaError(.fileWriteUnknown) } }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        try ModelFile.save(saved, to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.members.map(\.configuration.seriesCode) == [0, 1, 2].map { SeriesCode(width: 2, index: $0) })
        #expect(throws: GlobalModelError.newSeriesWithIdentity(target: "y")) { try loaded.forNewSeries(hourlySeries(), target: "y") }
    }
}
