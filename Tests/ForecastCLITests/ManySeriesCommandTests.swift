import Foundation
import Testing
import _ForecastTestSupport

/// `forecast backtest --targets` and `forecast predict --targets`: many series of a wide file in one
/// run, end to end.
@Suite struct ManySeriesCommandTests {
    static let sensors = datasetPath("traffic_los_loop_speed_5min.csv")
    static let three = ["--targets", "773869,767541,767542", "--models", "naive,seasonal-naive", "--folds", "3", "--horizon", "12"]

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    @Test func eachSeriesEqualsItsOwnSingleSeriesBacktest() throws {
        let many = try runForecast(["backtest", Self.sensors] + Self.three + ["--json"])
        #expect(many.status == 0, "\(many.standardError)")
        let series = try #require(try json(many)["series"] as? [[String: Any]])
        #expect(series.map { $0["unique_id"] as? String } == ["773869", "767541", "767542"])
        for s in series {
            let id = try #require(s["unique_id"] as? String)
            let one = try runForecast(["backtest", Self.sensors, "--target", id, "--models", "naive,seasonal-naive", "--folds", "3",
                                       "--horizon", "12", "--json"])
            let alone = try #require(try json(one)["leaderboard"] as? [[String: Any]])
            let mine = try #require(s["leaderboard"] as? [[String: Any]])
            #expect(NSArray(array: mine).isEqual(to: alone), "series \(id)")
        }
    }

    @Test func outputsCarryASeriesDimensionForXarrayAndLongRowsForPandas() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for file in ["bt.h5", "bt.csv", "bt.json"] {
            let r = try runForecast(["backtest", Self.sensors] + Self.three + ["--level", "80", "--output", dir.file(file), "--quiet"])
            #expect(r.status == 0, "\(r.standardError)")
        }
        let xarray = try #require(try PythonEnvironment.describeHDF5(dir.file("bt.h5"))["xarray"] as? [String: Any])
        let dims = try #require(xarray["dims"] as? [String: Int])
        #expect(dims["series"] == 3 && dims["model"] == 2 && dims["origin"] == 3 && dims["step"] == 12 && dims["level"] == 1)
        let variables = try #require(xarray["data_vars"] as? [String: Any])
        let forecast = try #require(variables["forecast"] as? [String: Any])
        #expect(forecast["dims"] as? [String] == ["series", "model", "origin", "step"])
        let coords = try #require(xarray["coords"] as? [String: Any])
        #expect((coords["origin"] as? [String: Any])?["dtype"] as? String == "datetime64[ns]")
        #expect((coords["series"] as? [String: Any])?["values"] as? [String] == ["773869", "767541", "767542"])

