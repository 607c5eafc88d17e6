import Foundation
import Testing
import _ForecastTestSupport

/// `forecast backtest` end to end through the built binary.
@Suite struct BacktestCommandTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    /// Seattle's `temp_max_c`, read straight from the CSV with no help from our loader.
    static func rawColumn() throws -> [Double] {
        let text = try String(contentsOfFile: seattle, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! }
    }

    @Test func baselineLeaderboardAgreesWithAnIndependentComputationOfTheSameFolds() throws {
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive,seasonal-naive,drift,mean",
                                 "--folds", "8", "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let board = try #require(try json(r)["leaderboard"] as? [[String: Any]])
        func mae(_ model: String) -> Double? { (board.first { $0["model"] as? String == model }?["metrics"] as? [String: Any])?["mae"] as? Double }
        // Independent loop: 8 folds of 7 days ending at the last row; origin o = n-1-7*(8-k+1)+... written out plainly.
        let y = try Self.rawColumn(), n = y.count, h = 7
        var naive = 0.0, seasonal = 0.0, drift = 0.0, mean = 0.0
        for k in 1...8 {
            let last = n - 1 - (8 - k) * h, origin = last - h
            let history = Array(y[0...origin])
            let slope = (history.last! - history.first!) / Double(history.count - 1)
            let average = history.reduce(0, +) / Double(history.count)
            for step in 1...h {
                let actual = y[origin + step]
                naive += abs(actual - history.last!)
                seasonal += abs(actual - history[history.count - h + (step - 1) % h])
                drift += abs(actual - (history.last! + slope * Double(step)))
                mean += abs(actual - average)
            }
        }
        let points = Double(8 * h)
        #expect(isClose(mae("naive") ?? .nan, naive / points, relative: 1e-12))
        #expect(isClose(mae("seasonal-naive") ?? .nan, seasonal / points, relative: 1e-12))
        #expect(isClose(mae("drift") ?? .nan, drift / points, relative: 1e-12))
        #expect(isClose(mae("mean") ?? .nan, mean / points, relative: 1e-12))
    }

    @Test func tablesMarkTheBestModelAndListFoldsAndSteps() throws {
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive,mean", "--folds", "3"])
        #expect(r.status == 0)
        let out = r.standardOutput
        #expect(out.contains("Backtest of temp_max_c: 3 folds × 7 steps"))
        #expect(out.contains("MAE per fold") && out.contains("MAE per step ahead"))
        let naiveRow = try #require(out.split(separator: "\n").first { $0.hasPrefix("naive ") })
        #expect(naiveRow.contains("*"))  // naive beats the historical mean on MAE
    }

    @Test func hdf5OutputHasModelOriginStepDimensionsAndReadsBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h5 = dir.file("bt.h5")
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive,drift", "--folds", "4",
                                 "--output", h5, "--plot", dir.file("bt.svg"), "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let seen = try PythonEnvironment.describeHDF5(h5)
        let xr = try #require(seen["xarray"] as? [String: Any])
        let vars = try #require(xr["data_vars"] as? [String: [String: Any]])
        #expect(vars["forecast"]?["dims"] as? [String] == ["model", "origin", "step"])
        let coords = try #require(xr["coords"] as? [String: [String: Any]])
        #expect(coords["origin"]?["dtype"] as? String == "datetime64[ns]")
        #expect(coords["model"]?["values"] as? [String] == ["naive", "drift"])
        #expect(vars["timestamp"]?["dtype"] as? String == "datetime64[ns]")
        // The JSON's points agree with the file.
        let points = try #require(try json(r)["points"] as? [[String: Any]])
        let values = try #require(vars["forecast"]?["values"] as? [[[Double]]])
        #expect(values[0][0][0] == points[0]["forecast"] as? Double)
        // Our loader reads the per-point group as a series.
        let back = try runForecast(["inspect", h5, "--dataset", "/points", "--json"])
        #expect(back.status == 0, "\(back.standardError)")
        #expect(try json(back)["rows"] as? Int == 28)
        #expect(FileManager.default.fileExists(atPath: dir.file("bt.svg")))
    }

    /// With `--step` below `--horizon`, folds overlap and a time is forecast from several origins: the
    /// points group keeps one row per time (the latest origin's forecast), so it still reads back.
    @Test func overlappingFoldsReadBackWithOneRowPerTime() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h5 = dir.file("bt.h5")
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive", "--folds", "3", "--step", "2",
                                 "--output", h5, "--quiet"])
        #expect(r.status == 0, "\(r.standardError)")
        let back = try runForecast(["inspect", h5, "--dataset", "/points", "--json"])
        #expect(back.status == 0, "\(back.standardError)")
        let described = try json(back)
        #expect(described["rows"] as? Int == 7 + 2 * 2)  // fold 1's 7 days, then 2 new days per later fold
        #expect(described["end"] as? String == "2015-12-31T00:00:00Z")
        let seen = try PythonEnvironment.describeHDF5(h5, group: "points")
        let step = try #require(((seen["xarray"] as? [String: Any])?["data_vars"] as? [String: [String: Any]])?["step"]?["values"] as? [Int])
        // Folds 1 and 2 keep their first two days; fold 3, the latest origin, keeps all seven.
        #expect(step == [1, 2, 1, 2, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test func csvOutputHasOneRowPerForecastPoint() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive", "--folds", "2",
                                 "--output", dir.file("bt.csv")])
        #expect(r.status == 0)
        let lines = try String(contentsOfFile: dir.file("bt.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "model,fold,origin,step,timestamp,actual,forecast")
        #expect(lines.count == 1 + 2 * 7)
        #expect(lines[1].hasPrefix("naive,1,2015-12-17T00:00:00,1,2015-12-18T00:00:00,"))
        let board = try String(contentsOfFile: dir.file("bt.leaderboard.csv"), encoding: .utf8).split(separator: "\n")
        #expect(board.first == "model,mae,rmse,mape,smape,mase,mean_error,count")
        #expect(board.count == 2 && board[1].hasPrefix("naive,"))
        #expect(FileManager.default.fileExists(atPath: dir.file("bt.csv.stamp.json")))
    }

    @Test func networksRunOnTwoThreadsWithResultsIdenticalToOne() throws {
        let common = ["backtest", Self.seattle, "--target", "temp_max_c", "--models", "gru,rnn,naive", "--folds", "2",
                      "--units", "4", "--lookback", "7", "--epochs", "2", "--json"]
        let one = try json(try runForecast(common + ["--threads", "1"]))
        let two = try json(try runForecast(common + ["--threads", "2"]))
        let p1 = try #require(one["points"] as? [[String: Any]]), p2 = try #require(two["points"] as? [[String: Any]])
        #expect(p1.count == 3 * 2 * 7)
        #expect(p1.map { $0["forecast"] as? Double } == p2.map { $0["forecast"] as? Double })
        // Each network is stamped with its own cell.
        let networks = try #require(((one["stamp"] as? [String: Any])?["configuration"] as? [String: Any])?["networks"] as? [String: [String: Any]])
        #expect(networks["gru"]?["cell"] as? String == "gru" && networks["rnn"]?["cell"] as? String == "rnn")
        #expect(networks["naive"] == nil)
    }

    @Test(arguments: [
        (["--folds", "400"], 65, "--folds 400"),
        (["--season", "2000", "--models", "seasonal-naive"], 65, "--season 2000"),
        (["--models", "arima,naive"], 64, "--models: unknown model \"arima\"; expected any of rnn, lstm, gru, global-rnn, global-lstm, global-gru, naive"),
        (["--horizon", "0"], 64, "--horizon 0: the horizon must be at least 1 step"),
        (["--refit-every", "sometimes"], 64, "'sometimes' is invalid for '--refit-every <k|every-fold|once>': expected every-fold, once"),
    ])
    func badInputGivesOneLine(arguments: [String], status: Int32, message: String) throws {
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c"] + arguments)
        #expect(r.status == status, "\(r.standardError)")
        #expect(r.standardError.hasPrefix("error: ") && r.standardError.split(separator: "\n").count == 1)
        #expect(r.standardError.contains(message), "\(r.standardError)")
    }
}

@Suite struct GapWarningTests {
    @Test func longGapsAreWarnedAboutBeforeModelling() throws {
        let r = try runForecast(["backtest", "Datasets/traffic_i94_hourly.csv", "--target", "traffic_volume", "--models", "naive", "--folds", "1"])
        #expect(r.status == 0)
        #expect(r.standardError.hasPrefix("warning: Datasets/traffic_i94_hourly.csv: 11976 timestamps are missing in 2588 gaps (largest: 7386 after 2014-08-08T01:00:00)"))
    }

    @Test func shortGapsAndMarketHolidaysAreNot() throws {
        // JFK from June on: 13 short gaps (at most 5 hours) and no blank temperature; MSFT: holidays.
        for (file, target, from) in [("weather_nyc_jfk_hourly_2013.csv", "temp_f", "2013-06-01"), ("stock_msft_daily.csv", "close", "1986-01-01")] {
            let r = try runForecast(["backtest", "Datasets/\(file)", "--target", target, "--models", "naive", "--folds", "1", "--from", from])
            #expect(r.status == 0)
            #expect(r.standardError.isEmpty, "\(file): \(r.standardError)")
        }
    }
}
