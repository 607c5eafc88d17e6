import Foundation
import Testing
import _ForecastTestSupport

/// `forecast train`, `forecast predict --model` and `forecast export`, end to end through the binary.
@Suite struct ModelCommandsTests {
    static let fixtures = packageRoot + "/Tests/ForecastModelsTests/Fixtures"
    static let series = fixtures + "/trained_series.csv"
    static let small = ["--features", "x2", "--units", "4", "--epochs", "2", "--lookback", "12", "--horizon", "3", "--seed", "5"]

    func forecast(_ r: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Double] {
        #expect(r.status == 0, "\(r.standardError)", sourceLocation: sourceLocation)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        return try #require((json["points"] as? [[String: Any]])?.compactMap { $0["forecast"] as? Double })
    }

    /// Train once, forecast many times: the saved model forecasts exactly what the training run did,
    /// and so does its Keras export read back.
    @Test func savedModelForecastsBitIdenticallyToTraining() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let trained = try forecast(runForecast(["predict", Self.series, "--target", "y"] + Self.small + ["--json"]))
        let train = try runForecast(["train", Self.series, "--target", "y"] + Self.small + ["--save", dir.file("m.h5"), "--quiet"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("saved LSTM 4 on y + x2"))
        let loaded = try forecast(runForecast(["predict", Self.series, "--model", dir.file("m.h5"), "--json"]))
        #expect(loaded == trained)
        #expect(loaded.count == 3)

        let export = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(export.status == 0, "\(export.standardError)")
        #expect(export.standardOutput.contains("LSTM(4) → Dense(3)"))
        #expect(try forecast(runForecast(["predict", Self.series, "--model", dir.file("m.keras"), "--json"])) == trained)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["m.h5", "m.keras"])
    }

    /// The validation windows a training run reports are stored and reported again by `predict --model`;
    /// a Keras import does not know them (`null`, not 0).
    @Test func aSavedModelReportsItsValidationWindowsAndAnImportReportsNull() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        func windows(_ r: CommandResult) throws -> Any? {
            #expect(r.status == 0, "\(r.standardError)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
            let training = try #require(document["training"] as? [String: Any])
            return training["validation_windows"]
        }
        let trained = try windows(runForecast(["train", Self.series, "--target", "y"] + Self.small + ["--save", dir.file("m.h5"), "--json"]))
        let count = try #require(trained as? Int)
        #expect(count > 0)
        #expect(try windows(runForecast(["predict", Self.series, "--model", dir.file("m.h5"), "--json"])) as? Int == count)
        #expect(try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")]).status == 0)
        #expect(try windows(runForecast(["predict", Self.series, "--model", dir.file("m.keras"), "--json"])) is NSNull)
    }

    /// A model that keeps its forecasts at 0 or above says, on export, that the Keras model does not.
    @Test func exportingANonNegativeModelSaysKerasDoesNotClamp() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = ["Datasets/traffic_i94_hourly.csv", "--from", "2018-06-01", "--target", "traffic_volume", "--fill", "interpolate",
                       "--units", "4", "--epochs", "1"]
        #expect(try runForecast(["train"] + options + ["--save", dir.file("m.h5"), "--quiet"]).status == 0)
        let text = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m.keras")])
        #expect(text.status == 0 && text.standardOutput.contains("the Keras model does not: apply max(0, forecast)"), "\(text.standardOutput)")
        let json = try runForecast(["export", dir.file("m.h5"), "--to", dir.file("m2.keras"), "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["non_negative"] as? Bool == true)
    }

    @Test func modelWhoseColumnsAreMissingIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(try runForecast(["train", Self.series, "--target", "y"] + Self.small + ["--save", dir.file("m.h5"), "--quiet"]).status == 0)
        let text = try String(contentsOfFile: Self.series, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.map { $0.split(separator: ",").prefix(2).joined(separator: ",") }.joined(separator: "\n")
        let onlyY = try dir.write(text + "\n", to: "only_y.csv")
        let r = try runForecast(["predict", onlyY, "--model", dir.file("m.h5")])
        #expect(r.status == 65)
        #expect(r.standardError.contains("reads column \"x2\", missing from the input"), "\(r.standardError)")
        #expect(r.standardError.split(separator: "\n").count == 1)
        // The model file given where the data goes: one line saying what it is and where it goes.
        let swapped = try runForecast(["inspect", dir.file("m.h5")])
        #expect(swapped.status == 65 && swapped.standardError.contains("a model file written by 'forecast train', not a time series"),
                "\(swapped.standardError)")
        #expect(swapped.standardError.split(separator: "\n").count == 1)
    }

    /// The done-when case: an LSTM trained in Keras forecasts from the command line with Keras' numbers.
    @Test func kerasTrainedLSTMForecastsAsKeras() throws {
        struct Expected: Decodable { var mean: [Double]; var std: [Double]; var forecast: [Double] }
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/trained_lstm.json")))
        let values = try forecast(runForecast([
            "predict", Self.series, "--model", Self.fixtures + "/trained_lstm.keras", "--target", "y", "--features", "x2",
            "--mean", expected.mean.map { "\($0)" }.joined(separator: ","), "--std", expected.std.map { "\($0)" }.joined(separator: ","),
            "--json",
        ]))
        #expect(values.count == expected.forecast.count)
        for (a, b) in zip(values, expected.forecast) { #expect(isClose(a, b, relative: 1e-5), "\(values) vs Keras \(expected.forecast)") }
    }

    @Test func kerasModelWithoutScalingOrWithRefusedLayerIsRefused() throws {
        let noScaling = try runForecast(["predict", Self.series, "--model", Self.fixtures + "/trained_lstm.keras", "--target", "y",
                                         "--features", "x2"])
        #expect(noScaling.status == 65)
        #expect(noScaling.standardError.contains("does not carry the scaling") && noScaling.standardError.contains("--scaler-from"))
        let refused = try runForecast(["predict", Self.series, "--model", Self.fixtures + "/refuse_bidirectional.keras", "--target", "y",
                                       "--mean", "0", "--std", "1"])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("is a Bidirectional"), "\(refused.standardError)")
    }

    @Test func trainNeedsTargetAndSave() throws {
        #expect(try runForecast(["train", Self.series, "--save", "x.h5"]).status == 64)
        #expect(try runForecast(["train", Self.series, "--target", "y"]).status == 64)
        #expect(try runForecast(["export", "m.h5", "--to", "m.zip"]).status == 64)
    }
}
