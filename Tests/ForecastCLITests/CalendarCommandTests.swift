import Foundation
import Testing
import _ForecastTestSupport

/// `--calendar`, `--holidays`, `--transform` and `--season` end to end.
@Suite struct CalendarCommandTests {
    static let traffic = ["Datasets/traffic_i94_hourly.csv", "--from", "2018-06-01", "--target", "traffic_volume", "--fill", "interpolate"]
    static let small = ["--units", "4", "--epochs", "2"]

    func values(_ r: CommandResult, _ key: String = "forecast") throws -> [Double] {
        #expect(r.status == 0, "\(r.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        return try #require((j["points"] as? [[String: Any]])?.compactMap { $0[key] as? Double })
    }

    /// A model trained with calendar inputs and a transform reloads and forecasts bit for bit, and
    /// its configuration records the features resolved from `auto` and the transform.
    @Test func calendarAndTransformModelsReloadBitIdentically() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = Self.small + ["--calendar", "auto", "--transform", "log1p"]
        let direct = try values(runForecast(["predict"] + Self.traffic + options + ["--json"]))
        let train = try runForecast(["train"] + Self.traffic + options + ["--save", dir.file("m.h5"), "--json"])
        #expect(train.status == 0, "\(train.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(train.standardOutput.utf8)) as? [String: Any])
        let configuration = try #require((j["stamp"] as? [String: Any])?["configuration"] as? [String: Any])
        #expect(configuration["calendar"] as? [String] == ["hour", "weekday", "holiday"])
        // The model is named with its calendar, trained and reloaded alike.
        #expect((j["model"] as? [String: Any])?["architecture"] as? String == "LSTM 4 +calendar")
        let reload = try runForecast(["predict", "Datasets/traffic_i94_hourly.csv", "--from", "2018-06-01", "--fill", "interpolate",
                                      "--model", dir.file("m.h5"), "--json"])
        let reloaded = try #require(try JSONSerialization.jsonObject(with: Data(reload.standardOutput.utf8)) as? [String: Any])
        #expect((reloaded["model"] as? [String: Any])?["architecture"] as? String == "LSTM 4 +calendar")
        let loaded = try values(reload)
        #expect(loaded == direct)
        #expect(direct.count == 24 && direct.allSatisfy { $0 >= 0 })   // vehicle counts never go below zero
        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 65 && export.standardError.contains("--calendar"))
    }

    /// `--anchor season` starts the network from seasonal naive; its model reloads bit for bit and Keras export refuses it.
    @Test func seasonalAnchorModelsReloadAndRefuseKerasExport() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = Self.small + ["--anchor", "season"]
        let direct = try values(runForecast(["predict"] + Self.traffic + options + ["--json"]))
        #expect(try runForecast(["train"] + Self.traffic + options + ["--save", dir.file("m.h5"), "--quiet"]).status == 0)
        let loaded = try values(runForecast(["predict", "Datasets/traffic_i94_hourly.csv", "--from", "2018-06-01", "--fill", "interpolate",
                                             "--model", dir.file("m.h5"), "--json"]))
        #expect(loaded == direct)
        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 65 && export.standardError.contains("--anchor season"))
        let short = try runForecast(["predict"] + Self.traffic + options + ["--lookback", "12"])
        #expect(short.status == 65 && short.standardError.contains("raise --lookback to 24 or more"))
    }

    @Test func seasonSetsTheReferenceAndSdiff() throws {
        let weekly = try values(runForecast(["predict"] + Self.traffic + Self.small + ["--season", "168", "--transform", "sdiff", "--json"]),
                                "seasonal_naive")
        let daily = try values(runForecast(["predict"] + Self.traffic + Self.small + ["--json"]), "seasonal_naive")
        #expect(weekly.count == 24 && weekly != daily)
    }

    /// `--season 24,168`: backtests compare both seasonal naives, and the seasonal anchor says when no season fits.
    @Test func severalSeasonsAreComparedAndAnchored() throws {
        let r = try runForecast(["backtest"] + Self.traffic + ["--models", "naive,seasonal-naive", "--season", "24,168", "--folds", "2", "--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        let models = try #require((j["leaderboard"] as? [[String: Any]])?.compactMap { $0["model"] as? String })
        #expect(Set(models) == ["naive", "seasonal-naive", "seasonal-naive:168"], "\(models)")
        let anchored = try runForecast(["predict"] + Self.traffic + Self.small + ["--anchor", "season", "--season", "24,168", "--lookback", "20"])
        #expect(anchored.status == 65)
        #expect(anchored.standardError.contains("none of --season 24,168 is at least --horizon (24) and at most --lookback (20); "
                                                + "raise --lookback to 24 or more, or change --season"), "\(anchored.standardError)")
    }

    @Test(arguments: [
        (["--season", "24,0"], 64, "--season 24,0: 0 rows; expected at least 1 row per season"),
        (["--calendar", "moon"], 64, "unknown calendar feature \"moon\""),
        (["--holidays", "h.txt"], 64, "--holidays applies to calendar features"),
        (["--transform", "sqrt"], 64, "expected log, log1p, boxcox"),
        (["--transform", "log", "--target", "rain_1h_mm"], 65, "has 0.0 at row"),
    ])
    func badCalendarAndTransformOptionsGiveOneLine(arguments: [String], status: Int32, message: String) throws {
        let r = try runForecast(["predict"] + Self.traffic + Self.small + arguments)
        #expect(r.status == status, "\(r.standardError)")
        #expect(r.standardError.hasPrefix("error: ") && r.standardError.split(separator: "\n").count == 1)
        #expect(r.standardError.contains(message), "\(r.standardError)")
    }

    @Test func aBadHolidayFileNamesItsLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "2018-07-04\nIndependence Day\n".write(toFile: dir.file("h.txt"), atomically: true, encoding: .utf8)
        let r = try runForecast(["predict"] + Self.traffic + Self.small + ["--calendar", "holiday", "--holidays", dir.file("h.txt")])
        #expect(r.status == 65)
        #expect(r.standardError.contains("\(dir.file("h.txt")):2: \"Independence Day\" is not a date"))
    }
}
