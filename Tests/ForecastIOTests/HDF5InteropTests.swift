import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastCore
@testable import ForecastIO

/// Files from ``HDF5Writer`` opened by h5py and by `xarray.open_dataset(engine="h5netcdf")`,
/// through Scripts/python/describe_hdf5.py run in the test virtual environment.
@Suite struct HDF5InteropTests {
    static func describe(_ path: String, group: String? = nil) throws -> [String: Any] {
        try PythonEnvironment.describeHDF5(path, group: group)
    }

    @Test func seriesFileOpensInH5pyAndXarray() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("series.h5")
        try HDF5Writer.writeSeries(HDF5WriterTests.sample, to: path,
                                   attributes: ["source": "forecast test", "epochs": 20])
        let seen = try Self.describe(path)

        let xr = try #require(seen["xarray"] as? [String: Any])
        #expect(xr["dims"] as? [String: Int] == ["time": 4])
        let coords = try #require(xr["coords"] as? [String: [String: Any]])
        #expect(coords.keys.sorted() == ["time"])
        #expect(coords["time"]?["dtype"] as? String == "datetime64[ns]")
        #expect(coords["time"]?["values"] as? [String]
            == ["2013-01-01T06:00:00", "2013-01-01T07:00:00", "2013-01-01T08:00:00", "1969-12-31T23:00:00"])
        let vars = try #require(xr["data_vars"] as? [String: [String: Any]])
        #expect(vars.keys.sorted() == ["temp_f", "wind speed", "ärger"])
        #expect(vars["temp_f"]?["dims"] as? [String] == ["time"])
        #expect(vars["temp_f"]?["dtype"] as? String == "float64")
        // NaN comes back as null; the rest exactly.
        let temp = try #require(vars["temp_f"]?["values"] as? [Any])
        #expect(temp[0] as? Double == 30.5)
        #expect(temp[1] is NSNull)
        #expect(temp[2] as? Double == -2.25)
        #expect(temp[3] as? Double == 1e300)
        let attrs = try #require(xr["attrs"] as? [String: [String: Any]])
        #expect(attrs["source"]?["type"] as? String == "str")
        #expect(attrs["source"]?["value"] as? String == "forecast test")
        #expect(attrs["epochs"]?["value"] as? Int == 20)

        let h5 = try #require(seen["h5py"] as? [String: Any])
        let datasets = try #require(h5["datasets"] as? [String: [String: Any]])
        #expect(datasets.keys.sorted() == ["/temp_f", "/time", "/wind speed", "/ärger"])
        #expect(datasets["/time"]?["dtype"] as? String == "int64")
        let timeAttrs = try #require(datasets["/time"]?["attrs"] as? [String: [String: Any]])
        #expect(timeAttrs["units"]?["type"] as? String == "str")
        #expect(timeAttrs["units"]?["value"] as? String == "seconds since 1970-01-01 00:00:00")
        #expect(timeAttrs["calendar"]?["value"] as? String == "standard")
        let rootAttrs = try #require(h5["attrs"] as? [String: [String: Any]])
        #expect(rootAttrs["source"]?["type"] as? String == "str")
    }

    @Test func backtestLayoutOpensInXarrayWithAllDimensionsLabelled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("backtest.h5")
        let origins = [Timestamp(year: 2020, month: 1, day: 1), Timestamp(year: 2020, month: 1, day: 8)]
        let root = HDF5Group(
            attributes: ["title": "backtest", "horizon": 3, "learning_rate": 0.001],
            dimensions: [.labels("model", ["lstm", "seasonal_naive"]), .time(origins, name: "origin"),
                         .integers("step", [1, 2, 3]), HDF5Dimension(name: "member", length: 2)],
            variables: [
                HDF5Variable(name: "prediction", dimensions: ["model", "origin", "step"],
                             values: .float32((0..<12).map(Float.init)), attributes: ["units": "degC"]),
                HDF5Variable(name: "target_time", dimensions: ["origin", "step"],
                             values: .timestamps((0..<6).map { origins[$0 / 3].adding(days: $0 % 3 + 1) })),
                HDF5Variable(name: "noise", dimensions: ["member"], values: .float64([0.5, 1.5])),
            ],
            groups: [HDF5Group(name: "forecast", attributes: ["model": "lstm"],
                               dimensions: [.time([Timestamp(year: 2021, month: 6, day: 1)])],
                               variables: [HDF5Variable(name: "forecast", dimensions: ["time"],
                                                        values: .float64([3.25]))])])
        try HDF5Writer.write(root, to: path)
        let xr = try #require(try Self.describe(path)["xarray"] as? [String: Any])
        #expect(xr["dims"] as? [String: Int] == ["model": 2, "origin": 2, "step": 3, "member": 2])
        let coords = try #require(xr["coords"] as? [String: [String: Any]])
        #expect(coords.keys.sorted() == ["model", "origin", "step"])  // member has no coordinate
        #expect(coords["model"]?["values"] as? [String] == ["lstm", "seasonal_naive"])
        #expect((coords["model"]?["dtype"] as? String)?.hasPrefix("<U") == true)
        #expect(coords["origin"]?["dtype"] as? String == "datetime64[ns]")
        #expect(coords["origin"]?["values"] as? [String] == ["2020-01-01T00:00:00", "2020-01-08T00:00:00"])
        #expect(coords["step"]?["dtype"] as? String == "int64")
        #expect(coords["step"]?["values"] as? [Int] == [1, 2, 3])
        let vars = try #require(xr["data_vars"] as? [String: [String: Any]])
        #expect(vars["prediction"]?["dims"] as? [String] == ["model", "origin", "step"])
        #expect(vars["prediction"]?["dtype"] as? String == "float32")
        #expect(vars["prediction"]?["values"] as? [[[Double]]]
            == [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]])
        #expect(vars["target_time"]?["dtype"] as? String == "datetime64[ns]")
        #expect(vars["target_time"]?["values"] as? [[String]]
            == [["2020-01-02T00:00:00", "2020-01-03T00:00:00", "2020-01-04T00:00:00"],
                ["2020-01-09T00:00:00", "2020-01-10T00:00:00", "2020-01-11T00:00:00"]])
        #expect(vars["noise"]?["dims"] as? [String] == ["member"])
        let attrs = try #require(xr["attrs"] as? [String: [String: Any]])
        #expect(attrs["horizon"]?["value"] as? Int == 3)
        #expect(attrs["learning_rate"]?["value"] as? Double == 0.001)

        let group = try #require(try Self.describe(path, group: "forecast")["xarray"] as? [String: Any])
        let groupVars = try #require(group["data_vars"] as? [String: [String: Any]])
        #expect(groupVars["forecast"]?["values"] as? [Double] == [3.25])
        let groupCoords = try #require(group["coords"] as? [String: [String: Any]])
        #expect(groupCoords["time"]?["values"] as? [String] == ["2021-06-01T00:00:00"])
    }
}
