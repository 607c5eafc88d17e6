import Foundation
import Testing
import _ForecastTestSupport

/// The output contract, checked the way users read our files: every command's `--json` output and
/// every `.json` file validates against its schema in `Schemas/` (Python `jsonschema`), and every
/// CSV opens with `pandas.read_csv(path)` defaults, its time columns parsed by `pandas.to_datetime`.
@Suite struct OutputContractTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")
    static let small = ["--target", "temp_max_c", "--units", "4", "--lookback", "7", "--epochs", "2"]

    /// Validates `path` against `Schemas/<schema>.schema.json`.
    func expectValid(_ path: String, schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", schema, path]) as? [String: Any]
        let errors = report?["errors"] as? [String]
        #expect(errors == [], "\(path) against \(schema).schema.json: \(errors ?? ["no report"])", sourceLocation: sourceLocation)
    }

    /// Runs `forecast arguments`, expects success, and validates its standard output against `schema`.
    func expectValidOutput(_ arguments: [String], schema: String, in dir: TemporaryDirectory,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try runForecast(arguments)
        #expect(r.status == 0, "\(arguments): \(r.standardError)", sourceLocation: sourceLocation)
        #expect(!r.standardOutput.contains("\"nan\"") && !r.standardOutput.contains("secondsSinceEpoch"), sourceLocation: sourceLocation)
        let path = dir.file("\(schema)-\(arguments.count).json")
        try r.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
        try expectValid(path, schema: schema, sourceLocation: sourceLocation)
    }

    /// Reads `path` with pandas' defaults; returns its columns.
    func readWithPandas(_ path: String, times: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let report = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["csv", path] + times) as? [String: Any])
        #expect(report["error"] == nil, "\(path): \(report["error"] ?? "")", sourceLocation: sourceLocation)
        return report["columns"] as? [String] ?? []
    }

    @Test func everyCommandsJSONFollowsItsSchema() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try expectValidOutput(["inspect", "Datasets/weather_nyc_jfk_hourly_2013.csv", "--json"], schema: "inspect", in: dir)
        try expectValidOutput(["predict", Self.seattle] + Self.small + ["--json"], schema: "predict", in: dir)
        try expectValidOutput(["train", Self.seattle] + Self.small + ["--save", dir.file("m.h5"), "--json"], schema: "train", in: dir)
        try expectValidOutput(["predict", Self.seattle, "--model", dir.file("m.h5"), "--json"], schema: "predict", in: dir)
        try expectValidOutput(["export", dir.file("m.h5"), "--to", dir.file("m.keras"), "--json"], schema: "export", in: dir)
        // A mean-error of 0 actuals and a NaN MASE scale (a constant training part) come out as null.
        try expectValidOutput(["backtest", Self.seattle, "--models", "lstm,naive,mean", "--folds", "2", "--step", "3", "--json"]
                              + Self.small, schema: "backtest", in: dir)
        // With prediction intervals: lo_/hi_ members, interval metrics, the calibration.
        try expectValidOutput(["backtest", Self.seattle, "--models", "naive,drift", "--folds", "3", "--level", "80,95", "--json",
                               "--target", "temp_max_c"], schema: "backtest", in: dir)
        try expectValidOutput(["predict", Self.seattle] + Self.small + ["--level", "80", "--json"], schema: "predict", in: dir)
        // The model --models auto chose (here with its intervals), and a seed ensemble.
        try expectValidOutput(["predict", Self.seattle] + Self.small + ["--models", "auto", "--budget", "2", "--level", "80", "--json"],
                              schema: "predict", in: dir)
        try expectValidOutput(["train", Self.seattle] + Self.small + ["--ensemble", "2", "--save", dir.file("e.h5"), "--json"],
                              schema: "train", in: dir)
        // Per-series models (several series, no --global): model and training null, series_models per series.
        let sensors = ["Datasets/traffic_los_loop_speed_5min.csv", "--targets", "773869,767541", "--horizon", "6", "--lookback", "12",
                       "--units", "4", "--epochs", "1"]
        try expectValidOutput(["train"] + sensors + ["--models", "auto", "--budget", "1", "--save", dir.file("s.h5"), "--json"],
                              schema: "train", in: dir)
        try expectValidOutput(["predict"] + Array(sensors.prefix(3)) + ["--model", dir.file("s.h5"), "--json"], schema: "predict-series", in: dir)
    }

    @Test func jsonFilesFollowTheSchemasAndCSVFilesOpenInPandasWithDefaults() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for format in ["json", "csv"] {
            let p = try runForecast(["predict", Self.seattle] + Self.small + ["--output", dir.file("f.\(format)"), "--quiet"])
            #expect(p.status == 0, "\(p.standardError)")
            let b = try runForecast(["backtest", Self.seattle, "--models", "naive,drift", "--folds", "3", "--target", "temp_max_c",
                                     "--output", dir.file("b.\(format)"), "--quiet"])
            #expect(b.status == 0, "\(b.standardError)")
        }
        try expectValid(dir.file("f.json"), schema: "predict")
        try expectValid(dir.file("b.json"), schema: "backtest")
        try expectValid(dir.file("f.csv.stamp.json"), schema: "stamp")
        try expectValid(dir.file("b.csv.stamp.json"), schema: "stamp")
        #expect(try readWithPandas(dir.file("f.csv"), times: ["timestamp"]) == ["timestamp", "step", "forecast", "seasonal_naive"])
        #expect(try readWithPandas(dir.file("b.csv"), times: ["origin", "timestamp"])
                == ["model", "fold", "origin", "step", "timestamp", "actual", "forecast"])
        #expect(try readWithPandas(dir.file("b.leaderboard.csv"), times: [])
                == ["model", "mae", "rmse", "mape", "smape", "mase", "mean_error", "count"])
    }

    /// Every `--flag` named in a message or help text anywhere in the sources is an option of some
    /// command, so no error points at an option that does not exist.
    @Test func everyFlagNamedInTheSourcesExists() throws {
        var known: Set<String> = ["--help", "--version"]
        // check-hdf5 is hidden (forecast runs it on itself: IsolatedRead) but its options are real.
        for command in ["inspect", "predict", "backtest", "merge", "train", "export", "check-hdf5"] {
            let help = try runForecast([command, "--help"]).standardOutput
            for flag in Self.flags(in: help) { known.insert(flag) }
            // `--[no-]reset-after` style inversions.
            for match in help.matches(of: /--\[no-\]([a-z0-9-]+)/) {
                known.insert("--\(match.1)")
                known.insert("--no-\(match.1)")
            }
        }
        let sources = packageRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        var unknown: [String] = []
        for file in files where !file.hasPrefix("ForecastBenchmarks") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("\"") {
                for flag in Self.flags(in: String(line)) where !known.contains(flag) { unknown.append("\(file): \(flag)") }
            }
        }
        #expect(unknown == [])
    }

    static func flags(in text: String) -> [String] {
        text.matches(of: /(?:^|[^A-Za-z0-9-])(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*)/).map { String($0.output.1) }
    }
}
