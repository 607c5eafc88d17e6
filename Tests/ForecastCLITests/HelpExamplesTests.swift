import Foundation
import Testing
import _ForecastTestSupport

/// Every example in a subcommand's `--help` runs as written (from a scratch directory, with the
/// shipped data sets linked in), so the help text cannot drift from the code. Training examples get
/// `--epochs 1 --units 4` appended (the last value of an option wins) to keep the debug build quick.
@Suite struct HelpExamplesTests {
    static func examples(of subcommand: String) throws -> [[String]] {
        // An example starts with "forecast " and may continue on lines after a trailing backslash.
        let help = try runForecast([subcommand, "--help"]).standardOutput
        var examples: [[String]] = []
        var current: String?
        for line in help.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if current == nil && line.hasPrefix("forecast ") { current = "" }
            guard var text = current else { continue }
            let continues = line.hasSuffix("\\")
            text += " " + (continues ? String(line.dropLast()) : line)
            current = text
            if !continues {
                examples.append(text.split(separator: " ").dropFirst().map(String.init))
                current = nil
            }
        }
        return examples
    }

    @Test(arguments: ["inspect", "predict", "backtest", "merge", "train", "export"])
    func helpExamplesRunAsWritten(subcommand: String) throws {
        let examples = try Self.examples(of: subcommand)
        #expect(examples.count >= 2, "each subcommand's help shows at least two examples")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.file("Datasets"), withDestinationPath: packageRoot + "/Datasets")
        // Files an example reads that it does not make itself: data.h5 for `inspect --dataset`, saved
        // models for `predict --model` and `export`.
        let tiny = ["--units", "4", "--epochs", "1"]
        for setup in [["predict", "Datasets/weather_seattle_daily.csv", "--target", "temp_max_c", "--output", "data.h5"],
                      ["train", "Datasets/weather_nyc_jfk_hourly_2013.csv", "--target", "temp_f", "--fill", "interpolate", "--save", "temp.h5"],
                      ["train", "Datasets/weather_seattle_daily.csv", "--target", "temp_max_c", "--save", "seattle.h5"],
                      ["export", "temp.h5", "--to", "temp.keras"]] {
            let r = try runForecast(setup + (setup[0] == "export" ? [] : tiny), in: dir.path)
            #expect(r.status == 0, "setup \(setup.joined(separator: " ")) failed: \(r.standardError)")
        }
        for example in examples {
            var arguments = example
            if ["predict", "backtest", "train"].contains(arguments[0]) && !arguments.contains("--model") {
                arguments += ["--epochs", "1", "--units", "4"]
            }
            if arguments.contains("--dataset") {
                arguments = arguments.map { $0 == "/weather" ? "/" : $0 }
            }
            let r = try runForecast(arguments, in: dir.path)
            #expect(r.status == 0, "forecast \(example.joined(separator: " ")) failed: \(r.standardError)")
        }
    }
}
