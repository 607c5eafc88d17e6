import Foundation
import Testing
import _ForecastTestSupport

/// `--future-features` with several series (wide `--targets`, long files, `--global`), end to end:
/// each series' rows after its own last target value carry its known future.
@Suite struct ManySeriesFutureFeaturesCommandTests {
    static let small = ["--units", "4", "--epochs", "2", "--lookback", "12", "--horizon", "6", "--seed", "3"]

    /// Hourly load of two sites, `a` and `b`, from 2020-01-01T00:00, both following a planned 0/1
    /// `event` (known ahead) and a daily cycle; `future` rows after the last load values, whose load
    /// cells are empty. `event(site, row)` gives the events; `blank` leaves (site, future row) empty.
    static func rows(rows: Int = 240, future: Int = 6, event: (String, Int) -> Int = { _, r in r % 13 < 3 ? 1 : 0 },
                     blank: Set<String> = []) -> [(site: String, time: String, load: String, event: String)] {
        var out: [(String, String, String, String)] = []
        for r in 0..<(rows + future) {
            let time = String(format: "2020-01-%02dT%02d:00:00", 1 + r / 24, r % 24)
            for (site, level) in [("a", 100.0), ("b", 60.0)] {
                let e = event(site, r)
                let y = level + 20 * sin(Double(r % 24) * .pi / 12) + (site == "a" ? 30 : -15) * Double(e) + Double(r % 5)
                let load = r < rows ? String(format: "%.3f", y) : ""
                out.append((site, time, load, blank.contains("\(site)\(r - rows)") ? "" : String(e)))
            }
        }
        return out
    }

    /// The long layout (Nixtla's unique_id, ds, y plus the event column).
    static func long(_ rows: [(site: String, time: String, load: String, event: String)]) -> String {
        "unique_id,ds,y,event\n" + rows.map { "\($0.site),\($0.time),\($0.load),\($0.event)\n" }.joined()
    }

    /// The wide layout: one load column per site and the event column shared by both (site a's).
    static func wide(_ rows: [(site: String, time: String, load: String, event: String)]) -> String {
        var text = "timestamp,a,b,event\n"
        for i in stride(from: 0, to: rows.count, by: 2) {
            text += "\(rows[i].time),\(rows[i].load),\(rows[i + 1].load),\(rows[i].event)\n"
        }
        return text
    }

