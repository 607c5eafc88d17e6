import ArgumentParser
import ForecastIO
import ForecastModels
import ForecastReports

/// `forecast export`: writes a saved model as a Keras `.keras` file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model saved by 'forecast train' as a Keras .keras file that keras.models.load_model opens.",
        discussion: """
            The Keras model is a Sequential of an InputLayer [None, lookback, features], the recurrent layers \
            and the Dense head, with the same weights; it maps scaled windows to scaled forecasts. The \
            scaling is not part of a Keras model: the .keras zip also holds forecast.json (columns, \
            lookback, horizon and each column's scaler offset and scale), which Keras ignores and \
            'forecast predict --model m.keras' reads back; a Keras user scales each input column as \
            (x - offset) / scale and inverse-scales forecasts with the target's (the first).

            Examples:
              forecast train Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate --save temp.h5
              forecast export temp.h5 --to temp.keras
              python -c 'import keras; keras.models.load_model("temp.keras").summary()'
            """
    )

    @Argument(help: ArgumentHelp("Model file written by 'forecast train --save'.", valueName: "model.h5"))
    var model: String

    @Option(help: ArgumentHelp("The .keras file to write (replaced if it exists).", valueName: "m.keras"))
    var to: String

    @Flag(help: "Print one JSON document describing the written model instead of text.")
    var json = false

    /// The `--json` document.
    struct Document: Encodable {
        var command = "export"
        var model: String
        var keras: String
        var target: String
        var inputColumns: [String]
        var lookback: Int
        var horizon: Int
        var layers: [String]
        /// Whether the original keeps its forecasts at 0 or above, which the Keras model does not.
        var nonNegative: Bool
    }

    /// The note on a model that keeps its forecasts at 0 or above: the clamp is not a Keras layer.
    static let clampNote = "note: this model keeps its forecasts at 0 or above (its training target had no negative value); the "
        + "Keras model does not: apply max(0, forecast) to its forecasts (forecast predict --model on the .keras file does not either)"

    func validate() throws {
        if !to.lowercased().hasSuffix(".keras") {
            throw ValidationError("--to \(to): expected a file name ending in .keras (what keras.models.load_model opens)")
        }
    }

    func run() throws {
        let saved = try IsolatedRead.modelFile(model)
        try KerasModelExporter.export(saved, to: to)
        let nonNegative = saved.configuration?.nonNegative ?? false
        if json {
            print(try JSONContract.document(Document(model: model, keras: to, target: saved.target, inputColumns: saved.spec.inputColumns,
                                                     lookback: saved.spec.lookback, horizon: saved.spec.horizon,
                                                     layers: saved.network.layers.map(\.summary),
                                                     nonNegative: nonNegative)))
            return
        }
        let layers = saved.network.layers.map(\.summary).joined(separator: " → ")
        print("wrote \(to): Keras Sequential \(layers), input [None, \(saved.spec.lookback), \(saved.network.features)] "
              + "(\(saved.spec.inputColumns.joined(separator: ", ")), scaled), output [None, \(saved.spec.horizon)]")
        if nonNegative { print(Self.clampNote) }
    }
}
