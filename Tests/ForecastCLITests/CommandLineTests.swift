import Foundation
import Testing
import _ForecastTestSupport

/// The command line around the commands: no arguments, mistyped commands, options a saved model
/// fixes, ranges on every command, and how tables word counts and times.
@Suite struct CommandLineTests {
    static let seattle = datasetPath("weather_seattle_daily.csv")

    @Test func noArgumentsPrintsTheHelpAndExitsWithTheUsageStatus() throws {
        let r = try runForecast([])
        #expect(r.status == 64)
        #expect(r.standardOutput.isEmpty && r.standardError.contains("USAGE: forecast <subcommand>"))
    }

    @Test func aMistypedCommandGetsTheNearestNameSuggested() throws {
        let r = try runForecast(["predcit", Self.seattle])
        #expect(r.status == 64)
        #expect(r.standardError.hasPrefix("error: unknown command 'predcit'; did you mean 'predict'?"))
        #expect(r.standardError.split(separator: "\n").count == 1)
    }

    @Test func predictWithAModelRefusesTheOptionsTheModelFixes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let train = try runForecast(["train", Self.seattle, "--target", "temp_max_c", "--units", "4", "--epochs", "1", "--save", dir.file("m.h5")])
        #expect(train.status == 0, "\(train.standardError)")
        let r = try runForecast(["predict", Self.seattle, "--model", dir.file("m.h5"), "--horizon", "3", "--cell", "gru"])
        #expect(r.status == 64)
        #expect(r.standardError.contains("--cell, --horizon with --model: a trained model fixes its network and training"))
    }

    /// `train` keeps only the rows inside `--from` / `--to`, as every other command does: a model
    /// trained on 2012 alone has fewer windows than one trained on all four years.
    @Test func trainHonoursFromAndTo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        func windows(_ extra: [String]) throws -> Int? {
            let r = try runForecast(["train", Self.seattle, "--target", "temp_max_c", "--units", "4", "--epochs", "1", "--lookback", "7",
                                     "--save", dir.file("m.h5"), "--json"] + extra)
            #expect(r.status == 0, "\(r.standardError)")
            let j = try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any]
            return (j?["training"] as? [String: Any])?["training_windows"] as? Int
        }
        let all = try #require(try windows([]))
        let year = try #require(try windows(["--from", "2012-01-01", "--to", "2012-12-31"]))
        // 366 rows; 10 % (36) held out for validation; windows of 7 + 7 rows end in the other 330.
        #expect(year == 330 - 7 - 7 + 1)
        #expect(all > 3 * year)
    }

    @Test func oneEpochIsSingularAndHourlyMidnightKeepsItsTime() throws {
        let r = try runForecast(["predict", "Datasets/weather_nyc_jfk_hourly_2013.csv", "--target", "temp_f", "--fill", "interpolate",
                                 "--units", "4", "--epochs", "1"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("trained 1 epoch in"))
        // The series ends at 2013-12-30T23:00; step 1 is midnight, printed with its time like every other hour.
        #expect(r.standardOutput.contains("2013-12-31T00:00:00"))
        #expect(!r.standardOutput.contains(" 2013-12-31 "))
    }
}
