import Foundation
import Testing
import _ForecastTestSupport

/// `--models auto` and `--ensemble N` with several series, end to end: each series makes its own
/// choice or trains its own ensemble (as it would alone), the outputs name each series' choice, and
/// `--global --ensemble N` trains, saves and backtests an ensemble of global networks.
@Suite struct ManySeriesChoiceCommandTests {
    static let sensors = datasetPath("traffic_los_loop_speed_5min.csv")
    static let three = ["--targets", "773869,767541,767542"]
    static let network = ["--lookback", "12", "--units", "4", "--epochs", "2", "--horizon", "6", "--threads", "1"]

    func json(_ r: CommandResult) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    func forecasts(_ document: [String: Any]) throws -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for p in try #require(document["points"] as? [[String: Any]]) {
            out[p["unique_id"] as? String ?? "", default: []].append(try #require(p["forecast"] as? Double))
        }
        return out
    }

    /// Each series' auto forecast and choice are those of `--target` on that series alone, named per
    /// series in the table, the JSON (winner and reason) and the stamp.
    @Test func predictChoosesPerSeriesAsEachSeriesAlone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let auto = ["--models", "auto", "--budget", "2"] + Self.network
        let many = try json(runForecast(["predict", Self.sensors] + Self.three + auto + ["--json", "--quiet", "--output", dir.file("f.json")]))
        let values = try forecasts(many)
        let series = try #require(many["series"] as? [[String: Any]])
        let selections = try #require(((many["stamp"] as? [String: Any])?["configuration"] as? [String: Any])?["selections"]
                                      as? [String: Any])
        #expect(selections.keys.sorted() == ["767541", "767542", "773869"])
        for s in series {
            let id = try #require(s["unique_id"] as? String)
            let choice = try #require(s["choice"] as? [String: Any])
            let winner = try #require(choice["winner"] as? String)
            #expect((choice["reason"] as? String)?.isEmpty == false)
            let alone = try json(runForecast(["predict", Self.sensors, "--target", id] + auto + ["--json", "--quiet"]))
            let record = try #require(((alone["stamp"] as? [String: Any])?["configuration"] as? [String: Any])?["selection"]
                                      as? [String: Any])
            #expect(record["winner"] as? String == winner, "series \(id)")
            #expect(try #require(alone["points"] as? [[String: Any]]).compactMap { $0["forecast"] as? Double } == values[id], "series \(id)")
        }
        let text = try runForecast(["predict", Self.sensors] + Self.three + auto + ["--level", "80,95", "--quiet"])
        #expect(text.standardOutput.hasPrefix("auto forecasts of 3 series, 6 steps each, with 80 % and 95 % intervals"), "\(text.standardOutput)")
        // Every level's bounds of the first step, after the first step's forecast.
        let header = text.standardOutput.split(separator: "\n").first { $0.hasPrefix("series") }.map { $0.split(separator: " ").joined(separator: " ") }
        #expect(header?.contains("forecast lo 80 hi 80 lo 95 hi 95 last step") == true, "\(text.standardOutput)")
        #expect(text.standardOutput.contains("auto's choice per series (each from its own history"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("  773869: ") && text.standardOutput.contains("chosen for 3 series: "))
        let check = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", "predict-series", dir.file("f.json")])
                                 as? [String: Any])
        #expect(check["errors"] as? [String] == [], "\(check)")
    }

    /// With --level, each series' intervals refit its own winner at every calibration window (auto does
    /// not choose again there), as `--target --models auto --level` does for the series alone.
    @Test func predictCalibratesEachSeriesOwnWinner() throws {
        let options = ["--models", "auto", "--budget", "1", "--level", "80", "--calibration-windows", "4", "--json", "--quiet"] + Self.network
        let many = try json(runForecast(["predict", Self.sensors, "--targets", "773869,767541"] + options))
        let points = try #require(many["points"] as? [[String: Any]])
        for id in ["773869", "767541"] {
            let alone = try json(runForecast(["predict", Self.sensors, "--target", id] + options))
            let bounds = try #require(alone["points"] as? [[String: Any]]).map { [$0["lo_80"] as? Double, $0["hi_80"] as? Double] }
            #expect(points.filter { $0["unique_id"] as? String == id }.map { [$0["lo_80"] as? Double, $0["hi_80"] as? Double] } == bounds,
                    "series \(id)")
        }
    }

    /// Each series trains its own ensemble: its forecast is that of `--target --ensemble` alone.
    @Test func predictTrainsAnEnsemblePerSeries() throws {
        let ensemble = ["--ensemble", "2"] + Self.network
        let many = try forecasts(json(runForecast(["predict", Self.sensors, "--targets", "773869,767541"] + ensemble + ["--json", "--quiet"])))
        for id in ["773869", "767541"] {
            let alone = try forecasts(json(runForecast(["predict", Self.sensors, "--target", id] + ensemble + ["--json", "--quiet"])))
            #expect(alone[""] == many[id], "series \(id)")
        }
    }

    /// A series whose folds train on too few rows for auto's inner backtest is skipped with the reason,
    /// as a series too short for the folds is; `--strict` refuses the run (65); `--global` with no
    /// network to make global is refused (64).
    @Test func aSeriesTooShortForAutoIsSkippedOrRefusedUnderStrict() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Daily, horizon 7, season 7: fold 1 of 2 trains on 16 of c's 30 rows; auto needs 22.
        var lines = ["date,a,c"]
        let start = Date(timeIntervalSince1970: 1_600_000_000)
        for t in 0..<200 {
            let day = ISO8601DateFormatter.string(from: start.addingTimeInterval(Double(t) * 86_400), timeZone: .gmt, formatOptions: [.withFullDate])
            lines.append("\(day),\(10 + (t * 7) % 5),\(t < 170 ? "" : String(3 + (t * 3) % 4))")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.file("ac.csv"), atomically: true, encoding: .utf8)
        let options = ["--targets", "a,c", "--models", "auto,naive", "--budget", "0", "--folds", "2"]
        let r = try runForecast(["backtest", dir.file("ac.csv")] + options + ["--quiet"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("Skipped 1 series too short for the folds or a model"), "\(r.standardOutput)")
        #expect(r.standardOutput.contains("  c: model auto, fold 1") && r.standardOutput.contains("its inner backtest needs at least 22"))
        let strict = try runForecast(["backtest", dir.file("ac.csv")] + options + ["--strict", "--quiet"])
        #expect(strict.status == 65 && strict.standardError.contains("series c:"), "\(strict.standardError)")
        let global = try runForecast(["backtest", dir.file("ac.csv")] + options + ["--global", "--quiet"])
        #expect(global.status == 64 && global.standardError.contains("--global makes the networks in --models global"), "\(global.standardError)")
    }

    /// The backtest names auto's choice per series and fold, and how often each model was chosen.
    @Test func backtestNamesTheChoicePerSeriesAndFold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["backtest", Self.sensors] + Self.three + ["--models", "auto,naive", "--budget", "1", "--folds", "2"]
                                + Self.network + ["--quiet", "--output", dir.file("bt.csv")])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("auto's choice per series and fold (each from that series' fold training rows):"))
        for id in ["773869", "767541", "767542"] { #expect(r.standardOutput.contains("  \(id): 1 "), "\(id)") }
        #expect(r.standardOutput.contains("chosen in 6 (series, fold) fits: "))
        #expect(!r.standardOutput.contains(" ?"), "\(r.standardOutput)")
        // The JSON names them per series too (the schema's `choices`), and they are the text's and
        // the CSV's (`chosen`, empty for naive).
        let rows = try String(contentsOfFile: dir.file("bt.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasSuffix(",chosen") == true)
        let cells = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let document = try json(runForecast(["backtest", Self.sensors] + Self.three + ["--models", "auto,naive", "--budget", "1", "--folds", "2"]
                                            + Self.network + ["--json", "--quiet", "--output", dir.file("bt.json")]))
        for s in try #require(document["series"] as? [[String: Any]]) {
            let choices = try #require(s["choices"] as? [[String: Any]])
            #expect(choices.count == 1 && choices[0]["model"] as? String == "auto")
            let folds = try #require(choices[0]["folds"] as? [String])
            #expect(folds.count == 2)
            #expect(r.standardOutput.contains("  \(s["unique_id"] as? String ?? ""): 1 \(folds[0]), 2 \(folds[1])"))
            for row in cells where row[0] == s["unique_id"] as? String {
                #expect(row.last == (row[1] == "auto" ? folds[Int(row[2])! - 1] : ""), "\(row)")
            }
        }
        let check = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["json", "backtest-series", dir.file("bt.json")])
                                 as? [String: Any])
        #expect(check["errors"] as? [String] == [], "\(check)")
    }

    /// A backtest with a global network is sharded by folds; auto's choices come back in fold order,
    /// so the merged JSON is the single run's.
    @Test func autoChoicesSurviveABacktestShardedByFolds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = Self.three + ["--models", "gru,auto,naive", "--global", "--budget", "1", "--folds", "3", "--quiet"] + Self.network
        let single = try runForecast(["backtest", Self.sensors] + options + ["--output", dir.file("single.json")])
        #expect(single.status == 0, "\(single.standardError)")
        for k in 1...2 {
            let r = try runForecast(["backtest", Self.sensors] + options + ["--shard", "\(k)/2", "--output", dir.file("s\(k).h5")])
            #expect(r.status == 0, "\(r.standardError)")
        }
        let merged = try runForecast(["merge", dir.file("s1.h5"), dir.file("s2.h5"), "--output", dir.file("merged.json"), "--quiet"])
        #expect(merged.status == 0, "\(merged.standardError)")
        let text = try String(contentsOfFile: dir.file("single.json"), encoding: .utf8)
        #expect(text.contains("\"choices\" : [") && !text.contains("\"?\""))
        #expect(try String(contentsOfFile: dir.file("merged.json"), encoding: .utf8) == text)
    }

    /// `--global --ensemble 2`: backtested, trained and saved as one file (the stored intervals of
    /// each series too), and forecast from it as `predict --global --ensemble 2` forecasts.
    @Test func anEnsembleOfGlobalNetworksIsBacktestedTrainedAndSaved() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = Self.three + ["--global", "--ensemble", "2"] + Self.network
        let bt = try runForecast(["backtest", Self.sensors, "--models", "gru,naive", "--folds", "2", "--quiet"] + options)
        #expect(bt.status == 0, "\(bt.standardError)")
        #expect(bt.standardOutput.contains("global-gru: a seed ensemble of 2 networks per fold on every series' rows"), "\(bt.standardOutput)")

        let level = ["--level", "80", "--calibration-windows", "4"]
        let train = try runForecast(["train", Self.sensors, "--save", dir.file("m.h5"), "--quiet"] + options + level)
        #expect(train.status == 0 && train.standardOutput.contains("×2 (mean of a seed ensemble) for 3 series"), "\(train.standardOutput)")
        // Each network's own training line, with its seed.
        #expect(train.standardOutput.contains("\nnetwork 1 of 2 (seed ") && train.standardOutput.contains("\nnetwork 2 of 2 (seed "),
                "\(train.standardOutput)")
        let saved = try json(runForecast(["predict", Self.sensors] + Self.three + ["--model", dir.file("m.h5"), "--json"]))
        let fresh = try json(runForecast(["predict", Self.sensors, "--json", "--quiet"] + options + level))
        let (a, b) = (try forecasts(saved), try forecasts(fresh))
        #expect(a.keys.sorted() == ["767541", "767542", "773869"])
        for (id, values) in a {
            let other = try #require(b[id])
            #expect(values.count == 6 && values == other, "\(id): \(values) vs \(other)")
        }
        // Not one network: the ensemble of one (the global network alone) forecasts otherwise.
        let single = try forecasts(json(runForecast(["predict", Self.sensors, "--json", "--quiet", "--global"] + Self.three + Self.network)))
        #expect(single["773869"] != a["773869"])
    }

    /// `train --models auto` on several series saves each series' own choice (with its own intervals)
    /// in one file; `predict --model` forecasts each series with it: the numbers `predict --models auto`
    /// gives, and a series the file has no model for is skipped, naming why.
    @Test func trainSavesEachSeriesOwnChoiceAndPredictForecastsEachWithIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = ["--models", "auto", "--budget", "2", "--level", "80", "--calibration-windows", "4"] + Self.network
        let train = try json(runForecast(["train", Self.sensors] + Self.three + options + ["--save", dir.file("m.h5"), "--json", "--quiet"]))
        #expect(train["format_version"] as? Int == 5)
        #expect(train["series"] as? [String] == ["773869", "767541", "767542"])
        #expect(train["model"] is NSNull)
        let entries = try #require(train["series_models"] as? [[String: Any]])
        let chosen = try json(runForecast(["predict", Self.sensors] + Self.three + options + ["--json", "--quiet"]))
        let choices = try #require(chosen["series"] as? [[String: Any]])
        for (entry, choice) in zip(entries, choices) {
            #expect(entry["id"] as? String == choice["unique_id"] as? String)
            #expect((entry["choice"] as? [String: Any])?["winner"] as? String == (choice["choice"] as? [String: Any])?["winner"] as? String)
        }
        let loaded = try json(runForecast(["predict", Self.sensors] + Self.three + ["--model", dir.file("m.h5"), "--level", "80", "--json", "--quiet"]))
        func bounds(_ d: [String: Any]) throws -> [[Double?]] {
            try #require(d["points"] as? [[String: Any]]).map { [$0["forecast"] as? Double, $0["lo_80"] as? Double, $0["hi_80"] as? Double] }
        }
        #expect(try bounds(loaded) == bounds(chosen))
        let text = try runForecast(["train", Self.sensors, "--targets", "773869,767541", "--save", dir.file("n.h5")] + Self.network)
        #expect(text.status == 0 && text.standardOutput.contains("saved a model for each of 2 series"), "\(text.standardOutput)")
        let other = try runForecast(["predict", Self.sensors, "--targets", "773869,767542", "--model", dir.file("n.h5")])
        #expect(other.status == 0, "\(other.standardError)")
        #expect(other.standardError.contains("series 767542 skipped:") && other.standardError.contains("has no model for it"),
                "\(other.standardError)")
        // One series of a wide file by --target: its own network (as in the several-series forecast) or baseline.
        let alone = try json(runForecast(["predict", Self.sensors, "--target", "773869", "--model", dir.file("n.h5"), "--json"]))
        let both = try json(runForecast(["predict", Self.sensors, "--targets", "773869,767541", "--model", dir.file("n.h5"), "--json"]))
        let pointsAlone = try #require(alone["points"] as? [[String: Any]]).compactMap { $0["forecast"] as? Double }
        let fromBoth = try forecasts(both)["773869"]
        #expect(pointsAlone.count == 6 && pointsAlone == fromBoth)
        _ = try json(runForecast(["train", Self.sensors, "--targets", "773869,767541", "--models", "auto", "--budget", "0",
                                  "--save", dir.file("b.h5"), "--json"] + Self.network))
        let rule = try runForecast(["predict", Self.sensors, "--target", "767541", "--model", dir.file("b.h5")])
        #expect(rule.status == 0 && rule.standardOutput.contains("(baseline, chosen by --models auto)"), "\(rule.standardError)")
        let none = try runForecast(["predict", Self.sensors, "--target", "767542", "--model", dir.file("n.h5")])
        #expect(none.status != 0 && none.standardError.contains("holds a model for each of 2 series"), "\(none.standardError)")
        // A long file: each series by its id; another --target than the models' is refused in one line.
        let tickers = datasetPath("stock_sp500_top50_daily.csv")
        let long = try runForecast(["train", tickers, "--target", "close", "--models", "auto", "--budget", "0", "--horizon", "5",
                                    "--save", dir.file("t.h5"), "--quiet"])
        #expect(long.status == 0 && long.standardOutput.contains("saved a model for each of 50 series"), "\(long.standardError)")
        let wrong = try runForecast(["predict", tickers, "--target", "open", "--model", dir.file("t.h5")])
        #expect(wrong.status != 0 && wrong.standardError.contains("--target open, but"), "\(wrong.standardError)")
        #expect(wrong.standardError.split(separator: "\n").count == 1)
    }

    @Test func whatCannotBeDoneIsRefusedInOneLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let train = try runForecast(["train", Self.sensors] + Self.three + ["--global", "--models", "auto", "--save", dir.file("m.h5")]
                                    + Self.network)
        #expect(train.status == 64 && train.standardError.contains("--models auto with --global"), "\(train.standardError)")
        #expect(train.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.h5")))
        let global = try runForecast(["predict", Self.sensors] + Self.three + ["--global", "--models", "auto"] + Self.network)
        #expect(global.status == 64 && global.standardError.contains("--models auto with --global"), "\(global.standardError)")
        #expect(global.standardError.split(separator: "\n").count == 1)
        // A saved model fixes its network, with several series as with one.
        let fixed = try runForecast(["predict", Self.sensors] + Self.three + ["--model", dir.file("any.h5"), "--ensemble", "2"])
        #expect(fixed.status == 64 && fixed.standardError.contains("--ensemble with --model: a trained model fixes"), "\(fixed.standardError)")
    }
}
