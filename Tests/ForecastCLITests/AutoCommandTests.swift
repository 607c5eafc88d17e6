import ForecastCore
import Foundation
import Testing
import _ForecastTestSupport

/// `--models auto` and `--ensemble N` through the binary: what is printed, stamped, saved and refused.
@Suite struct AutoCommandTests {
    static let series = packageRoot + "/Tests/ForecastModelsTests/Fixtures/trained_series.csv"
    static let small = ["--target", "y", "--units", "4", "--epochs", "2", "--lookback", "12", "--horizon", "3", "--seed", "5"]

    func json(_ r: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.standardError)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    func forecast(_ document: [String: Any]) throws -> [Double] {
        try #require((document["points"] as? [[String: Any]])?.compactMap { $0["forecast"] as? Double })
    }

    @Test func predictModelsAutoPrintsEveryCandidateTheWinnerAndWhy() throws {
        let r = try runForecast(["predict", Self.series, "--models", "auto", "--budget", "8"] + Self.small)
        #expect(r.status == 0, "\(r.standardError)")
        for expected in ["--models auto: inner backtest of 10 origins × 3 steps", "naive", "seasonal-naive", "drift", "mean",
                         "rnn 4", "gru 4", "lstm 4", "← chosen", "chose ", "8 network fits of a budget of 8 fits (each network scored by the mean of 2 networks of its settings)"] {
            #expect(r.standardOutput.contains(expected), "\(expected) missing from:\n\(r.standardOutput)")
        }
        // The choice and every candidate's score are in the stamp; the same seed chooses the same way.
        let document = try json(runForecast(["predict", Self.series, "--models", "auto", "--budget", "8", "--json"] + Self.small))
        let stamp = try #require(document["stamp"] as? [String: Any])
        let configuration = try #require(stamp["configuration"] as? [String: Any])
        let selection = try #require(configuration["selection"] as? [String: Any])
        let candidates = try #require(selection["candidates"] as? [[String: Any]])
        #expect(candidates.count == 8)
        #expect(candidates.allSatisfy { $0["score"] is Double })
        #expect(r.standardOutput.contains("chose \(selection["winner"] as? String ?? "?"):"))
        #expect((configuration["auto"] as? [String: Any])?["metric"] as? String == "mase")
        let again = try json(runForecast(["predict", Self.series, "--models", "auto", "--budget", "8", "--json"] + Self.small))
        #expect(try forecast(again) == forecast(document))
    }

