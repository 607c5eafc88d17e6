import Foundation
import Testing
import _ForecastTestSupport

/// `forecast predict` end to end through the built binary. Models are tiny so the debug build trains
/// them in a moment; what is pinned is the plumbing (dates, scaling, outputs, stamps, errors), while
/// the numerics are pinned by the library tests.
@Suite struct PredictCommandTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")
    /// A small, fast model on Seattle's daily maximum temperature.
    static let small = ["predict", seattle, "--target", "temp_max_c", "--units", "8", "--lookback", "7", "--epochs", "3"]

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    /// The `forecast` of each point of a predict document.
    func values(_ j: [String: Any]) -> [Double]? {
        (j["points"] as? [[String: Any]])?.compactMap { $0["forecast"] as? Double }
    }

    /// The `timestamp` of each point of a predict document.
    func timestamps(_ j: [String: Any]) -> [String]? {
        (j["points"] as? [[String: Any]])?.compactMap { $0["timestamp"] as? String }
    }

    @Test func forecastIsDatedOnTheSeriesGridAndPlausible() throws {
        let r = try runForecast(Self.small + ["--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let j = try json(r)
        #expect(j["target"] as? String == "temp_max_c")
        let model = try #require(j["model"] as? [String: Any])
        #expect(model["horizon"] as? Int == 7)  // one season of a daily series
        #expect(model["lookback"] as? Int == 7)
        #expect(model["name"] as? String == "lstm")
        #expect(timestamps(j)?.first == "2016-01-01T00:00:00")
        #expect(timestamps(j)?.last == "2016-01-07T00:00:00")
        let forecast = try #require(values(j))
        #expect(forecast.count == 7)
        // Seattle's daily maximum ranges from -1.6 to 35.6 °C (Datasets/README.md).
        #expect(forecast.allSatisfy { $0.isFinite && $0 > -15 && $0 < 45 })
        let training = try #require(j["training"] as? [String: Any])
        for key in ["train_loss", "val_loss", "epochs_run", "seconds", "training_windows"] {
            #expect(training[key] != nil, "missing \(key)")
        }
        let stamp = try #require(j["stamp"] as? [String: Any])
        #expect(stamp["seed"] as? Int == 42)
        #expect((stamp["configuration"] as? [String: Any])?["units"] as? [Int] == [8])
        #expect(stamp["input_sha256"] as? String == "30b399a965f5c519820b593515a64c0b059990d47318a877a30250dfa99473fe")
    }

    @Test func sameSeedAndThreadsGiveBitIdenticalForecasts() throws {
        let a = try json(try runForecast(Self.small + ["--json", "--seed", "7"]))
        let b = try json(try runForecast(Self.small + ["--json", "--seed", "7"]))
        let c = try json(try runForecast(Self.small + ["--json", "--seed", "8"]))
        #expect(values(a) == values(b))
        #expect(values(a) != values(c))
    }

    /// `--threads auto` (the default) takes the cores this process may use, at most one per 16 windows of
    /// a batch, and the JSON and stamp say how many; `--threads 1` reproduces a 1-thread run.
    @Test func defaultThreadsAreTheCoresAtMostOnePer16WindowsAndAreStamped() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for (batch, expected) in [(32, min(cores, 2)), (64, min(cores, 4)), (8, 1)] {
            let j = try json(try runForecast(Self.small + ["--json", "--batch-size", "\(batch)"]))
            #expect((j["stamp"] as? [String: Any])?["threads"] as? Int == expected, "batch \(batch)")
        }
        let one = try json(try runForecast(Self.small + ["--json", "--threads", "1"]))
        let again = try json(try runForecast(Self.small + ["--json", "--threads", "1"]))
        #expect((one["stamp"] as? [String: Any])?["threads"] as? Int == 1)
        #expect(values(one) == values(again))
    }

    @Test func businessDayForecastsSkipTheWeekend() throws {
        let r = try runForecast(["predict", datasetPath("stock_msft_daily.csv"), "--target", "close", "--units", "4",
                                 "--epochs", "1", "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        // The last row is Friday 2017-11-10; five business days follow from Monday.
        #expect(timestamps(try json(r)) == ["2017-11-13T00:00:00", "2017-11-14T00:00:00",
                                                           "2017-11-15T00:00:00", "2017-11-16T00:00:00",
                                                           "2017-11-17T00:00:00"])
    }

    @Test func hdf5OutputOpensInXarrayWithDatesAndMatchesTheJSON() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let h5 = dir.file("forecast.h5")
        let r = try runForecast(Self.small + ["--json", "--output", h5])
        #expect(r.status == 0, "\(r.standardError)")
        let j = try json(r)
        let seen = try PythonEnvironment.describeHDF5(h5)
        let xr = try #require(seen["xarray"] as? [String: Any])
        let coords = try #require(xr["coords"] as? [String: Any])
        let time = try #require(coords["time"] as? [String: Any])
        #expect(time["dtype"] as? String == "datetime64[ns]")
        let isoTimes = timestamps(j) ?? []  // a naive file: neither side has a "Z"
        #expect(time["values"] as? [String] == isoTimes)
        let vars = try #require(xr["data_vars"] as? [String: Any])
        let forecast = try #require(vars["forecast"] as? [String: Any])
        #expect(forecast["dims"] as? [String] == ["time"])
        #expect(forecast["values"] as? [Double] == values(j))
        // describe_hdf5.py reports each attribute as {"type": python type, "value": …}; "str" means
        // xarray decoded it to a Python string.
        let attrs = try #require(xr["attrs"] as? [String: [String: Any]])
        #expect(attrs["target"]?["type"] as? String == "str")
        #expect(attrs["target"]?["value"] as? String == "temp_max_c")
        #expect(attrs["input"]?["value"] as? String == Self.seattle)
        #expect(attrs["input_sha256"]?["value"] as? String == "30b399a965f5c519820b593515a64c0b059990d47318a877a30250dfa99473fe")
        // Our own loader reads it back (layout B).
        let back = try runForecast(["inspect", h5, "--json"])
        #expect(back.status == 0, "\(back.standardError)")
        let described = try json(back)
        #expect(described["rows"] as? Int == 7)
        #expect((described["columns"] as? [[String: Any]])?.map { $0["name"] as? String } == ["forecast", "step", "seasonal_naive"])
    }

    @Test func csvOutputCarriesTheStampAndTheValues() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = dir.file("forecast.csv")
        let r = try runForecast(Self.small + ["--json", "--output", csv, "--plot", dir.file("p.svg")])
        #expect(r.status == 0, "\(r.standardError)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("timestamp,step,forecast,seasonal_naive\n2016-01-01T00:00:00,1,"))
        let stamp = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: csv + ".stamp.json"))) as? [String: Any])
        #expect(stamp["input_sha256"] as? String == "30b399a965f5c519820b593515a64c0b059990d47318a877a30250dfa99473fe")
        #expect(stamp["seed"] as? Int == 42 && stamp["schema_version"] as? Int == 1)
        let svg = try String(contentsOfFile: dir.file("p.svg"), encoding: .utf8)
        #expect(svg.contains(">forecast</text>") && svg.contains(">history</text>"))
    }

    @Test func terminalTableListsEveryStepWithItsDate() throws {
        let r = try runForecast(Self.small)
        #expect(r.status == 0)
        #expect(r.standardError.isEmpty)  // no progress when not on a terminal
        #expect(r.standardOutput.contains("2016-01-07"))
        #expect(r.standardOutput.contains("last observed: 2015-12-31"))
    }
}

