import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastCore
@testable import ForecastIO

/// Fixture files written by h5py and xarray (Scripts/reference/make_hdf5_fixtures.py), with the
/// series each must give in expected.json, computed by pandas.
enum HDF5Fixtures {
    static let directory: String = {
        if let resources = Bundle.module.resourcePath {
            let inBundle = (resources as NSString).appendingPathComponent("Fixtures/hdf5")
            if FileManager.default.fileExists(atPath: inBundle) { return inBundle }
        }
        return (packageRoot as NSString).appendingPathComponent("Tests/ForecastIOTests/Fixtures/hdf5")
    }()

    static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    struct Expected: Decodable {
        struct ExpectedColumn: Decodable {
            let name: String
            let values: [Double?]
        }
        let file: String
        let dataset: String?
        let timeColumnName: String
        let timestamps: [Int64]
        let columns: [ExpectedColumn]

        var series: TimeSeries {
            TimeSeries(timeColumnName: timeColumnName,
                       timestamps: timestamps.map(Timestamp.init(secondsSinceEpoch:)),
                       columns: columns.map { Column(name: $0.name, values: $0.values.map { $0 ?? .nan }) })
        }
    }

    static func expected() throws -> [String: Expected] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("expected.json")))
        return try JSONDecoder().decode([String: Expected].self, from: data)
    }
}

/// The message of the HDF5Error that `body` throws, or a failure when it throws none or another.
func hdf5ErrorMessage(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        Issue.record("expected an HDF5Error, but nothing was thrown")
    } catch let error as HDF5Error {
        return error.description
    } catch {
        Issue.record("expected an HDF5Error, got \(error)")
    }
    return nil
}

@Suite struct HDF5ReaderTests {
    @Test(arguments: ["h5py_table", "h5py_table_iso", "h5py_table_iso_other", "h5py_columns",
                      "xarray_columns", "xarray_table", "xarray_nanoseconds"])
    func readerLoadsFixtureWrittenByPython(key: String) throws {
        let expected = try #require(try HDF5Fixtures.expected()[key], "no entry \(key) in expected.json")
        let series = try HDF5Reader().read(path: HDF5Fixtures.path(expected.file), dataset: expected.dataset)
        // Float32 fixture values are exactly representable, so equality is exact (NaN == NaN here).
        #expect(series == expected.series)
    }

