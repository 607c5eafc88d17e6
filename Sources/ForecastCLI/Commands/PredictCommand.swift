import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastTraining
import Foundation

/// `forecast predict`: trains a stacked recurrent network on a column and forecasts the steps after it.
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

            Examples:
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate
              forecast predict Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --output seattle.h5
              forecast predict Datasets/stock_msft_daily.csv \\
                  --target close --features volume --horizon 5 --json
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func run() throws {
        let series = try data.loadSeries()
        Warnings.gaps(in: series, file: data.file, quiet: output.quiet)
        let frequency = series.inferFrequency()
        var configuration = RNNForecasterConfiguration()
        try model.apply(to: &configuration)
        configuration.training = try training.configuration()
        guard let horizon = model.horizon ?? frequency.seasonalPeriod else {
            throw ForecastingError.horizonUnknown(frequency: frequency.description)
        }
        _ = try series.column(named: model.target)
        for feature in configuration.features { _ = try series.column(named: feature) }

        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let forecaster = RNNForecaster(configuration, progress: { report in
            let perEpoch = report.elapsedSeconds / Double(report.epoch)
            let eta = perEpoch * Double(report.epochs - report.epoch)
            var text = "epoch \(report.epoch)/\(report.epochs)  loss \(NumberFormatting.significant(report.trainingLoss, digits: 4))"
            if let v = report.validationLoss { text += "  val \(NumberFormatting.significant(v, digits: 4))" }
            text += "  ETA ≤\(ProgressLine.duration(eta))"
            progress.update(text, force: report.epoch == report.epochs)
        })
        let fitted: FittedRNN
        do {
            fitted = try forecaster.fitRNN(on: series, target: model.target, horizon: horizon)
        } catch let error as TrainingError {
            progress.finish()
            throw CommandError(error.description, status: ExitStatus.failure)
        }
        progress.finish()
        let values = try fitted.forecast(after: series)
        let last = series.timestamps[series.count - 1]
        let timestamps = frequency.timestamps(after: last, count: horizon)
        let result = PredictionResult(series: series, frequency: frequency, fitted: fitted, values: values,
                                      timestamps: timestamps.isEmpty ? nil : timestamps,
                                      stamp: try stamp(configuration))

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

    private func stamp(_ configuration: RNNForecasterConfiguration) throws -> ReproducibilityStamp {
        ReproducibilityStamp(command: "predict", inputPath: data.file, inputSHA256: try FileDigest.sha256(path: data.file),
                             seed: configuration.training.seed, threads: configuration.training.threads,
                             gemm: GemmChoice.current, configurationJSON: try JSONOutput.compactString(configuration))
    }
}
