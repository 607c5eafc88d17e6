import Foundation
import Testing
import _ForecastTestSupport

/// `--future-features` end to end: the rows after the last target value carry the known future.
@Suite struct FutureFeaturesCommandTests {
    static let small = ["--units", "4", "--epochs", "2", "--lookback", "24", "--horizon", "6"]

    /// An hourly CSV from 2020-01-01T00:00 whose target `load` follows a planned 0/1 `event` (known
    /// ahead) and a daily cycle, with `future` rows after the last `load` value whose `load` cells are empty.
    /// `blank` leaves the event cell of those future rows (0-based) empty.
    static func csv(rows: Int = 400, future: Int = 6, event: (Int) -> Int = { $0 % 17 < 3 ? 1 : 0 }, blank: Set<Int> = []) -> String {
        var text = "timestamp,load,event\n"
        for r in 0..<(rows + future) {
            let hour = r % 24, day = 1 + r / 24
            let time = String(format: "2020-01-%02dT%02d:00:00", day, hour)
            let y = 100 + 20 * sin(Double(hour) * .pi / 12) + 40 * Double(event(r))
            let load = r < rows ? String(format: "%.3f", y) : ""
            let e = r >= rows && blank.contains(r - rows) ? "" : String(event(r))
            text += "\(time),\(load),\(e)\n"
        }
        return text
    }

    func values(_ r: CommandResult) throws -> [Double] {
        #expect(r.status == 0, "\(r.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        return try #require((j["points"] as? [[String: Any]])?.compactMap { $0["forecast"] as? Double })
    }

    func timestamps(_ r: CommandResult) throws -> [String] {
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        return try #require((j["points"] as? [[String: Any]])?.compactMap { $0["timestamp"] as? String })
    }

    /// The forecast starts after the last target value (not after the file's last row), reads the
    /// future rows' events (changing them changes the forecast), and a saved model reproduces it bit
    /// for bit from the same file; Keras export refuses the model.
    @Test func theForecastReadsTheFutureRowsAndSavedModelsReproduceIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.csv().write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        try Self.csv(event: { $0 >= 400 ? 1 - ($0 % 17 < 3 ? 1 : 0) : ($0 % 17 < 3 ? 1 : 0) })
            .write(toFile: dir.file("b.csv"), atomically: true, encoding: .utf8)
        let options = ["--target", "load", "--future-features", "event"] + Self.small
        let a = try runForecast(["predict", dir.file("a.csv")] + options + ["--json"])
        let direct = try values(a)
        #expect(direct.count == 6)
        #expect(try timestamps(a).first?.hasPrefix("2020-01-17T16:00:00") == true)   // row 400, the first empty load
        let j = try #require(try JSONSerialization.jsonObject(with: Data(a.standardOutput.utf8)) as? [String: Any])
        let configuration = try #require((j["stamp"] as? [String: Any])?["configuration"] as? [String: Any])
        #expect(configuration["future_features"] as? [String] == ["event"])
        // The training rows are the same in b.csv; only the known future differs.
        #expect(try values(runForecast(["predict", dir.file("b.csv")] + options + ["--json"])) != direct)

        let train = try runForecast(["train", dir.file("a.csv")] + options + ["--save", dir.file("m.h5"), "--quiet"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(try values(runForecast(["predict", dir.file("a.csv"), "--model", dir.file("m.h5"), "--json"])) == direct)
        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 65 && export.standardError.contains("--future-features event"), "\(export.standardError)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.keras")))
    }

    /// A missing future value is one line naming the column, the first step without a value and its time.
    @Test(arguments: [
        (6, Set([2, 4]), "column \"event\" has no value for forecast step 3 (2020-01-17T18:00:00), the first step without one"),
        (0, Set<Int>(), "column \"event\" has no value for forecast step 1 (2020-01-17T16:00:00), the first step without one"),
        (4, Set<Int>(), "column \"event\" has no value for forecast step 5 (2020-01-17T20:00:00), the first step without one"),
    ])
    func aMissingFutureValueNamesTheColumnAndStep(future: Int, blank: Set<Int>, message: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.csv(future: future, blank: blank).write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        let r = try runForecast(["predict", dir.file("a.csv"), "--target", "load", "--future-features", "event"] + Self.small)
        #expect(r.status == 65, "\(r.standardError)")
        #expect(r.standardError.hasPrefix("error: ") && r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        #expect(r.standardError.contains("error: \(dir.file("a.csv")): --future-features: " + message), "\(r.standardError)")
        #expect(r.standardError.contains("a known-future column needs a value in each of the 6 rows after the last value of \"load\""))
    }

    @Test func aColumnIsEitherPastOnlyOrKnownAhead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.csv().write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        let r = try runForecast(["predict", dir.file("a.csv"), "--target", "load", "--features", "event",
                                 "--future-features", "event"] + Self.small)
        #expect(r.status == 65)
        #expect(r.standardError.contains("--future-features names \"event\", which is the target or also in --features"), "\(r.standardError)")
    }

    /// In a backtest the file's own rows after each origin are the known future; the trailing rows
    /// without a target are not scored.
    @Test func backtestsReadTheKnownFutureAtEachOrigin() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.csv().write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        let r = try runForecast(["backtest", dir.file("a.csv"), "--target", "load", "--future-features", "event",
                                 "--models", "lstm,naive", "--folds", "3", "--json"] + Self.small)
        #expect(r.status == 0, "\(r.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        let folds = try #require(j["folds"] as? [[String: Any]])
        #expect(folds.count == 3)
        #expect((folds.last?["last_timestamp"] as? String)?.hasPrefix("2020-01-17T15:00:00") == true, "\(folds.last ?? [:])")
    }
}