    func json(_ r: CommandResult) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    func forecasts(_ r: CommandResult) throws -> [String: [Double]] {
        let points = try #require(try json(r)["points"] as? [[String: Any]])
        var out: [String: [Double]] = [:]
        for p in points { out[p["unique_id"] as? String ?? "", default: []].append(try #require(p["forecast"] as? Double)) }
        return out
    }

    /// Per-series networks with the same seed: each series' backtest leaderboard is that of the
    /// single-series run, and the long and wide layouts of the same data agree.
    @Test func aBacktestOfSeveralSeriesEqualsEachSingleSeriesRun() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = Self.rows(event: { _, r in r % 13 < 3 ? 1 : 0 })
        try Self.wide(data).write(toFile: dir.file("wide.csv"), atomically: true, encoding: .utf8)
        try Self.long(data).write(toFile: dir.file("long.csv"), atomically: true, encoding: .utf8)
        let options = ["--future-features", "event", "--models", "gru,naive", "--folds", "2", "--json", "--quiet"] + Self.small
        let many = try json(runForecast(["backtest", dir.file("wide.csv"), "--targets", "a,b"] + options))
        let series = try #require(many["series"] as? [[String: Any]])
        #expect(series.map { $0["unique_id"] as? String } == ["a", "b"])
        for s in series {
            let id = try #require(s["unique_id"] as? String)
            let one = try json(runForecast(["backtest", dir.file("wide.csv"), "--target", id] + options))
            let alone = try #require(one["leaderboard"] as? [[String: Any]])
            #expect(NSArray(array: try #require(s["leaderboard"] as? [[String: Any]])).isEqual(to: alone), "series \(id)")
        }
        let long = try json(runForecast(["backtest", dir.file("long.csv"), "--target", "y"] + options))
        let longSeries = try #require(long["series"] as? [[String: Any]])
        for (w, l) in zip(series, longSeries) {
            #expect(NSArray(array: try #require(w["leaderboard"] as? [[String: Any]]))
                        .isEqual(to: try #require(l["leaderboard"] as? [[String: Any]])))
        }
        // The event column is an input, not a series, with --targets all.
        let all = try json(runForecast(["backtest", dir.file("wide.csv"), "--targets", "all"] + options))
        #expect((all["series"] as? [[String: Any]])?.map { $0["unique_id"] as? String } == ["a", "b"])
    }

    /// predict over a long file: each series reads its own rows after its last value; editing one
    /// series' future events changes its forecast only, and each forecast is the single-series one.
    @Test func predictReadsEachSeriesOwnKnownFuture() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let base = Self.rows()
        try Self.long(base).write(toFile: dir.file("base.csv"), atomically: true, encoding: .utf8)
        // b's events in its future rows flipped; a's untouched.
        let flipped = Self.rows(event: { site, r in site == "b" && r >= 240 ? 1 - (r % 13 < 3 ? 1 : 0) : (r % 13 < 3 ? 1 : 0) })
        try Self.long(flipped).write(toFile: dir.file("flipped.csv"), atomically: true, encoding: .utf8)
        let options = ["--target", "y", "--future-features", "event", "--json", "--quiet", "--threads", "1"] + Self.small
        let before = try forecasts(runForecast(["predict", dir.file("base.csv")] + options))
        let after = try forecasts(runForecast(["predict", dir.file("flipped.csv")] + options))
        #expect(before["a"]?.count == 6 && before["b"]?.count == 6)
        #expect(after["a"] == before["a"])
        #expect(after["b"] != before["b"])
        // The same numbers as predicting b alone from a wide file of its column.
        try Self.wide(base).write(toFile: dir.file("wide.csv"), atomically: true, encoding: .utf8)
        let alone = try json(runForecast(["predict", dir.file("wide.csv"), "--target", "b", "--future-features", "event", "--json",
                                          "--quiet", "--threads", "1"] + Self.small))
        let values = try #require(alone["points"] as? [[String: Any]]).compactMap { $0["forecast"] as? Double }
        #expect(values == before["b"])
    }

    /// A missing future value stops the run before any training: one line naming the file, the
    /// series, the column and the first step without a value.
    @Test func aMissingFutureValueNamesTheSeriesColumnAndStep() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.long(Self.rows(blank: ["b2", "b4"])).write(toFile: dir.file("gap.csv"), atomically: true, encoding: .utf8)
        for command in [["predict"], ["predict", "--global"]] {
            let r = try runForecast([command[0], dir.file("gap.csv"), "--target", "y", "--future-features", "event"]
                                    + command.dropFirst() + Self.small)
            #expect(r.status == 65, "\(r.standardError)")
            #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
            #expect(r.standardError.hasPrefix("error: \(dir.file("gap.csv")): series b: --future-features: column \"event\" has no value "
                                              + "for forecast step 3 (2020-01-11T02:00:00), the first step without one"), "\(r.standardError)")
        }
        // A backtest needs no value past the last target: it runs.
        let bt = try runForecast(["backtest", dir.file("gap.csv"), "--target", "y", "--future-features", "event", "--models", "naive",
                                  "--folds", "2", "--horizon", "6", "--quiet"])
        #expect(bt.status == 0, "\(bt.standardError)")
        let twice = try runForecast(["predict", dir.file("gap.csv"), "--target", "y", "--features", "event", "--future-features", "event"]
                                    + Self.small)
        #expect(twice.status == 64 && twice.standardError.contains("--future-features names \"event\""), "\(twice.standardError)")
    }

    /// A global network with future features: backtested, trained and saved, and forecasting from the
    /// saved file as predict --global does, each series with its own future rows.
    @Test func aGlobalNetworkReadsEachSeriesFutureInputs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.long(Self.rows()).write(toFile: dir.file("base.csv"), atomically: true, encoding: .utf8)
        let flipped = Self.rows(event: { site, r in site == "a" && r >= 240 ? 1 - (r % 13 < 3 ? 1 : 0) : (r % 13 < 3 ? 1 : 0) })
        try Self.long(flipped).write(toFile: dir.file("flipped.csv"), atomically: true, encoding: .utf8)
        let options = ["--target", "y", "--future-features", "event", "--global", "--quiet"] + Self.small
        let bt = try json(runForecast(["backtest", dir.file("base.csv"), "--models", "gru,naive", "--folds", "2", "--json"] + options))
        #expect((bt["aggregate"] as? [[String: Any]])?.compactMap { $0["model"] as? String }.sorted() == ["global-gru", "naive"])

        let train = try runForecast(["train", dir.file("base.csv"), "--save", dir.file("m.h5")] + options)
        #expect(train.status == 0 && train.standardOutput.contains("known ahead: event"), "\(train.standardError)")
        let fresh = try forecasts(runForecast(["predict", dir.file("base.csv"), "--json"] + options))
        let saved = try forecasts(runForecast(["predict", dir.file("base.csv"), "--model", dir.file("m.h5"), "--json", "--quiet"]))
        #expect(Set(saved.keys) == ["a", "b"])
        for id in ["a", "b"] {
            let (s, f) = (try #require(saved[id]), try #require(fresh[id]))
            #expect(s.count == 6 && s == f, "\(s) vs \(f)")
        }
        // a's future events changed: a's forecast changes, b's does not (the network is the same).
        let other = try forecasts(runForecast(["predict", dir.file("flipped.csv"), "--model", dir.file("m.h5"), "--json", "--quiet"]))
        #expect(other["a"] != saved["a"] && other["b"] == saved["b"])
    }

    /// Per-series networks (no --global) with future features: each series' model in one file
    /// forecasts as predict does (series in parallel, one thread each, on both sides), each series
    /// reading its own future rows.
    @Test func perSeriesModelsReadEachSeriesFutureInputs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.long(Self.rows()).write(toFile: dir.file("base.csv"), atomically: true, encoding: .utf8)
        let flipped = Self.rows(event: { site, r in site == "a" && r >= 240 ? 1 - (r % 13 < 3 ? 1 : 0) : (r % 13 < 3 ? 1 : 0) })
        try Self.long(flipped).write(toFile: dir.file("flipped.csv"), atomically: true, encoding: .utf8)
        let options = ["--target", "y", "--future-features", "event", "--quiet"] + Self.small
        let train = try runForecast(["train", dir.file("base.csv"), "--save", dir.file("m.h5"), "--threads", "2"] + options)
        #expect(train.status == 0 && train.standardOutput.contains("saved a model for each of 2 series"), "\(train.standardError)")
        let fresh = try forecasts(runForecast(["predict", dir.file("base.csv"), "--json", "--threads", "2"] + options))
        let saved = try forecasts(runForecast(["predict", dir.file("base.csv"), "--model", dir.file("m.h5"), "--json", "--quiet"]))
        #expect(Set(saved.keys) == ["a", "b"] && saved == fresh)
        let other = try forecasts(runForecast(["predict", dir.file("flipped.csv"), "--model", dir.file("m.h5"), "--json", "--quiet"]))
        #expect(other["a"] != saved["a"] && other["b"] == saved["b"])
    }
}