/// Bad input to `predict`: one line, a non-zero status, and no output file left behind.
@Suite struct PredictBadInputTests {
    func run(_ arguments: [String], file: String = PredictCommandTests.seattle) throws -> (CommandResult, TemporaryDirectory) {
        let dir = try TemporaryDirectory()
        let r = try runForecast(["predict", file] + arguments + ["--output", dir.file("out.h5"), "--plot", dir.file("out.svg")])
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.h5")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.svg")))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.isEmpty == true, "no temporary files left")
        return (r, dir)
    }

    func expectOneLine(_ r: CommandResult, status: Int32, containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r.standardError)", sourceLocation: sourceLocation)
        #expect(r.standardError.hasPrefix("error: ") && r.standardError.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        for part in parts { #expect(r.standardError.contains(part), "\(r.standardError)", sourceLocation: sourceLocation) }
    }

    @Test func lookbackPlusHorizonLongerThanTheSeries() throws {
        let (r, dir) = try run(["--target", "temp_max_c", "--lookback", "2000"])
        defer { dir.remove() }
        expectOneLine(r, status: 65, containing: ["1461 rows", "--lookback 2000", "--horizon 7"])
    }

    @Test func constantTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var csv = "date,flat\n"
        for d in 0..<60 { csv += "\(isoDay(d)),3.5\n" }
        let file = try dir.write(csv, to: "flat.csv")
        let (r, out) = try run(["--target", "flat", "--lookback", "5", "--units", "4", "--epochs", "1"], file: file)
        defer { out.remove() }
        expectOneLine(r, status: 65, containing: ["column \"flat\" is constant (3.5)"])
    }

    @Test func missingValueIsNamedUnlessFilled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var csv = "date,x\n"
        for d in 0..<60 { csv += "\(isoDay(d)),\(d == 20 ? "" : String(sin(Double(d))))\n" }
        let file = try dir.write(csv, to: "gappy.csv")
        let common = ["--target", "x", "--lookback", "5", "--units", "4", "--epochs", "1"]
        let (r, out) = try run(common, file: file)
        defer { out.remove() }
        expectOneLine(r, status: 65, containing: ["column \"x\" is missing a value at row 21 (2020-01-21T00:00:00)", "--fill"])
        let filled = try runForecast(["predict", file] + common + ["--fill", "interpolate"])
        #expect(filled.status == 0, "\(filled.standardError)")
    }

    @Test func divergingLossStopsWithAdvice() throws {
        let (r, dir) = try run(["--target", "temp_max_c", "--units", "4", "--lookback", "7", "--epochs", "3",
                                "--clip-norm", "none", "--learning-rate", "1e37"])
        defer { dir.remove() }
        expectOneLine(r, status: 1, containing: ["training stopped at epoch", "lower --learning-rate"])
    }

    @Test(arguments: [
        (["--horizon", "0"], "--horizon 0: the horizon must be at least 1 step"),
        (["--lookback=-3"], "--lookback -3: the lookback must be at least 1 step"),
        (["--units", "64,0"], "--units 64,0: 0 units; expected at least 1 per layer"),
        (["--units", "64,x"], "'64,x' is invalid for '--units <n,n>': \"x\" is not a valid item"),
        (["--epochs", "0"], "--epochs 0: expected at least 1"),
        (["--batch-size=-1"], "--batch-size -1: expected at least 1"),
        (["--cell", "transformer"], "'transformer'"),
        (["--clip-norm", "big"], "'big' is invalid for '--clip-norm <norm|none>': expected a positive number, or 'none'"),
        (["--output", "x.txt"], "'x.txt' is invalid for '--output <path>': expected a file name ending in .csv, .json or .h5"),
    ])
    func badOptionValuesAreUsageErrors(arguments: [String], message: String) throws {
        let r = try runForecast(["predict", PredictCommandTests.seattle, "--target", "temp_max_c"] + arguments)
        expectOneLine(r, status: 64, containing: [message])
    }

    @Test func unknownTargetListsTheColumns() throws {
        let (r, dir) = try run(["--target", "temp"])
        defer { dir.remove() }
        expectOneLine(r, status: 65, containing: ["no column named \"temp\"", "temp_max_c"])
    }
}

