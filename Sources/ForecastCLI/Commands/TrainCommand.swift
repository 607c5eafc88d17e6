import ArgumentParser
import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastPreprocessing
import ForecastReports
import ForecastTraining

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

            With --ensemble N the file holds N networks (seeds derived from --seed) whose mean or median \
            is the forecast; with --models auto it holds the network an inner backtest chose, with every \
            candidate's score (a baseline winner has no network to save, and is refused).

            Examples:
              forecast train Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate --save temp.h5
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --save seattle.h5 --json
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --level 80,95 --save seattle-intervals.h5
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --ensemble 5 --save seattle-ensemble.h5
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var choice: AutoChoiceOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var selection: SelectionOptions
    @OptionGroup(title: "Prediction intervals (stored in the model file)") var intervals: IntervalOptions

    @Option(help: ArgumentHelp("Where to write the model (HDF5; replaced if it exists).", valueName: "model.h5"))
    var save: String

    @Flag(help: "Print one JSON document (the model's summary) on standard output instead of text.")
    var json = false

    @Flag(help: "No progress display (it is also off when standard error is not a terminal).")
    var quiet = false

    func validate() throws {
        if model.target == nil { throw ValidationError("--target: missing; name the column to forecast") }
        try selection.checkAutoOptions(auto: choice.isAuto)
    }

    /// The `--json` document: what was trained and saved, in the predict document's names.
    struct Document: Encodable {
        var command: String
        var target: String
        var features: [String]
        var frequency: String
        var model: ModelSummary
        var training: ModelSummary.TrainingSummary
        var formatVersion: Int
        @NullWhenAbsent var calibration: ForecastReport.CalibrationSummary?
        var stamp: ReproducibilityStamp
    }

    func run() throws {
        var series = try data.loadSeries()
        if series.rowIDs != nil {
            throw CommandError("\(InputSource.displayName(data.file)) is a long file (series by \"\(series.idColumnName ?? "id")\"); "
                               + "train saves one series' model: select its rows into a file of their own, or forecast "
                               + "every series with forecast predict", status: ExitStatus.usage)
        }
        Warnings.gaps(in: series, file: data.file, quiet: quiet || json)
        if let target = model.target, !model.futureFeatureList.isEmpty {
            // Trained on the rows up to the last target value; the rows after it are the known future.
            series = try series.splittingAtLastValue(of: target).history
        }
        series = try data.checkedInputs(series, columns: (model.target.map { [$0] } ?? []) + model.featureList + model.futureFeatureList,
                                        fill: model.fill, quiet: quiet || json)
        let frequency = series.inferFrequency()
        let (configuration, target, horizon) = try ModelTraining.configuration(model: model, training: training, series: series,
                                                                               frequency: frequency)
        let trained = try ModelTraining.train(configuration, auto: choice.isAuto, selection: selection, model: model, on: series,
                                              target: target, horizon: horizon, threads: training.threads.forTasks, quiet: quiet || json)
        if let record = trained.selection, !json { print(AutoTable.render(record) + "\n") }
        // A baseline chosen by auto has nothing to save: refused before calibrating.
        _ = try trained.savedModel(frequency: frequency, calibration: nil)
        var calibration: ConformalCalibration? = nil
        var calibrationSeconds = 0.0
        if !intervals.levels.isEmpty {
            (calibration, calibrationSeconds) = try ModelTraining.calibrate(trained.forecaster, on: series, target: target, horizon: horizon,
                                                                            intervals: intervals, threads: training.threads.forTasks,
                                                                            quiet: quiet || json)
        }
        try ModelFile.save(try trained.savedModel(frequency: frequency, calibration: calibration), to: save)

        var summary = trained.summary
        summary.file = save
        if json {
            let stamp = try ReproducibilityStamp(command: "train", input: data.file, seed: configuration.training.seed,
                                                 threads: configuration.training.threads, gemm: GemmChoice.current,
                                                 configuration: trained.stampConfiguration, inputNotes: series.notes)
            print(try JSONContract.document(Document(command: "train", target: target, features: configuration.features,
                                                     frequency: frequency.code, model: summary, training: summary.training,
                                                     formatVersion: ModelFile.formatVersion,
                                                     calibration: calibration.map {
                                                         .init(levels: $0.levels, method: $0.method.rawValue, windows: $0.windows,
                                                               seconds: calibrationSeconds)
                                                     }, stamp: stamp)))
            return
        }
        let t = summary.training
        var text = "saved \(summary.architecture) on \(target)"
            + (configuration.features.isEmpty ? "" : " + \(configuration.features.joined(separator: ", "))")
            + (configuration.futureFeatures.map { " + known ahead: \($0.joined(separator: ", "))" } ?? "")
            + ", lookback \(summary.lookback), horizon \(horizon) (\(frequency.description)) to \(save)\n"
        text += "trained \(t.epochsRun.counted("epoch"))" + (t.stoppedEarly ? " (stopped early; best epoch \(t.bestEpoch) restored)" : "")
            + " in \(NumberFormatting.significant(t.seconds, digits: 3)) s on \(t.trainingWindows.counted("window"))"
        if let v = t.valLoss { text += "; validation \(t.loss ?? "loss") \(NumberFormatting.significant(v, digits: 4)) (scaled units)" }
        if let c = calibration {
            text += "\nintervals: \(c.levels.map { "\($0) %" }.joined(separator: ", ")) \(c.method.rawValue) split-conformal from "
                + "\(c.windows.counted("calibration window")) (\(NumberFormatting.significant(calibrationSeconds, digits: 3)) s), stored in the model"
        }
        print(text)
    }
}
