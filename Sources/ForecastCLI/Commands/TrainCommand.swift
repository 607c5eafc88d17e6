import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastModels
import ForecastTraining
import Foundation

/// `forecast train`: trains as `forecast predict` does and saves the model, to forecast later with
/// `forecast predict --model` without training again.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a stacked SimpleRNN / LSTM / GRU on a column and save it as one HDF5 model file.",
        discussion: """
            Takes the model and training options of 'forecast predict' and trains the same network (same \
            seed, same numbers). The model file holds the architecture, the weights, the scalers, the \
            input columns, lookback, horizon, frequency, the training settings and seed, and a format \
            version; 'forecast predict FILE --model model.h5' forecasts from it without training, with \
            the numbers the training run would have forecast, and 'forecast export' turns it into a \
            Keras .keras file. The file is written atomically: a failed save leaves no partial file.

            Examples:
              forecast train Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate --save temp.h5
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --save seattle.h5 --json
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Training") var training: TrainingOptions

    @Option(help: ArgumentHelp("Where to write the model (HDF5; replaced if it exists).", valueName: "model.h5"))
    var save: String

    @Flag(help: "Print one JSON document (the model's summary) on standard output instead of text.")
    var json = false

    @Flag(help: "No progress display (it is also off when standard error is not a terminal).")
    var quiet = false

    func validate() throws {
        if model.target == nil { throw ValidationError("--target: missing; name the column to forecast") }
    }

    struct Summary: Encodable {
        var model: String
        var target: String
        var features: [String]
        var cell: String
        var units: [Int]
        var lookback: Int
        var horizon: Int
        var frequency: String
        var epochsRun: Int
        var bestEpoch: Int
        var valLoss: Double?
        var trainingWindows: Int
        var seed: UInt64
        var formatVersion: Int

        enum CodingKeys: String, CodingKey {
            case model, target, features, cell, units, lookback, horizon, frequency, seed
            case epochsRun = "epochs_run", bestEpoch = "best_epoch", valLoss = "val_loss", trainingWindows = "training_windows"
            case formatVersion = "format_version"
        }
    }

    func run() throws {
        let series = try data.loader().load(path: data.file)
        let frequency = series.inferFrequency()
        let (configuration, target, horizon) = try ModelTraining.configuration(model: model, training: training, series: series,
                                                                               frequency: frequency)
        let fitted = try ModelTraining.fit(configuration, on: series, target: target, horizon: horizon, quiet: quiet || json)
        try ModelFile.save(SavedModel(fitted: fitted, frequency: frequency), to: save)

        let h = fitted.history
        let best = max(h.bestEpoch, 1) - 1
        let summary = Summary(model: save, target: target, features: configuration.features, cell: configuration.cell.rawValue,
                              units: configuration.units, lookback: fitted.spec.lookback, horizon: horizon, frequency: frequency.code,
                              epochsRun: h.epochsRun, bestEpoch: h.bestEpoch,
                              valLoss: h.validationLosses.indices.contains(best) ? h.validationLosses[best] : nil,
                              trainingWindows: fitted.trainingWindowCount, seed: configuration.training.seed,
                              formatVersion: ModelFile.formatVersion)
        if json {
            try JSONOutput.print(summary)
            return
        }
        var text = "saved \(fitted.architectureText) on \(target)"
            + (configuration.features.isEmpty ? "" : " + \(configuration.features.joined(separator: ", "))")
            + ", lookback \(fitted.spec.lookback), horizon \(horizon) (\(frequency.description)) to \(save)\n"
        text += "trained \(h.epochsRun) epochs" + (h.stoppedEarly ? " (stopped early; best epoch \(h.bestEpoch) restored)" : "")
            + " in \(NumberFormatting.significant(fitted.trainingSeconds, digits: 3)) s on \(fitted.trainingWindowCount) windows"
        if let v = summary.valLoss { text += "; validation \(configuration.training.loss.rawValue) \(NumberFormatting.significant(v, digits: 4)) (scaled units)" }
        print(text)
    }
}