    @Test func anEnsembleSavedByTrainForecastsBitIdenticallyAndDoesNotDependOnThreads() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ensemble = ["--ensemble", "3", "--ensemble-reduce", "median"]
        let predicted = try json(runForecast(["predict", Self.series, "--json", "--threads", "2"] + Self.small + ensemble))
        let oneThread = try json(runForecast(["predict", Self.series, "--json", "--threads", "1"] + Self.small + ensemble))
        #expect(try forecast(predicted) == forecast(oneThread))
        let seeds = (((predicted["stamp"] as? [String: Any])?["configuration"] as? [String: Any])?["ensemble"] as? [String: Any])?["seeds"]
        #expect((seeds as? [Any])?.count == 3)
        let train = try runForecast(["train", Self.series, "--save", dir.file("e.h5"), "--quiet"] + Self.small + ensemble)
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("×3 (median of a seed ensemble)"), "\(train.standardOutput)")
        let loaded = try json(runForecast(["predict", Self.series, "--model", dir.file("e.h5"), "--json"]))
        #expect(try forecast(loaded) == forecast(predicted))
        // Different from one network of the same seed.
        let single = try json(runForecast(["predict", Self.series, "--json"] + Self.small))
        #expect(try forecast(single) != forecast(predicted))
    }

    /// A network auto chose, fitted with the next best networks (a period-5 series every cell learns
    /// and no baseline follows), is saved as one file of format version 4 that forecasts what
    /// `predict --models auto` forecasts.
    @Test func trainSavesACombinationThatAutoChoseAndPredictAppliesIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let start = 1_704_067_200   // 2024-01-01T00:00:00Z
        let rows = (0..<400).map { i in "\(Timestamp(secondsSinceEpoch: Int64(start + 3600 * i)).iso8601),\([0, 10, 5, 8, 2][i % 5])" }
        let csv = dir.file("period5.csv")
        try (["time,y"] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let options = ["--target", "y", "--models", "auto", "--budget", "6", "--units", "4", "--epochs", "40", "--lookback", "24",
                       "--horizon", "3", "--seed", "3"]
        let train = try json(runForecast(["train", csv, "--save", dir.file("m.h5"), "--json"] + options))
        #expect(train["format_version"] as? Int == 4)
        let architecture = try #require((train["model"] as? [String: Any])?["architecture"] as? String)
        #expect(architecture.contains("(mean of a combination of 3 networks)"), "\(architecture)")
        let chosen = try json(runForecast(["predict", csv, "--json"] + options))
        let loaded = try json(runForecast(["predict", csv, "--model", dir.file("m.h5"), "--json"]))
        #expect(try forecast(loaded) == forecast(chosen))
        #expect((loaded["model"] as? [String: Any])?["architecture"] as? String == architecture)
    }

    /// A baseline that auto chose is saved as a rule (format version 3, no weights) with its
    /// intervals and the choice; `predict --model` gives what `predict --models auto` gives.
    @Test func trainSavesABaselineThatAutoChoseAndPredictAppliesIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let auto = ["--models", "auto", "--budget", "0", "--level", "80"]
        let train = try json(runForecast(["train", Self.series, "--save", dir.file("m.h5"), "--json"] + auto + Self.small))
        #expect(train["format_version"] as? Int == 3)
        let winner = try #require((train["model"] as? [String: Any])?["name"] as? String)
        #expect(["naive", "seasonal-naive", "drift", "mean"].contains(winner), "\(winner)")
        let text = try runForecast(["train", Self.series, "--save", dir.file("m.h5")] + auto + Self.small)
        #expect(text.standardOutput.contains("saved \(winner) (baseline), chosen by --models auto on y, horizon 3"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("intervals: 80 %"))

        let chosen = try json(runForecast(["predict", Self.series, "--json"] + auto + Self.small))
        let loaded = try json(runForecast(["predict", Self.series, "--model", dir.file("m.h5"), "--json"]))
        #expect(try forecast(loaded) == forecast(chosen))
        func bounds(_ d: [String: Any]) -> [Double] {
            ((d["points"] as? [[String: Any]]) ?? []).compactMap { $0["lo_80"] as? Double }
        }
        #expect(bounds(loaded).count == 3 && bounds(loaded) == bounds(chosen))
        let stamp = try #require((loaded["stamp"] as? [String: Any])?["configuration"] as? [String: Any])
        #expect(stamp["baseline"] as? String == winner)
        // Through the many-series path (--targets): the same rule on each series.
        let many = try json(runForecast(["predict", Self.series, "--targets", "y", "--model", dir.file("m.h5"), "--json"]))
        #expect(try forecast(many) == forecast(chosen))

        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 65)
        #expect(export.standardError.hasPrefix("error: \(dir.file("m.h5")): holds the baseline \(winner)"), "\(export.standardError)")
        #expect(export.standardError.split(separator: "\n").count == 1)
    }

    @Test func backtestReChoosesInEveryFold() throws {
        let document = try json(runForecast(["backtest", Self.series, "--models", "auto,naive", "--budget", "2", "--folds", "3", "--json"]
                                            + Self.small))
        let board = try #require(document["leaderboard"] as? [[String: Any]])
        #expect(board.map { $0["model"] as? String } == ["auto", "naive"])
        let configuration = (document["stamp"] as? [String: Any])?["configuration"] as? [String: Any]
        #expect((configuration?["auto"] as? [String: Any])?["budget"] != nil)
        let text = try runForecast(["backtest", Self.series, "--models", "auto,naive", "--budget", "2", "--folds", "3"] + Self.small)
        #expect(text.standardOutput.contains("auto's choice per fold (each from the fold's training rows): 1 "), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains(" ?"))
    }

    /// The CSV and HDF5 outputs carry auto's choice per fold (`chosen`), the JSON's `choices`, as
    /// pandas and xarray read them; a model that does not choose has an empty cell.
    @Test func csvAndHDF5OutputsNameTheChoicePerFold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = ["backtest", Self.series, "--models", "auto,naive", "--budget", "2", "--folds", "3"] + Self.small
        let document = try json(runForecast(options + ["--json", "--output", dir.file("bt.csv")]))
        let choices = try #require((document["choices"] as? [[String: Any]])?.first?["folds"] as? [String])
        #expect(choices.count == 3)
        let csv = try #require(try PythonEnvironment.runJSON(script: "check_outputs.py", ["csv", dir.file("bt.csv"), "origin"])
                               as? [String: Any])
        #expect(csv["columns"] as? [String] == ["model", "fold", "origin", "step", "timestamp", "actual", "forecast", "chosen"], "\(csv)")
        let lines = try String(contentsOfFile: dir.file("bt.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let fold = try #require(Int(cells[1]))
            #expect(cells.last == (cells[0] == "auto" ? choices[fold - 1] : ""), "\(line)")
        }
        #expect(try json(runForecast(options + ["--json", "--output", dir.file("bt.h5")]))["choices"] as? [[String: Any]] != nil)
        let described = try PythonEnvironment.describeHDF5(dir.file("bt.h5"))
        let variables = try #require((described["xarray"] as? [String: Any])?["data_vars"] as? [String: Any])
        let chosen = try #require(variables["chosen"] as? [String: Any])
        #expect(chosen["dims"] as? [String] == ["model", "origin"])
        #expect(chosen["values"] as? [[String]] == [choices, ["", "", ""]], "\(chosen)")
    }

    @Test func badInputGetsOneClearLine() throws {
        let cases: [([String], String)] = [
            (["predict", Self.series, "--models", "auto", "--select-by", "bias"] + Self.small,
             "'--select-by <metric>': unknown metric; expected one of mase, mae, rmse, smape, mape"),
            (["predict", Self.series, "--ensemble", "0"] + Self.small, "--ensemble 0: an ensemble needs at least 1 network"),
            (["predict", Self.series, "--models", "auto", "--budget", "soon"] + Self.small, "expected a number of network fits (12) or a time"),
            (["predict", Self.series, "--models", "gru"] + Self.small, "--models gru: this command takes --models auto"),
            (["predict", Self.series, "--select-by", "mae"] + Self.small, "--select-by applies to --models auto"),
            (["backtest", Self.series, "--models", "naive", "--budget", "3"] + Self.small, "--budget applies to --models auto"),
            (["predict", Self.series, "--models", "auto", "--horizon", "120", "--target", "y"],
             "--models auto: the history has 240 rows; its inner backtest needs at least 265"),
            (["predict", Self.series, "--ensemble", "-1"] + Self.small, "--ensemble -1: an ensemble needs at least 1 network"),
            (["backtest", Self.series, "--models", "naive", "--ensemble", "3"] + Self.small, "--ensemble applies to networks"),
            (["predict", Self.series, "--ensemble-reduce", "median"] + Self.small, "--ensemble-reduce applies to an ensemble"),
            (["predict", Self.series, "--ensemble", "2", "--ensemble-reduce", "max"] + Self.small, "'mean' and 'median'; see --help"),
        ]
        for (arguments, message) in cases {
            let r = try runForecast(arguments)
            // A history too short is the data's fault (65); the rest are usage (64).
            #expect(r.status == (message.hasPrefix("--models auto: the history") ? 65 : 64), "\(arguments): \(r.status)")
            #expect(r.standardError.contains(message), "\(arguments): \(r.standardError)")
            #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        }
    }
}