        let csv = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["csv", dir.file("bt.csv"), "origin", "timestamp"])
                               as? [String: Any])
        #expect(csv["error"] == nil)
        #expect(csv["columns"] as? [String]
                == ["unique_id", "model", "fold", "origin", "step", "timestamp", "actual", "forecast", "lo_80", "hi_80"])
        let check = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", "backtest-series", dir.file("bt.json")])
                                 as? [String: Any])
        #expect(check["errors"] as? [String] == [], "\(check)")
        let text = try String(contentsOfFile: dir.file("bt.csv"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1 + 3 * 2 * 3 * 12)
        #expect(FileManager.default.fileExists(atPath: dir.file("bt.series.csv")))
        #expect(FileManager.default.fileExists(atPath: dir.file("bt.aggregate.csv")))
    }

    /// Past 30 series the table gives quantiles of MASE instead of a row per series.
    @Test func hundredsOfSeriesAreSummarised() throws {
        let r = try runForecast(["backtest", Self.sensors, "--targets", "all", "--models", "naive,seasonal-naive", "--folds", "2",
                                 "--horizon", "12", "--quiet"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("Backtest of 207 series"))
        #expect(r.standardOutput.contains("MASE across the 207 series (quantiles"))
        #expect(!r.standardOutput.contains("MASE per series"))
    }

    @Test func badCombinationsGetOneLineNamingTheOption() throws {
        let both = try runForecast(["backtest", Self.sensors, "--target", "773869", "--targets", "all"])
        #expect(both.status == 64 && both.standardError.contains("--target and --targets"))
        let unknown = try runForecast(["backtest", Self.sensors, "--targets", "773869,nope", "--models", "naive"])
        #expect(unknown.status != 0 && unknown.standardError.contains("no column named \"nope\""))
        let strict = try runForecast(["backtest", Self.sensors, "--target", "773869", "--strict"])
        #expect(strict.status == 64 && strict.standardError.contains("--strict applies to several series"))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let plot = try runForecast(["predict", Self.sensors, "--targets", "773869,767541", "--plot", dir.file("x.svg"),
                                    "--series", "nope"] + Self.network)
        #expect(plot.status == 64 && plot.standardError.contains("--series nope: no such series"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.svg")))
        let series = try runForecast(["backtest", Self.sensors, "--target", "773869", "--series", "773869"])
        #expect(series.status == 64 && series.standardError.contains("--series applies to several series"))
    }

    static let network = ["--horizon", "6", "--lookback", "12", "--units", "4", "--epochs", "2", "--threads", "1"]

    /// One network per series with the same seed: each series' forecast is that of `--target` alone.
    @Test func predictForecastsEachSeriesAsItsOwnTargetWould() throws {
        let many = try runForecast(["predict", Self.sensors, "--targets", "773869,767541"] + Self.network + ["--json"])
        #expect(many.status == 0, "\(many.standardError)")
        let points = try #require(try json(many)["points"] as? [[String: Any]])
        #expect(points.count == 2 * 6)
        for id in ["773869", "767541"] {
            let one = try runForecast(["predict", Self.sensors, "--target", id] + Self.network + ["--json"])
            let alone = try #require(try json(one)["points"] as? [[String: Any]]).map { $0["forecast"] as? Double }
            #expect(points.filter { $0["unique_id"] as? String == id }.map { $0["forecast"] as? Double } == alone, "series \(id)")
        }
    }

    @Test func predictWritesLongRowsAndASeriesDimension() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for file in ["f.csv", "f.h5", "f.json"] {
            let r = try runForecast(["predict", Self.sensors, "--targets", "773869,767541,767542"] + Self.network
                                    + ["--level", "80", "--calibration-windows", "4", "--output", dir.file(file), "--quiet"])
            #expect(r.status == 0, "\(r.standardError)")
        }
        let csv = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["csv", dir.file("f.csv"), "timestamp"])
                               as? [String: Any])
        #expect(csv["error"] == nil)
        #expect(csv["columns"] as? [String] == ["unique_id", "timestamp", "step", "forecast", "lo_80", "hi_80"])
        let check = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", "predict-series", dir.file("f.json")])
                                 as? [String: Any])
        #expect(check["errors"] as? [String] == [], "\(check)")
        let xarray = try #require(try PythonEnvironment.describeHDF5(dir.file("f.h5"))["xarray"] as? [String: Any])
        #expect(xarray["dims"] as? [String: Int] == ["series": 3, "step": 6, "level": 1])
        let forecast = try #require((xarray["data_vars"] as? [String: Any])?["forecast"] as? [String: Any])
        #expect(forecast["dims"] as? [String] == ["series", "step"])
    }

    /// `--plot` draws the chosen series as small multiples above the MASE distribution of every model.
    @Test func backtestPlotsTheChosenSeriesAndTheMASEDistribution() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["backtest", Self.sensors] + Self.three + ["--plot", dir.file("g.svg"), "--series", "767542,773869", "--quiet"])
        #expect(r.status == 0, "\(r.standardError)")
        let svg = try String(contentsOfFile: dir.file("g.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "<svg ").count - 1 == 1 + 2 + 1)   // the page, two panels, the box plot
        #expect(svg.contains("767542: naive") && svg.contains("773869: naive"))
        #expect(svg.contains("MASE per series (3 series"))
        let unknown = try runForecast(["backtest", Self.sensors] + Self.three + ["--plot", dir.file("h.svg"), "--series", "nope"])
        #expect(unknown.status != 0 && unknown.standardError.contains("--series nope: no such series"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("h.svg")))
    }

    static let tickers = datasetPath("stock_sp500_top50_daily.csv")

    /// Nixtla's long layout needs no option beyond the target: `unique_id` names the series.
    @Test func aLongFileIsSplitByItsIdWithNoOption() throws {
        let r = try runForecast(["backtest", Self.tickers, "--target", "close", "--models", "naive,drift", "--folds", "2", "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let series = try #require(try json(r)["series"] as? [[String: Any]])
        #expect(series.count == 50)
        #expect(series.first?["unique_id"] as? String == "AAPL")
        let targets = try runForecast(["backtest", Self.tickers, "--targets", "all"])
        #expect(targets.status == 64 && targets.standardError.contains("long file"))
    }

    @Test func inspectListsTheSeriesOfALongFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["inspect", datasetPath("weather_nyc_3airports_hourly_2013.csv"), "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        try r.standardOutput.write(toFile: dir.file("i.json"), atomically: true, encoding: .utf8)
        let check = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", "inspect", dir.file("i.json")])
                                 as? [String: Any])
        #expect(check["errors"] as? [String] == [], "\(check)")
        let series = try #require(try json(r)["series"] as? [[String: Any]])
        // Datasets/README.md: EWR 8,703 rows, JFK and LGA 8,706.
        #expect(series.map { $0["unique_id"] as? String } == ["EWR", "JFK", "LGA"])
        #expect(series.map { $0["rows"] as? Int } == [8703, 8706, 8706])
        #expect(series.allSatisfy { $0["frequency"] as? String == "hourly" })
        let table = try runForecast(["inspect", datasetPath("weather_nyc_3airports_hourly_2013.csv")])
        #expect(table.standardOutput.contains("3 series by \"unique_id\""))
    }

    /// Many series in HDF5 (variables over (series, time), as xarray writes them) backtest exactly as
    /// the long CSV they were made from.
    @Test func anHDF5FileWithASeriesDimensionBacktestsAsItsLongCSV() throws {
        let fixtures = packageRoot + "/Tests/ForecastIOTests/Fixtures"
        let options = ["--target", "close", "--models", "naive,drift,seasonal-naive", "--folds", "3", "--horizon", "5", "--json"]
        let h5 = try runForecast(["backtest", fixtures + "/hdf5/xarray_series_time.h5"] + options)
        let csv = try runForecast(["backtest", fixtures + "/csv/long_three_tickers.csv"] + options)
        #expect(h5.status == 0, "\(h5.standardError)")
        #expect(csv.status == 0, "\(csv.standardError)")
        let a = try #require(try json(h5)["series"] as? [[String: Any]]), b = try #require(try json(csv)["series"] as? [[String: Any]])
        #expect(a.count == 3)
        #expect(NSArray(array: a.map { $0["leaderboard"] ?? [] }).isEqual(to: b.map { $0["leaderboard"] ?? [] }))
    }
}
