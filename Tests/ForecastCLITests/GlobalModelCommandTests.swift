import Foundation
import Testing
import _ForecastTestSupport

/// `--global` end to end: a backtest with one network for every series, and a global model trained,
/// saved and used by `predict --model` on every series (and a new one).
@Suite struct GlobalModelCommandTests {
    static let sensors = datasetPath("traffic_los_loop_speed_5min.csv")
    static let network = ["--lookback", "12", "--units", "4", "--epochs", "2", "--horizon", "6"]

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
    }

    @Test func aGlobalBacktestNamesItsNetworkAndScoresEverySeries() throws {
        let r = try runForecast(["backtest", Self.sensors, "--targets", "773869,767541,767542", "--models", "gru,naive", "--global",
                                 "--folds", "2"] + Self.network + ["--json"])
        #expect(r.status == 0, "\(r.standardError)")
        let document = try json(r)
        let models = try #require((document["aggregate"] as? [[String: Any]])?.compactMap { $0["model"] as? String })
        #expect(models.sorted() == ["global-gru", "naive"])
        #expect((document["series"] as? [[String: Any]])?.count == 3)
        let text = try runForecast(["backtest", Self.sensors, "--targets", "773869,767541", "--models", "gru,naive", "--global",
                                    "--folds", "2"] + Self.network)
        #expect(text.standardOutput.contains("global-gru: one network per fold on every series' rows up to its origin"))
    }

    @Test func aSavedGlobalModelForecastsItsSeriesAsTrainingDidAndNewOnesScaledOnTheirOwn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let model = dir.file("global.h5")
        let targets = ["--targets", "773869,767541,767542"]
        let train = try runForecast(["train", Self.sensors] + targets + ["--global", "--save", model] + Self.network + ["--json"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(try json(train)["series"] as? [String] == ["773869", "767541", "767542"])
        #expect(try json(train)["format_version"] as? Int == 2)

        // The same forecasts as training the global network in predict itself.
        let saved = try runForecast(["predict", Self.sensors] + targets + ["--model", model, "--json"])
        #expect(saved.status == 0, "\(saved.standardError)")
        let fresh = try runForecast(["predict", Self.sensors] + targets + ["--global"] + Self.network + ["--json"])
        #expect(fresh.status == 0, "\(fresh.standardError)")
        func values(_ r: CommandResult) throws -> [[Double]] {
            let points = try #require(try json(r)["points"] as? [[String: Any]])
            return ["773869", "767541", "767542"].map { id in
                points.filter { $0["unique_id"] as? String == id }.compactMap { $0["forecast"] as? Double }
            }
        }
        // Bit for bit: a saved global model forecasts through the same GEMM backend as training did
        // (`--blas` is applied before the first forecast; it once was applied only after, and one
        // output in the last place differed).
        let (savedValues, freshValues) = (try values(saved), try values(fresh))
        #expect(savedValues.count == freshValues.count)
        #expect(savedValues == freshValues)
        #expect(try values(saved).allSatisfy { $0.count == 6 })

        // One member alone, by --target: that member's forecast.
        let one = try runForecast(["predict", Self.sensors, "--target", "767541", "--model", model, "--json"])
        #expect(one.status == 0, "\(one.standardError)")
        let oneValues = try #require(try json(one)["points"] as? [[String: Any]]).compactMap { $0["forecast"] as? Double }
        #expect(oneValues == savedValues[1])

        // Small multiples of the series asked for.
        let plot = try runForecast(["predict", Self.sensors] + targets + ["--model", model, "--plot", dir.file("f.svg"),
                                                                          "--series", "767542,773869", "--quiet"])
        #expect(plot.status == 0, "\(plot.standardError)")
        let svg = try String(contentsOfFile: dir.file("f.svg"), encoding: .utf8)
        #expect(svg.contains("767542: global-lstm forecast, 6 steps") && svg.contains("773869: global-lstm forecast, 6 steps"))
        #expect(!svg.contains("767541: global-lstm"))

        // A sensor it was not trained on: forecast through the network, with a note.
        let other = try runForecast(["predict", Self.sensors, "--targets", "773869,717468", "--model", model])
        #expect(other.status == 0, "\(other.standardError)")
        #expect(other.standardError.contains("1 series not in"))
    }

    /// `train --global --level`: each series' own intervals stored in the model (format version 3),
    /// forecast by `predict --model` as `predict --global --level` forecasts them.
    @Test func aSavedGlobalModelCarriesEachSeriesOwnIntervals() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let model = dir.file("global.h5")
        let targets = ["--targets", "773869,767541,767542"], level = ["--level", "80", "--calibration-windows", "4"]
        let train = try runForecast(["train", Self.sensors] + targets + level + ["--global", "--save", model] + Self.network + ["--json"])
        #expect(try json(train)["format_version"] as? Int == 3)
        let calibration = try #require(try json(train)["calibration"] as? [String: Any])
        #expect(calibration["levels"] as? [Int] == [80] && calibration["windows"] as? Int == 4)
        let text = try runForecast(["train", Self.sensors] + targets + level + ["--global", "--save", model] + Self.network)
        #expect(text.standardOutput.contains("each series calibrated on its own errors in 4 calibration windows of the global network"))

        func bands(_ r: CommandResult) throws -> [String: [[Double]]] {
            let document = try json(r)
            #expect(document["levels"] as? [Int] == [80])
            var out: [String: [[Double]]] = [:]
            for p in try #require(document["points"] as? [[String: Any]]) {
                out[p["unique_id"] as? String ?? "", default: []].append(
                    [p["forecast"], p["lo_80"], p["hi_80"]].map { $0 as? Double ?? .nan })
            }
            return out
        }
        let saved = try bands(runForecast(["predict", Self.sensors] + targets + ["--model", model, "--json"]))
        let fresh = try bands(runForecast(["predict", Self.sensors] + targets + level + ["--global", "--json", "--quiet"] + Self.network))
        #expect(saved.keys.sorted() == ["767541", "767542", "773869"])
        for (id, rows) in saved {
            let other = try #require(fresh[id])
            #expect(rows.count == 6 && rows.allSatisfy { $0[1] < $0[0] && $0[0] < $0[2] }, "\(id)")
            // Bit for bit, as the point forecasts above.
            #expect(rows == other, "\(id): \(rows) vs \(other)")
        }
        // Each series its own width.
        #expect(Set(saved.values.map { $0[0][2] - $0[0][1] }).count == 3)

        let level95 = try runForecast(["predict", Self.sensors] + targets + ["--model", model, "--level", "95"])
        #expect(level95.status == 65 && level95.standardError.contains("level 95 was not calibrated"), "\(level95.standardError)")
        let new = try runForecast(["predict", Self.sensors, "--targets", "773869,717468", "--model", model])
        #expect(new.status == 0, "\(new.standardError)")
        #expect(new.standardError.contains("series 717468 skipped: not a series \(model) was trained on, so it has no stored intervals"))
        let one = try runForecast(["predict", Self.sensors, "--target", "767542", "--model", model, "--json"])
        let points = try #require(try json(one)["points"] as? [[String: Any]])
        let lower = try #require(saved["767542"]?.map { $0[1] })
        #expect(points.compactMap { $0["lo_80"] as? Double } == lower)
    }

    @Test func badGlobalUsesGetOneLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let identity = try runForecast(["backtest", Self.sensors, "--targets", "773869,767541", "--models", "naive",
                                        "--series-identity", "--folds", "2", "--horizon", "6"])
        #expect(identity.status == 64)
        #expect(identity.standardError.contains("--series-identity applies to global networks"))
        let single = try runForecast(["backtest", Self.sensors, "--target", "773869", "--global", "--folds", "2"] + Self.network)
        #expect(single.status == 64)
        #expect(single.standardError.contains("--global applies to several series"))

        let coded = dir.file("coded.h5")
        let train = try runForecast(["train", Self.sensors, "--targets", "773869,767541", "--global", "--series-identity",
                                     "--save", coded] + Self.network)
        #expect(train.status == 0, "\(train.standardError)")
        let new = try runForecast(["predict", Self.sensors, "--target", "717468", "--model", coded])
        #expect(new.status != 0)
        #expect(new.standardError.contains("cannot forecast 717468"))
        #expect(!new.standardError.contains("Stack"))
    }
}