    @Test func readerFindsTheOnlySeriesOrListsCandidates() throws {
        let path = HDF5Fixtures.path("h5py_table_iso.h5")
        #expect(try HDF5Reader().seriesCandidates(path: path)
            == ["/other (group of 1-D datasets)", "/readings/values (2-D dataset)"])
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: path) }
            == "\(path): several time series in the file: /other (group of 1-D datasets), "
            + "/readings/values (2-D dataset); choose one with --dataset PATH")
    }

    @Test func readerAcceptsRootRelativeDatasetPath() throws {
        let path = HDF5Fixtures.path("h5py_table_iso.h5")
        let a = try HDF5Reader().read(path: path, dataset: "readings/values")
        let b = try HDF5Reader().read(path: path, dataset: "/readings/values/")
        #expect(a == b)
        #expect(a.columnNames == ["north", "south"])
    }

    @Test func readerReadsOneColumnFromA1DDataset() throws {
        let series = try HDF5Reader().read(path: HDF5Fixtures.path("xarray_columns.h5"), dataset: "/pressure")
        #expect(series.columnNames == ["pressure"])
        #expect(series.timestamps.first == Timestamp(year: 2013, month: 1, day: 1, hour: 6))
        #expect(series.count == 8)
    }

    // MARK: Errors, each pinned with its message

    @Test func missingFileIsReported() {
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: "/nonexistent/model.h5") }
            == "/nonexistent/model.h5: no such file; expected the path of an existing HDF5 file")
    }

    @Test func textFileNamedH5IsNotHDF5() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("date,value\n2020-01-01,1\n", to: "x.h5")
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: path) }
            == "\(path): not an HDF5 file; expected an HDF5 file (as written by h5py, xarray's "
            + "to_netcdf or forecast --output x.h5); read CSV files with a .csv name")
    }

    @Test func directoryIsNotAFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: dir.path) }
            == "\(dir.path): cannot open: it is a directory; expected an HDF5 file")
    }

    @Test func missingDatasetListsWhatExists() {
        let path = HDF5Fixtures.path("h5py_table.h5")
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: path, dataset: "forecast") }
            == "\(path):/forecast: dataset not found; datasets in the file: /data, /time")
        let iso = HDF5Fixtures.path("h5py_table_iso.h5")
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: iso, dataset: "/readings/nope") }
            == "\(iso):/readings/nope: dataset not found; datasets in the file: /other/level, "
            + "/other/time, /readings/time, /readings/values (groups: /other, /readings)")
    }

    @Test(arguments: [
        ("cube", ":/cube: dataset has 3 dimensions; expected 2 dimensions [rows, columns], 1 for a "
            + "single column, or the path of a group of 1-D datasets"),
        ("unnamed", ":/unnamed: no column names; expected an attribute \"columns\" or \"column_names\" "
            + "holding 2 strings (one per column), or a string coordinate attached to dimension 1"),
        ("short_names", ":/short_names: attribute \"columns\" holds 1 name but the dataset has 2 "
            + "columns; expected one name per column"),
        ("long_table", ":/time: holds 3 timestamps but /long_table has 4 rows; expected one timestamp per row"),
        ("lonely/values", ":/lonely/values: no time coordinate; expected a dimension scale attached to "
            + "its dimension 0, or a 1-D dataset named \"time\" beside it"),
        ("fortnights", ":/fortnights/time: unsupported time units \"fortnights since 2000-01-01\"; "
            + "expected \"<unit> since <date>\" with unit nanoseconds, microseconds, milliseconds, "
            + "seconds, minutes, hours, days or weeks (e.g. \"seconds since 1970-01-01 00:00:00\")"),
        ("noleap", ":/noleap/time: unsupported calendar \"noleap\"; expected standard, gregorian or "
            + "proleptic_gregorian"),
        ("bad_iso", ":/bad_iso/time: row 2: cannot read \"2020-13-01\" as a time; expected ISO 8601 "
            + "text (2013-01-01T06:00:00Z) or a finite number in the coordinate's units"),
        ("nat", ":/nat/time: row 2: cannot read NaT (-9223372036854775808) as a time; expected ISO 8601 "
            + "text (2013-01-01T06:00:00Z) or a finite number in the coordinate's units"),
        ("only_time", ":/only_time: no 1-D numeric dataset beside the time coordinate "
            + "/only_time/time; expected one dataset per column with one value per timestamp"),
    ])
    func badLayoutIsReportedWithPath(dataset: String, message: String) {
        let path = HDF5Fixtures.path("h5py_errors.h5")
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: path, dataset: dataset) } == path + message)
    }

    @Test func fileWithoutSeriesSaysWhatItExpected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("empty.h5")
        try HDF5Writer.write(HDF5Group(dimensions: [HDF5Dimension(name: "n", length: 2)],
                                       variables: [HDF5Variable(name: "v", dimensions: ["n"],
                                                                values: .float64([1, 2]))]),
                             to: path)
        #expect(hdf5ErrorMessage { try HDF5Reader().read(path: path) }
            == "\(path): no time series found (datasets in the file: /n, /v); expected a 2-D dataset "
            + "with a 1-D time dataset beside it, or a group of 1-D datasets beside a time dataset")
    }

    @Test func concurrentReadsAgree() async throws {
        let path = HDF5Fixtures.path("xarray_columns.h5")
        let reference = try HDF5Reader().read(path: path)
        try await withThrowingTaskGroup(of: TimeSeries.self) { group in
            for _ in 0..<8 { group.addTask { try HDF5Reader().read(path: path) } }
            for try await series in group { #expect(series == reference) }
        }
    }
}
