import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastCore
@testable import ForecastIO

/// Layout D: variables over (series, time), as xarray writes many series
/// (Scripts/reference/make_series_hdf5_fixture.py, from the long CSV fixture).
@Suite struct HDF5SeriesLayoutTests {
    static let file = HDF5Fixtures.path("xarray_series_time.h5")
    static let csv = (packageRoot as NSString).appendingPathComponent("Tests/ForecastIOTests/Fixtures/csv/long_three_tickers.csv")

    @Test func variablesOverSeriesAndTimeReadAsTheLongFileTheyWereMadeFrom() throws {
        let series = try HDF5Reader().read(path: Self.file)
        #expect(series.idColumnName == "unique_id")
        #expect(series.timeColumnName == "ds")
        #expect(series.columnNames == ["close", "volume_k"])
        let fromHDF5 = try SeriesCollection.long(series, target: "close", features: ["volume_k"])
        let fromCSV = try SeriesCollection.long(try CSVReader().read(path: Self.csv), target: "close", features: [])
        #expect(fromHDF5.ids == ["AAPL", "MSFT", "JPM"])
        #expect(fromHDF5.ids == fromCSV.ids)
        for (h, c) in zip(fromHDF5.members, fromCSV.members) {
            #expect(h.series.timestamps == c.series.timestamps, "\(h.id)")
            #expect(try h.series.column(named: "close").values == c.series.column(named: "close").values, "\(h.id)")
            #expect(try h.series.column(named: "volume_k").values == c.series.column(named: "close").values.map { $0 * 10 + 0.5 })
        }
    }

    @Test func theGroupAndEachVariableAreCandidatesByName() throws {
        #expect(try HDF5Reader().seriesCandidates(path: Self.file) == ["/ (close, volume_k over (unique_id, ds))"])
        let one = try HDF5Reader().read(path: Self.file, dataset: "volume_k")
        #expect(one.columnNames == ["volume_k"])
        #expect(one.rowIDs?.count == 3 * 63)
        #expect(try HDF5Reader().read(path: Self.file, dataset: "/").columnNames == ["close", "volume_k"])
    }
}
