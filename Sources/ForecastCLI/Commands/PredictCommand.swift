import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastModels
import ForecastTraining
import Foundation

/// `forecast predict`: trains a stacked recurrent network on a column and forecasts the steps after
/// it, or forecasts with a trained model (`--model`).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Train a stacked SimpleRNN / LSTM / GRU on a column and forecast its next values, with dates.",
        discussion: """
            The lookback and horizon default to two seasons and one season of the series' inferred \
            frequency. The last --validation-fraction of the rows is held out for early stopping; every \
            input column is scaled on the training part only; forecasts are inverse-scaled and dated on \
            the series' own grid (business days skip weekends). Outputs carry a reproducibility stamp: \
            version, configuration, seed, threads and the SHA-256 of the input file.

            With --model, nothing is trained: the forecast comes from a model saved by 'forecast train' \
            (the same numbers as the run that trained it) or from a Keras model; model and training \
            options other than --target, --features, --lookback and --fill are then ignored.

            Examples:
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate
              forecast predict Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --output seattle.h5
              forecast predict Datasets/stock_msft_daily.csv \\
                  --target close --features volume --horizon 5 --json
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --model temp.h5 --fill interpolate
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --model temp.keras --fill interpolate
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Trained model") var modelFile: ModelFileOptions
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
        if modelFile.model == nil, model.target == nil {
            throw ValidationError("--target: missing; name the column to forecast (or forecast with a trained --model)")
        }
    }

    func run() throws {
        let series = try data.loadSeries()
        Warnings.gaps(in: series, file: data.file, quiet: output.quiet)
        let frequency = series.inferFrequency()
        let fitted: any ForecastRunSummary
        let values: [Double]
        let configurationJSON: String
        var seed = try training.configuration().seed
        if let path = modelFile.model {
            let saved = try ModelLoader.load(path, target: model.target, features: model.featureList, lookback: model.lookback,
                                             scaling: try modelFile.scaling(kind: model.scaler, loader: try data.loader()),
                                             fill: model.fill)
            values = try saved.forecast(after: series, modelPath: path)
            fitted = LoadedModelRun(model: saved, path: path)
            configurationJSON = try saved.configuration.map { try JSONOutput.compactString($0) } ?? "{}"
            if let trainedSeed = saved.configuration?.training.seed { seed = trainedSeed }
        } else {
            let (configuration, target, horizon) = try ModelTraining.configuration(model: model, training: training, series: series,
                                                                                   frequency: frequency)
            let trained = try ModelTraining.fit(configuration, on: series, target: target, horizon: horizon,
                                                quiet: output.quiet || output.json)
            values = try trained.forecast(after: series)
            fitted = trained
            configurationJSON = try JSONOutput.compactString(configuration)
        }
        let horizon = fitted.spec.horizon
        let last = series.timestamps[series.count - 1]
        let timestamps = frequency.timestamps(after: last, count: horizon)
        let result = PredictionResult(series: series, frequency: frequency, fitted: fitted, values: values,
                                      timestamps: timestamps.isEmpty ? nil : timestamps,
                                      stamp: try stamp(configurationJSON, seed: seed))

        if let format = try output.outputFormat(), let path = output.output {
            try result.write(format: format, to: path)
        }
        if let plot = output.plot {
            try AtomicFile.write(text: try result.chart().render(), to: plot)
        }
        if output.json {
            try JSONOutput.print(result.json)
        } else {
            print(result.renderTable())
        }
    }

    private func stamp(_ configurationJSON: String, seed: UInt64) throws -> ReproducibilityStamp {
        ReproducibilityStamp(command: "predict", inputPath: data.file, inputSHA256: try FileDigest.sha256(path: data.file),
                                    seed: seed, threads: try training.configuration().threads,
                                    gemm: GemmChoice.current, configurationJSON: configurationJSON)
    }
}