/// `2020-01-01` plus `day` days, as `YYYY-MM-DD`.
func isoDay(_ day: Int) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: 1_577_836_800 + Double(day) * 86_400))
}

/// Progress is drawn only on a terminal: run under `script`, which gives the command a pseudo-terminal.
@Suite struct ProgressDisplayTests {
    func underTerminal(_ extra: [String]) throws -> String {
        let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var binary = buildDirectory.appendingPathComponent("forecast").path
        if !FileManager.default.isExecutableFile(atPath: binary) {
            binary = buildDirectory.deletingLastPathComponent().appendingPathComponent("forecast").path
        }
        let command = ([binary] + PredictCommandTests.small + extra).joined(separator: " ")
        let r = try runProcess("/usr/bin/script", ["-qfec", command, "/dev/null"])
        #expect(r.status == 0, "\(r.standardOutput)")
        return r.standardOutput
    }

    @Test func terminalShowsEpochLossesAndETA() throws {
        let screen = try underTerminal([])
        #expect(screen.contains("epoch 3/3"))
        #expect(screen.contains("loss ") && screen.contains("val ") && screen.contains("ETA up to "))
        // The ETA is an upper bound in whole seconds, rounded up: never "≤0s", and gone at the last epoch.
        #expect(!screen.contains("≤") && !screen.contains("ETA up to 0s"))
    }

    @Test func quietShowsNoProgressEvenOnATerminal() throws {
        let screen = try underTerminal(["--quiet"])
        #expect(!screen.contains("epoch "))
        #expect(screen.contains("2016-01-07"))
    }
}

@Suite struct AnchorOptionTests {
    @Test func anchoredModelReloadsBitIdenticallyAndIsNotExportedToKeras() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let common = ["--units", "4", "--epochs", "2", "--anchor", "last", "--json"]
        let trained = try runForecast(["train", datasetPath("stock_msft_daily.csv"), "--target", "close", "--save", dir.file("m.h5")] + common)
        #expect(trained.status == 0, "\(trained.standardError)")
        let direct = try runForecast(["predict", datasetPath("stock_msft_daily.csv"), "--target", "close"] + common)
        let reloaded = try runForecast(["predict", datasetPath("stock_msft_daily.csv"), "--model", dir.file("m.h5"), "--json"])
        func forecast(_ r: CommandResult) throws -> [Double]? {
            ((try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])?["points"] as? [[String: Any]])?
                .compactMap { $0["forecast"] as? Double }
        }
        #expect(try forecast(direct) == forecast(reloaded))
        // Changes from 83.87 (the last close): the forecast stays near it, as the naive one does.
        #expect(try forecast(direct)?.allSatisfy { abs($0 - 83.87) < 10 } == true)
        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 65)
        #expect(export.standardError.contains("--anchor last"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.keras")))
    }
}
