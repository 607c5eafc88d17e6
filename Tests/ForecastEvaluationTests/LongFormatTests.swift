import ForecastCore
import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// Long files (`unique_id, ds, y`): the reader keeps each row's id, the collection splits, sorts and
/// checks them, and a long file gives exactly the results of the same data laid out wide.
@Suite struct LongFormatTests {
    static func fixture(_ name: String) -> String {
        (packageRoot as NSString).appendingPathComponent("Tests/ForecastIOTests/Fixtures/csv/\(name)")
    }

    func read(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> TimeSeries {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try text.write(toFile: dir.file("x.csv"), atomically: true, encoding: .utf8)
        return try CSVReader(options: options).read(path: dir.file("x.csv"))
    }

    @Test func theReaderKeepsEachRowsIdInFileOrder() throws {
        let series = try CSVReader().read(path: Self.fixture("long_three_tickers.csv"))
        #expect(series.idColumnName == "unique_id")
        #expect(series.rowIDs?.prefix(4) == ["AAPL", "MSFT", "JPM", "AAPL"])
        #expect(series.columnNames == ["close"])
        #expect(series.count == 3 * 63)
    }

    @Test func longAndWideLayoutsOfTheSameDataGiveTheSameBacktests() throws {
        let long = try SeriesCollection.long(try CSVReader().read(path: Self.fixture("long_three_tickers.csv")), target: "close", features: [])
        let wideSeries = try CSVReader().read(path: Self.fixture("wide_three_tickers.csv"))
        let wide = try SeriesCollection.wide(wideSeries, targets: ["AAPL", "MSFT", "JPM"], features: [])
        #expect(long.ids == wide.ids)
        for (a, b) in zip(long.members, wide.members) {
            #expect(a.series.timestamps == b.series.timestamps)
            #expect(try a.series.column(named: "close").values == b.series.column(named: b.target).values)
        }
        var c = BacktestConfiguration()
        c.folds = 4
        c.horizon = 5
        let models: [any Forecaster] = [NaiveForecaster(), DriftForecaster(), SeasonalNaiveForecaster()]
        let fromLong = try CollectionBacktest(c).run(models, on: long)
        let fromWide = try CollectionBacktest(c).run(models, on: wide)
        #expect(fromLong.aggregate == fromWide.aggregate)
        for (a, b) in zip(fromLong.series, fromWide.series) {
            #expect(a.id == b.id)
            #expect(a.result.points.map(\.prediction) == b.result.points.map(\.prediction))
            #expect(a.result.leaderboard.rows.map(\.metrics) == b.result.leaderboard.rows.map(\.metrics))
        }
    }

    @Test func aRepeatedIdAndTimeIsRefusedNamingBoth() throws {
        let series = try read("unique_id,ds,y\na,2020-01-01,1\nb,2020-01-01,2\na,2020-01-02,3\na,2020-01-01,4\n")
        #expect(throws: SeriesCollectionError.duplicateTime(id: "a", time: Timestamp(year: 2020, month: 1, day: 1))) {
            try SeriesCollection.long(series, target: "y", features: [])
        }
    }

    @Test func seriesOfDifferentFrequenciesAreRefusedNamingTwo() throws {
        let series = try read("unique_id,ds,y\nd,2020-01-01,1\nd,2020-01-02,2\nd,2020-01-03,3\nh,2020-01-01T00:00,1\nh,2020-01-01T01:00,2\nh,2020-01-01T02:00,3\n")
        #expect {
            try SeriesCollection.long(series, target: "y", features: [])
        } throws: { error in
            guard case let SeriesCollectionError.mixedFrequencies(first, _, other, _) = error else { return false }
            return first == "d" && other == "h"
        }
    }

    @Test func eachSeriesIsCutToTheRangeAndAnIdColumnCanBeNamed() throws {
        var options = CSVReadOptions()
        options.idColumn = "station"
        let series = try read("station,date,t\nx,2020-01-01,1\nx,2020-01-02,2\ny,2020-01-02,5\nx,2020-01-03,3\ny,2020-01-03,6\n", options)
        let collection = try SeriesCollection.long(series, target: "t", features: [], from: Timestamp(year: 2020, month: 1, day: 2))
        #expect(collection.ids == ["x", "y"])
        #expect(try collection.members[0].series.column(named: "t").values == [2, 3])
        options.idColumn = "nope"
        #expect(throws: CSVError.self) { try read("station,date,t\nx,2020-01-01,1\n", options) }
    }
}
