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
        let r = try runForecast(["predict", Self.series, "--models", "auto", "--budget", "4"] + Self.small)
        #expect(r.status == 0, "\(r.standardError)")
        for expected in ["--models auto: inner backtest of 10 origins × 3 steps", "naive", "seasonal-naive", "drift", "mean",
                         "rnn 4", "gru 4", "lstm 4", "← chosen", "chose ", "4 network fits of a budget of 4 fits"] {
            #expect(r.standardOutput.contains(expected), "\(expected) missing from:\n\(r.standardOutput)")
        }
        // The choice and every candidate's score are in the stamp; the same seed chooses the same way.
        let document = try json(runForecast(["predict", Self.series, "--models", "auto", "--budget", "4", "--json"] + Self.small))
        let stamp = try #require(document["stamp"] as? [String: Any])
        let configuration = try #require(stamp["configuration"] as? [String: Any])
        let selection = try #require(configuration["selection"] as? [String: Any])
        let candidates = try #require(selection["candidates"] as? [[String: Any]])
        #expect(candidates.count == 8)
        #expect(candidates.allSatisfy { $0["score"] is Double })
        #expect(r.standardOutput.contains("chose \(selection["winner"] as? String ?? "?"):"))
        #expect((configuration["auto"] as? [String: Any])?["metric"] as? String == "mase")
        let again = try json(runForecast(["predict", Self.series, "--models", "auto", "--budget", "4", "--json"] + Self.small))
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

    @Test func trainRefusesToSaveABaselineThatAutoChose() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runForecast(["train", Self.series, "--models", "auto", "--budget", "0", "--save", dir.file("m.h5"), "--quiet"] + Self.small)
        #expect(r.status == 1)
        #expect(r.standardError.contains("a baseline: a model file holds a network"), "\(r.standardError)")
        #expect(r.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.h5")))
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
        ]
        for (arguments, message) in cases {
            let r = try runForecast(arguments)
            #expect(r.status != 0)
            #expect(r.standardError.contains(message), "\(arguments): \(r.standardError)")
            #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        }
    }
}
