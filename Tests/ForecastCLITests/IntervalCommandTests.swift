import Foundation
import Testing
import _ForecastTestSupport

/// `--level` on predict and backtest, end to end.
@Suite struct IntervalCommandTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    @Test func predictCarriesNestedIntervalsInEveryOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["predict", Self.seattle, "--target", "temp_max_c", "--units", "4", "--lookback", "7", "--epochs", "2",
                                 "--level", "80,95", "--json", "--output", dir.file("f.csv")])
        #expect(r.status == 0, "\(r.standardError)")
        let j = try json(r)
        let calibration = try #require(j["calibration"] as? [String: Any])
        #expect(calibration["levels"] as? [Int] == [80, 95] && calibration["windows"] as? Int == 20)
        let points = try #require(j["points"] as? [[String: Any]])
        for p in points {
            let (f, lo80, hi80, lo95, hi95) = (p["forecast"] as! Double, p["lo_80"] as! Double, p["hi_80"] as! Double,
                                               p["lo_95"] as! Double, p["hi_95"] as! Double)
            #expect(lo95 <= lo80 && lo80 <= f && f <= hi80 && hi80 <= hi95)
        }
        let header = try String(contentsOfFile: dir.file("f.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "timestamp,step,forecast,lo_80,hi_80,lo_95,hi_95,seasonal_naive")
        let table = try runForecast(["predict", Self.seattle, "--target", "temp_max_c", "--units", "4", "--lookback", "7", "--epochs", "2",
                                     "--level", "80"])
        #expect(table.standardOutput.contains("intervals: 80 % symmetric split-conformal from 20 calibration windows (20 refits"))
        #expect(table.standardOutput.contains("lo_80") && table.standardOutput.contains("hi_80"))
    }

    @Test func backtestReportsCoveragePerModelLevelAndStep() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive,seasonal-naive", "--folds", "6",
                                 "--level", "80,95", "--json", "--output", dir.file("bt.h5")])
        #expect(r.status == 0, "\(r.standardError)")
        let j = try json(r)
        #expect(j["levels"] as? [Int] == [80, 95])
        let metrics = try #require(j["interval_metrics"] as? [[String: Any]])
        #expect(metrics.count == 2 * 2 * (1 + 7))   // models × levels × (all steps + each step)
        let overall = try #require(metrics.first { $0["model"] as? String == "naive" && $0["level"] as? Int == 80 && $0["step"] is NSNull })
        #expect(overall["count"] as? Int == 42)
        let coverage = try #require(overall["coverage"] as? Double)
        #expect((overall["coverage_low"] as? Double ?? 2) <= coverage && coverage <= (overall["coverage_high"] as? Double ?? -1))
        // The points' bounds agree with the coverage.
        let points = try #require(j["points"] as? [[String: Any]]).filter { $0["model"] as? String == "naive" }
        let inside = points.filter { ($0["lo_80"] as! Double) <= ($0["actual"] as! Double) && ($0["actual"] as! Double) <= ($0["hi_80"] as! Double) }
        #expect(Double(inside.count) / Double(points.count) == coverage)
        let seen = try PythonEnvironment.describeHDF5(dir.file("bt.h5"))
        let vars = try #require((seen["xarray"] as? [String: Any])?["data_vars"] as? [String: [String: Any]])
        #expect(vars["lower"]?["dims"] as? [String] == ["model", "level", "origin", "step"])
        #expect(vars["coverage"]?["dims"] as? [String] == ["model", "level"])
        let table = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive", "--folds", "6", "--level", "80"])
        #expect(table.standardOutput.contains("Prediction intervals (split-conformal") && table.standardOutput.contains("Coverage per step ahead"))
    }

    @Test(arguments: [
        (["--level", "100"], 64, "--level 100: level 100: expected a percentage above 0 and below 100"),
        (["--level", "80,80"], 64, "level 80 is given twice"),
        (["--level", "99", "--calibration-windows", "20"], 65, "a 99 % symmetric interval needs at least 99 calibration windows"),
        (["--calibration-windows", "30"], 64, "--calibration-windows applies to intervals; give --level too"),
    ])
    func badLevelsGiveOneLine(arguments: [String], status: Int32, message: String) throws {
        let r = try runForecast(["backtest", Self.seattle, "--target", "temp_max_c", "--models", "naive", "--folds", "2"] + arguments)
        #expect(r.status == status, "\(r.standardError)")
        #expect(r.standardError.hasPrefix("error: ") && r.standardError.split(separator: "\n").count == 1)
        #expect(r.standardError.contains(message), "\(r.standardError)")
    }
}

/// `train --level` stores the calibration; `predict --model` gives the same intervals without recalibrating.
@Suite struct StoredCalibrationTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")
    static let small = ["--target", "temp_max_c", "--units", "4", "--lookback", "7", "--epochs", "2"]

    func points(_ r: CommandResult) throws -> [[String: Any]] {
        #expect(r.status == 0, "\(r.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        return try #require(j["points"] as? [[String: Any]])
    }

    @Test func aSavedCalibrationGivesTheIntervalsOfTheTrainingRun() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let direct = try points(runForecast(["predict", Self.seattle] + Self.small + ["--level", "80,95", "--json"]))
        let train = try runForecast(["train", Self.seattle] + Self.small + ["--level", "80,95", "--save", dir.file("m.h5"), "--json"])
        #expect(train.status == 0, "\(train.standardError)")
        let loaded = try points(runForecast(["predict", Self.seattle, "--model", dir.file("m.h5"), "--json"]))
        for key in ["forecast", "lo_80", "hi_80", "lo_95", "hi_95"] {
            #expect(direct.map { $0[key] as? Double } == loaded.map { $0[key] as? Double }, "\(key)")
        }
        let only80 = try points(runForecast(["predict", Self.seattle, "--model", dir.file("m.h5"), "--level", "80", "--json"]))
        #expect(only80[0]["lo_80"] != nil && only80[0]["lo_95"] == nil)
        let r = try runForecast(["predict", Self.seattle, "--model", dir.file("m.h5"), "--level", "90"])
        #expect(r.status == 65 && r.standardError.contains("level 90 was not calibrated when the model was trained (it has 80, 95)"))
    }

    @Test func aModelWithoutCalibrationRefusesLevels() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(try runForecast(["train", Self.seattle] + Self.small + ["--save", dir.file("m.h5"), "--quiet"]).status == 0)
        let r = try runForecast(["predict", Self.seattle, "--model", dir.file("m.h5"), "--level", "80"])
        #expect(r.status == 65)
        #expect(r.standardError.contains("carries no interval calibration; train it with --level"))
    }
}
