import Foundation
import Testing
import _ForecastTestSupport

/// Checks on the model inputs before training (issue 12, items 7 and 8): `--fill` bridges at most
/// `--max-gap` rows and says what it filled; `predict` warns about timestamp gaps; values a scaler
/// cannot handle give a correct forecast or one clear error, never a NaN forecast with exit 0.
@Suite struct InputChecksTests {
    let tiny = ["--epochs", "2", "--units", "4", "--lookback", "6", "--horizon", "3", "--validation-fraction", "0.2"]

    /// A daily series `date,y` from 2020-01-01, one row per value (`nil`: an empty cell), skipping the
    /// days in `skip`.
    func daily(_ values: [Double?], skip: Set<Int> = []) -> String {
        var text = "date,y\n"
        let start = Date(timeIntervalSince1970: 1_577_836_800)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for (i, v) in values.enumerated() where !skip.contains(i) {
            text += formatter.string(from: start.addingTimeInterval(Double(i) * 86_400)) + "," + (v.map { "\($0)" } ?? "") + "\n"
        }
        return text
    }

    func run(_ text: String, _ arguments: [String]) throws -> CommandResult {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(text, to: "in.csv")
        return try runForecast(["predict", "in.csv", "--target", "y"] + arguments, in: dir.path)
    }

    var seasonal: [Double?] { (0..<80).map { Double($0 % 7) + 10 } }

    @Test func fillRefusesARunLongerThanOneSeasonNamingIt() throws {
        var values = seasonal
        for i in 30..<38 { values[i] = nil }   // 8 missing days; the daily season is 7
        let r = try run(daily(values), tiny + ["--fill", "interpolate"])
        #expect(r.status == 65)
        #expect(r.standardError == "error: in.csv: column \"y\" has 8 consecutive missing values from "
            + "2020-01-31T00:00:00 to 2020-02-07T00:00:00 (rows 31–38); --fill bridges at most --max-gap 7 rows; "
            + "narrow the range with --from/--to, or give a larger --max-gap (or --max-gap none) if a filled line "
            + "is what you want\n")
        let allowed = try run(daily(values), tiny + ["--fill", "interpolate", "--max-gap", "8", "--json"])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(allowed.standardOutput.utf8)) as? [String: Any]
        #expect((doc?["stamp"] as? [String: Any])?["input_notes"] as? [String]
            == ["filled 8 missing values of \"y\" by interpolate (longest run 8 rows)"])
    }

    @Test func fillPrintsWhatItFilled() throws {
        var values = seasonal
        values[40] = nil
        let r = try run(daily(values), tiny + ["--fill", "ffill"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardError.contains("warning: filled 1 missing value of \"y\" by ffill (longest run 1 row)\n"))
    }

    @Test func predictWarnsAboutTimestampGaps() throws {
        let r = try run(daily(seasonal, skip: Set(20..<35)), tiny)
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardError.contains("warning: in.csv: 15 timestamps are missing in 1 gaps (largest: 15 after 2020-01-20)"))
    }

    @Test func fillGapsPutsTheSkippedDaysBackSoSeasonalNaiveCopiesTheSameWeekday() throws {
        // Period 7 (day i holds i % 7 + 10); days 72 and 73 are absent from the file. On the completed
        // grid they are interpolated (12 and 13, on the line from 11 on day 71 to 14 on day 74), and the
        // last fold's seasonal naive forecasts days 77–79 from days 70–72: 10, 11, 12. Without
        // --fill-gaps the rows before the gap are two days late: days 68–70 give 15, 16, 10.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(daily(seasonal, skip: [72, 73]), to: "in.csv")
        let arguments = ["backtest", "in.csv", "--target", "y", "--models", "seasonal-naive", "--folds", "1",
                         "--horizon", "3", "--json"]
        let filled = try runForecast(arguments + ["--fill-gaps", "--fill", "interpolate"], in: dir.path)
        #expect(filled.status == 0, "\(filled.standardError)")
        let plain = try runForecast(arguments, in: dir.path)
        #expect(plain.status == 0, "\(plain.standardError)")
        func document(_ r: CommandResult) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any] ?? [:]
        }
        func points(_ r: CommandResult) throws -> [Double] {
            ((try document(r)["points"] as? [[String: Any]]) ?? []).compactMap { $0["forecast"] as? Double }
        }
        #expect(try points(filled) == [10, 11, 12])
        #expect(try points(plain) == [15, 16, 10])
        #expect((try document(filled)["stamp"] as? [String: Any])?["input_notes"] as? [String]
            == ["--fill-gaps inserted 2 missing timestamps as rows of missing values",
                "filled 2 missing values of \"y\" by interpolate (longest run 2 rows)"])
    }

    @Test func fillGapsWithoutFillIsOneErrorNamingTheOptions() throws {
        let r = try run(daily(seasonal, skip: [40]), tiny + ["--fill-gaps"])
        #expect(r.status == 64)
        #expect(r.standardError == "error: --fill-gaps inserted rows of missing values; expected --fill ffill or --fill "
            + "interpolate to fill them\n")
    }

    @Test func fillGapsRefusesARowOffTheGrid() throws {
        var text = daily(seasonal)
        text = text.replacingOccurrences(of: "2020-01-10,", with: "2020-01-10T12:00:00,")
        let r = try run(text, tiny + ["--fill-gaps", "--fill", "interpolate"])
        #expect(r.status == 64)
        #expect(r.standardError == "error: in.csv: --fill-gaps: row 10 (2020-01-10T12:00:00) is not on the daily grid of "
            + "the rows before it (expected 2020-01-10T00:00:00 or a later grid point)\n")
    }

    @Test func infiniteValueIsOneErrorNamingRowAndTime() throws {
        var values = seasonal
        values[5] = .infinity
        let r = try run(daily(values), tiny)
        #expect(r.status == 65)
        #expect(r.standardError == "error: in.csv: column \"y\" holds inf at row 6 (2020-01-06T00:00:00); expected "
            + "finite numbers, which a model can scale\n")
    }

    @Test func valuesNear1e300GiveAFiniteForecastOfTheirSize() throws {
        let values: [Double?] = (0..<80).map { 1e300 * (1 + 0.5 * sin(Double($0) / 3)) }
        let r = try run(daily(values), tiny + ["--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any]
        let forecasts = (doc?["points"] as? [[String: Any]])?.compactMap { $0["forecast"] as? Double } ?? []
        #expect(forecasts.count == 3)
        #expect(forecasts.allSatisfy { $0.isFinite && $0 > 1e299 && $0 < 3e300 })
    }

    @Test func valuesSpanningMoreThanADoubleAreOneError() throws {
        let values: [Double?] = (0..<80).map { $0 % 2 == 0 ? 1e308 : -1e308 }
        let r = try run(daily(values), tiny)
        #expect(r.status == 65)
        #expect(r.standardError == "error: in.csv: column \"y\" spans -1e+308 .. 1e+308, wider than a double holds; "
            + "expected values whose range is below 1.8e308 (rescale the column)\n")
    }
}
