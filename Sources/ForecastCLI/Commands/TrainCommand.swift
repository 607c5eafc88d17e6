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
            is the forecast; with --models auto it holds what an inner backtest chose, with every \
            candidate's score: a network, or a baseline (naive, seasonal naive, drift, mean: a rule with \
            no weights, which 'forecast predict --model' applies to the history it is given).

            With several series (--targets, or a long file), each series gets its own model, trained on its own \
            rows as 'forecast predict' with the same series and options trains it (the same numbers): a \
            network, an ensemble (--ensemble N), or \
            with --models auto what the inner backtest on that series' history chose (a network, a \
            combination or a baseline); with --level, each with its own intervals. One file holds them \
            all (format version 5), and 'forecast predict' with --model forecasts each series with its own \
            model (a series the file has no model for is skipped with a warning; --strict stops instead).

            With several series and --global, one network (with --ensemble N, \
            N networks of derived seeds) is trained on the \
            windows of every series, each series scaled on its own training rows, and saved as one file \
            that holds each series' scalers: 'forecast predict' with --model forecasts every series it was \
            trained on, and any other series with the same columns (scaled on its own history) unless it \
            was trained with --series-identity. With --level, each series is calibrated on its own errors in \
            the calibration windows of the global network and the file stores each series' intervals (format \
            version 3), which 'forecast predict --model' gives every series. With --future-features each series is trained on its rows up \
            to its last target value, and 'forecast predict --model' reads each series' rows after it.

            Examples:
              forecast train Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate --save temp.h5
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --save seattle.h5 --json
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --level 80,95 --save seattle-intervals.h5
              forecast train Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --ensemble 5 --save seattle-ensemble.h5
              forecast train Datasets/stock_sp500_top50_daily.csv --target close \\
                  --global --cell gru --anchor last --save stocks-global.h5
              forecast train Datasets/traffic_los_loop_speed_5min.csv \\
                  --targets 773869,767541 --models auto --budget 2 \\
                  --horizon 6 --lookback 12 --save sensors-auto.h5
              forecast train Datasets/traffic_los_loop_speed_5min.csv \\
                  --targets 773869,767541 --global --horizon 6 --lookback 12 \\
                  --level 80 --calibration-windows 4 --save sensors-global.h5
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var choice: AutoChoiceOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var selection: SelectionOptions
    @OptionGroup(title: "Prediction intervals (stored in the model file)") var intervals: IntervalOptions
    @OptionGroup(title: "Many series") var many: SeriesOptions

    @Option(help: ArgumentHelp("Where to write the model (HDF5; replaced if it exists).", valueName: "model.h5"))
    var save: String

    @Flag(help: "Print one JSON document (the model's summary) on standard output instead of text.")
    var json = false

    @Flag(help: "No progress display (it is also off when standard error is not a terminal).")
    var quiet = false

    func validate() throws {
        if model.target == nil && many.targets == nil {
            throw ValidationError("--target: missing; name the column to forecast (or several with --targets)")
        }
        if model.target != nil && many.targets != nil {
            throw ValidationError("--target and --targets: give one; --targets trains a model for each column it names (with --global, one network on all)")
        }
        try selection.checkAutoOptions(auto: choice.isAuto)
        try selection.checkEnsembleOptions(networks: true, auto: choice.isAuto)
    }

    /// The `--json` document: what was trained and saved, in the predict document's names.
    struct Document: Encodable {
        var command: String
        var target: String
        var features: [String]
        var frequency: String
        /// The model saved; `nil` for per-series models (each in ``seriesModels``).
        @NullWhenAbsent var model: ModelSummary?
        @NullWhenAbsent var training: ModelSummary.TrainingSummary?
        var formatVersion: Int
        @NullWhenAbsent var calibration: ForecastReport.CalibrationSummary?
        /// A global model's or per-series models' series; `nil` for a model of one series.
        @NullWhenAbsent var series: [String]?
        /// Each series' own model (several series without --global); `nil` otherwise.
        @NullWhenAbsent var seriesModels: [SeriesModelEntry]? = nil
        @NullWhenAbsent var skippedSeries: [SkippedSeries]?
        var stamp: ReproducibilityStamp
    }

    func run() throws {
        var series = try data.loadSeries()
        if var collection = try data.collection(of: series, target: model.target, targets: many.targets, features: model.featureList,
                                                knownFuture: model.futureFeatureList) {
            if choice.isAuto, many.global {
                throw CommandError("--models auto with --global: auto chooses a model for each series from that series' own "
                                   + "history; drop --global to save each series' choice", status: ExitStatus.usage)
            }
            // Trained on each series' rows up to its last target value; the rows after it are its known future.
            if !model.futureFeatureList.isEmpty { collection = try collection.splittingAtLastValues().history }
            return many.global ? try trainGlobal(collection, file: series) : try trainEach(collection, file: series)
        }
        try many.checkSingleSeries()
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
        var calibration: ConformalCalibration? = nil
        var calibrationSeconds = 0.0
        if !intervals.levels.isEmpty {
            (calibration, calibrationSeconds) = try ModelTraining.calibrate(trained.forecaster, on: series, target: target, horizon: horizon,
                                                                            intervals: intervals, threads: training.threads.forTasks,
                                                                            quiet: quiet || json)
        }
        let formatVersion: Int
        if let saved = trained.savedModel(frequency: frequency, calibration: calibration) {
            try ModelFile.save(saved, to: save)
            formatVersion = ModelFile.version(of: saved)
        } else {
            let baseline = try trained.savedBaseline(target: target, horizon: horizon, frequency: frequency, season: model.season,
                                                     fill: configuration.fill, calibration: calibration)!
            try ModelFile.save(baseline, to: save)
            formatVersion = ModelFile.baselineFormatVersion
        }

        var summary = trained.summary
        summary.file = save
        if json {
            let stamp = try ReproducibilityStamp(command: "train", input: data.file, seed: configuration.training.seed,
                                                 threads: configuration.training.threads, gemm: GemmChoice.current,
                                                 configuration: trained.stampConfiguration, inputNotes: series.notes)
            print(try JSONContract.document(Document(command: "train", target: target, features: configuration.features,
                                                     frequency: frequency.code, model: summary, training: summary.training,
                                                     formatVersion: formatVersion,
                                                     calibration: calibration.map {
                                                         .init(levels: $0.levels, method: $0.method.rawValue, windows: $0.windows,
                                                               seconds: calibrationSeconds)
                                                     }, series: nil, skippedSeries: nil, stamp: stamp)))
            return
        }
        if let baseline = trained.baseline {
            var text = "saved \(summary.architecture) on \(target), horizon \(horizon) (\(frequency.description)) to \(save)\n"
                + "a baseline has no weights: 'forecast predict FILE --model \(save)' applies \(baseline) to the history it is given"
            if let c = calibration { text += "\n" + Self.intervalsLine(c, seconds: calibrationSeconds) }
            print(text)
            return
        }
        let t = summary.training
        var text = "saved \(summary.architecture) on \(target)"
            + (configuration.features.isEmpty ? "" : " + \(configuration.features.joined(separator: ", "))")
            + (configuration.futureFeatures.map { " + known ahead: \($0.joined(separator: ", "))" } ?? "")
            + ", lookback \(summary.lookback), horizon \(horizon) (\(frequency.description)) to \(save)\n"
        text += ForecastTable.trainedLine(t)
        if let c = calibration { text += "\n" + Self.intervalsLine(c, seconds: calibrationSeconds) }
        print(text)
    }

    /// The line that says which intervals the file stores.
    static func intervalsLine(_ c: ConformalCalibration, seconds: Double) -> String {
        "intervals: \(c.levels.map { "\($0) %" }.joined(separator: ", ")) \(c.method.rawValue) split-conformal from "
            + "\(c.windows.counted("calibration window")) (\(NumberFormatting.significant(seconds, digits: 3)) s), stored in the model"
    }

    /// Several series' inputs checked (gaps warned of, values checked and filled), their frequency,
    /// and the options as one configuration with the horizon.
    func prepared(_ collection: SeriesCollection, file series: TimeSeries) throws
        -> (collection: SeriesCollection, frequency: Frequency, configuration: RNNForecasterConfiguration, horizon: Int) {
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: quiet || json) }
        let collection = try data.checkedInputs(collection, features: model.featureList + model.futureFeatureList, fill: model.fill,
                                                quiet: quiet || json)
        let (configuration, horizon) = try ModelTraining.configuration(model: model, training: training, collection: collection)
        return (collection, collection.members[0].series.inferFrequency(), configuration, horizon)
    }

    /// Several series (`--targets`, or a long file): one global network on all of them, one file.
    func trainGlobal(_ collection: SeriesCollection, file series: TimeSeries) throws {
        let (collection, frequency, configuration, horizon) = try prepared(collection, file: series)
        let single = GlobalRNNForecaster(configuration, seriesIdentity: many.seriesIdentity)
        // With --ensemble N, N global networks of derived seeds, trained one after the other.
        let ensemble = GlobalEnsembleForecaster(single, size: selection.ensemble ?? 1, reduce: selection.ensembleReduce ?? .mean)
        let global: any Forecaster = ensemble.size > 1 ? ensemble : single
        let networks = try ensemble.members.map { try ModelTraining.fitGlobal($0, on: collection, horizon: horizon, quiet: quiet || json) }
        let fitted = networks[0]
        var skipped = zip(fitted.ids, fitted.members).compactMap { id, outcome -> SkippedSeries? in
            guard case .failure(let error) = outcome else { return nil }
            return SkippedSeries(id: id, reason: "\(error)")
        }
        // Stored intervals: each series calibrated on its own errors in the calibration windows of
        // the global network (what 'predict --global --level' gives it).
        var calibrations: [String: ConformalCalibration]? = nil
        var calibrationSeconds = 0.0
        if !intervals.levels.isEmpty {
            let clock = ContinuousClock(), start = clock.now
            let progress = ProgressLine(enabled: !quiet && !json)
            let outcomes = CollectionForecast(horizon: horizon, intervals: intervals.configuration, season: model.season)
                .calibrations(global, on: collection) { p in
                    progress.update("calibrating intervals: \(p.completed)/\(p.total) series", force: p.completed == p.total)
                }
            progress.finish()
            calibrationSeconds = ModelTraining.seconds(since: start, on: clock)
            calibrations = [:]
            for (member, outcome) in zip(collection.members, outcomes) {
                switch outcome {
                case .success(let c): calibrations?[member.id] = c
                case .failure(let error):
                    if many.strict { throw CommandError("\(error)") }
                    if !skipped.contains(where: { $0.id == member.id }) {
                        skipped.append(SkippedSeries(id: member.id, reason: "no intervals: \(error)"))
                    }
                }
            }
        }
        let saved = try SavedModel(globalEnsemble: networks, reduce: ensemble.reduce, frequency: frequency, calibrations: calibrations)
        try ModelFile.save(saved, to: save)
        guard let first = fitted.members.lazy.compactMap({ try? $0.get() }).first else { throw GlobalModelError.noMembers }
        var summary = ModelSummary(fitted: first, file: save)
        if let e = saved.ensemble {
            summary.architecture += " ×\(e.size) (\(e.reduce.rawValue) of a seed ensemble)"
            summary.training.networks = e.size
        }
        if json {
            let stamp = try ReproducibilityStamp(command: "train", input: data.file, seed: configuration.training.seed,
                                                 threads: configuration.training.threads, gemm: GemmChoice.current,
                                                 configuration: SavedGlobalSpec(configuration: configuration, seriesIdentity: many.seriesIdentity),
                                                 inputNotes: series.notes)
            print(try JSONContract.document(Document(command: "train", target: first.spec.targetColumn, features: configuration.features,
                                                     frequency: frequency.code, model: summary, training: summary.training,
                                                     formatVersion: ModelFile.version(of: saved),
                                                     calibration: saved.calibration.map {
                                                         .init(levels: $0.levels, method: $0.method.rawValue, windows: $0.windows,
                                                               seconds: calibrationSeconds)
                                                     }, series: saved.members.map(\.id),
                                                     skippedSeries: skipped, stamp: stamp)))
            return
        }
        var text = "saved one \(summary.architecture) for \(saved.members.count) series"
            + (many.seriesIdentity ? " (with series codes)" : "")
            + (configuration.features.isEmpty ? "" : " + \(configuration.features.joined(separator: ", "))")
            + (configuration.futureFeatures.map { " + known ahead: \($0.joined(separator: ", "))" } ?? "")
            + ", lookback \(summary.lookback), horizon \(horizon) (\(frequency.description)) to \(save)"
        // One line per network: an ensemble's members each train (and stop) on their own.
        for (k, network) in networks.enumerated() {
            guard let member = network.members.lazy.compactMap({ try? $0.get() }).first else { continue }
            let t = ModelSummary(fitted: member, file: save).training
            text += "\n" + (saved.ensemble.map { "network \(k + 1) of \($0.size) (seed \($0.seeds[k])): " } ?? "")
                + "trained \(t.epochsRun.counted("epoch"))" + (t.stoppedEarly ? " (stopped early; best epoch \(t.bestEpoch) restored)" : "")
                + " in \(NumberFormatting.significant(t.seconds, digits: 3)) s on \(t.trainingWindows.counted("window")) of every series"
            if let v = t.valLoss { text += "; validation \(t.loss ?? "loss") \(NumberFormatting.significant(v, digits: 4)) (scaled units)" }
        }
        if let c = saved.calibration {
            text += "\nintervals: \(c.levels.map { "\($0) %" }.joined(separator: ", ")) \(c.method.rawValue) split-conformal, each series "
                + "calibrated on its own errors in \(c.windows.counted("calibration window")) of the global network "
                + "(\(NumberFormatting.significant(calibrationSeconds, digits: 3)) s), stored in the model"
        }
        print(text)
        for s in skipped.prefix(10) { Warnings.print("series \(s.id) left out of the model: \(s.reason)", quiet: quiet) }
        if skipped.count > 10 { Warnings.print("\(skipped.count - 10) more series left out; --json lists them all", quiet: quiet) }
    }
}

