import ArgumentParser
import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastPreprocessing
import ForecastReports
import ForecastTraining

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

            With --level 80,95, the forecast carries split-conformal intervals (lo_80, hi_80, …): the network \
            is refitted at --calibration-windows origins at the end of the series (each seeing only the rows \
            before its origin), and the bounds are quantiles of those forecasts' errors, step by step. That \
            costs one training per window; the refits run in parallel on the cores, and the time is reported.

            With --targets, each column named (or every numeric one: --targets all) gets its own network, \
            trained on that column alone; the series run in parallel on --threads. --models auto makes each \
            series' own choice (printed per series), and --ensemble N trains each series' own ensemble (with \
            --global: N global networks).

            With --future-features, the named columns are known ahead: the rows after the last target value \
            (target cell empty) carry their values for the steps forecast, and the forecast starts after that \
            last target value. With several series, each series reads its own rows after its own last value \
            (in a wide file the columns are shared by every --targets column); a missing value stops the run \
            before any training, naming the series, the column and the step.

            With --models auto, the model is chosen by an inner rolling-origin backtest on the history \
            (never the period forecast): the baselines, SimpleRNN, GRU and LSTM with and without the \
            anchors and the calendar and two sizes, ranked by --select-by (MASE) within --budget; a network \
            must beat the best baseline by more than 5 %, and ties within 1 % go to the simpler model. A \
            network that wins is fitted with the next two best networks that beat every baseline (the mean \
            of three; --ensemble sets how many). It prints every candidate's score, the \
            winner and why, forecasts with the winner, and stamps the choice. With --ensemble N, N \
            networks with seeds derived from --seed are trained in parallel and their mean (or median) \
            is the forecast.

            With --model, nothing is trained: the forecast comes from a model saved by 'forecast train' \
            (the same numbers as the run that trained it) or from a Keras model. A file of per-series models \
            ('forecast train' on several series) forecasts each series with its own model, or the one \
            series --target names. Options that shape or \
            train a network (--cell, --units, --horizon, --epochs, …) are refused with --model: the model fixes them.

            Examples:
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate
              forecast predict Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --cell gru --units 32 --output seattle-forecast.h5
              forecast predict Datasets/stock_msft_daily.csv \\
                  --target close --features volume --horizon 5 --json
              forecast train Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --target temp_f --fill interpolate --save temp.h5
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --model temp.h5 --fill interpolate
              forecast export temp.h5 --to temp.keras
              forecast predict Datasets/weather_nyc_jfk_hourly_2013.csv \\
                  --model temp.keras --fill interpolate
              forecast predict Datasets/traffic_los_loop_speed_5min.csv \\
                  --targets 773869,767541 --horizon 12
              forecast predict Datasets/traffic_los_loop_speed_5min.csv \\
                  --targets 773869,767541 --horizon 12 --models auto --budget 2
              forecast predict Datasets/stock_msft_daily.csv \\
                  --target close --models auto
              forecast predict Datasets/weather_seattle_daily.csv \\
                  --target temp_max_c --ensemble 5 --ensemble-reduce median
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Trained model") var modelFile: ModelFileOptions
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var choice: AutoChoiceOptions
    @OptionGroup(title: "Model choice (--models auto) and seed ensembles") var selection: SelectionOptions
    @OptionGroup(title: "Prediction intervals") var intervals: IntervalOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Many series") var many: SeriesOptions

    @Option(help: ArgumentHelp("Rows of history the --plot shows before the forecast. Default: four seasons or four horizons, whichever is longer (hourly: four days).",
                               valueName: "rows"))
    var plotHistory: Int?

    func validate() throws {
        if let plotHistory, plotHistory < 1 { throw ValidationError("--plot-history \(plotHistory): expected at least 1 row") }
        if modelFile.model == nil {
            try selection.checkAutoOptions(auto: choice.isAuto)
            try selection.checkEnsembleOptions(networks: true, auto: choice.isAuto)
        }
        if many.targets != nil, model.target != nil {
            throw ValidationError("--target and --targets: give one; --targets forecasts each column it names")
        }
        if many.targets == nil, modelFile.model == nil, model.target == nil {
            throw ValidationError("--target: missing; name the column to forecast (or forecast with a trained --model)")
        }
        let fixed = model.trainingOnlyFlagsGiven + training.flagsGiven
            + (intervals.calibrationWindows != nil ? ["--calibration-windows"] : []) + selection.flagsGiven
            + (choice.models != nil ? ["--models"] : [])
        if modelFile.model != nil, !fixed.isEmpty {
            throw ValidationError("\(fixed.joined(separator: ", ")) with --model: a trained model fixes its network and training; "
                                  + "drop \(fixed.count == 1 ? "it" : "them"), or train a new model without --model")
        }
    }

    func run() throws {
        do {
            try forecast()
        } catch let error as FutureInputsError {
            // A missing known-future value is a fault of the file: name it.
            throw CommandError("\(InputSource.displayName(data.file)): \(error)")
        } catch let error as SeriesFutureInputsError {
            throw CommandError("\(InputSource.displayName(data.file)): \(error)")
        }
    }

    private func forecast() throws {
        var series = try data.loadSeries()
        if let path = modelFile.model, series.rowIDs != nil || many.targets != nil {
            return try forecastMany(file: series, model: path)
        }
        if let collection = try data.collection(of: series, target: model.target, targets: many.targets, features: model.featureList,
                                                knownFuture: model.futureFeatureList) {
            return try forecastMany(collection, file: series)
        }
        Warnings.gaps(in: series, file: data.file, quiet: output.quiet)
        try many.checkSingleSeries()
        // Known-future columns: the rows after the last target value hold their values ahead.
        var futureRows: TimeSeries? = nil
        if let target = model.target, !model.futureFeatureList.isEmpty {
            (series, futureRows) = try series.splittingAtLastValue(of: target)
        }
        series = try data.checkedInputs(series, columns: (model.target.map { [$0] } ?? []) + model.featureList + model.futureFeatureList,
                                        fill: model.fill, quiet: output.quiet || output.json)
        let report: ForecastReport
        var validationStart: Int? = nil
        var validation: (firstTargetRows: [Int], values: [[Double]]) = ([], [])
        let threads = training.configuration().threads
        if let path = modelFile.model {
            // A model file of ours (a network or a baseline) or a Keras file: read in a separate process first.
            try IsolatedRead.check(.keras, path: path, modelFirst: true)
            if let baseline = try savedBaseline(path) {
                let (forecast, calibration) = try forecast(with: baseline, after: series, path: path)
                let stamp = try ReproducibilityStamp(command: "predict", input: data.file, seed: TrainingConfiguration().seed, threads: threads,
                                                     gemm: "none", configuration: baseline.stampConfiguration, inputNotes: series.notes)
                report = ForecastReport(forecast: forecast, series: series, model: baseline.summary(file: path), features: [],
                                        calibration: calibration, season: model.season, stamp: stamp)
            } else {
                let scaling = try modelFile.scaling(kind: model.scaler ?? .standard, loader: data.loader())
                var saved = try ModelLoader.load(path, target: model.target, features: model.featureList, lookback: model.lookback,
                                                 scaling: scaling, fill: model.fill)
                // A global model: the series' own member, or the series scaled on its own history.
                saved = try saved.forSeries(series, target: model.target ?? saved.target)
                if !intervals.levels.isEmpty {
                    guard let stored = saved.calibration else { throw IntervalError.notCalibrated(model: path) }
                    saved.calibration = try stored.restricted(to: intervals.levels)
                }
                var knownFuture: TimeSeries? = nil
                if !saved.knownFutureColumns.isEmpty {
                    let rows: TimeSeries
                    (series, rows) = try series.splittingAtLastValue(of: saved.target)
                    knownFuture = try series.knownFuture(rows, columns: saved.knownFutureColumns, steps: saved.spec.horizon,
                                                         frequency: series.inferFrequency())
                }
                let forecast = try saved.forecast(after: series, knownFuture: knownFuture, modelPath: path)
                let calibration = saved.calibration.map {
                    ForecastReport.CalibrationSummary(levels: $0.levels, method: $0.method.rawValue, windows: $0.windows, seconds: nil)
                }
                let stamp = try ReproducibilityStamp(command: "predict", input: data.file,
                                                     seed: saved.configuration?.training.seed ?? TrainingConfiguration().seed,
                                                     threads: threads, gemm: GemmChoice.current,
                                                     configuration: saved.configuration.map { try JSONValue(encoding: $0) } ?? .object([:]),
                                                     inputNotes: series.notes)
                report = ForecastReport(forecast: forecast, series: series, model: ModelSummary(loaded: saved, file: path),
                                        features: Array(saved.fileColumns.dropFirst()), calibration: calibration,
                                        season: model.season, stamp: stamp)
            }
        } else {
            let (configuration, target, horizon) = try ModelTraining.configuration(model: model, training: training, series: series,
                                                                                   frequency: series.inferFrequency())
            let trained = try ModelTraining.train(configuration, auto: choice.isAuto, selection: selection, model: model, on: series,
                                                  target: target, horizon: horizon, threads: training.threads.forTasks,
                                                  quiet: output.quiet || output.json)
            let stamp = try ReproducibilityStamp(command: "predict", input: data.file, seed: configuration.training.seed,
                                                 threads: configuration.training.threads, gemm: GemmChoice.current,
                                                 configuration: trained.stampConfiguration, inputNotes: series.notes)
            let knownFuture = try futureRows.map {
                try series.knownFuture($0, columns: model.futureFeatureList, steps: horizon, frequency: series.inferFrequency())
            }
            var forecast = try trained.fitted.forecast(after: series, knownFuture: knownFuture)
            var calibration: ForecastReport.CalibrationSummary? = nil
            if !intervals.levels.isEmpty {
                let (c, seconds) = try ModelTraining.calibrate(trained.forecaster, on: series, target: target, horizon: horizon,
                                                               intervals: intervals, threads: training.threads.forTasks,
                                                               quiet: output.quiet || output.json)
                forecast = c.applied(to: forecast)
                calibration = .init(levels: c.levels, method: c.method.rawValue, windows: c.windows, seconds: seconds)
            }
            if let record = trained.selection, !output.json { print(AutoTable.render(record) + "\n") }
            report = ForecastReport(forecast: forecast, series: series, model: trained.summary,
                                    features: configuration.features + (configuration.futureFeatures ?? []), calibration: calibration,
                                    season: model.season, stamp: stamp)
            if output.plot != nil, let fitted = trained.network {
                validationStart = fitted.split.validation.lowerBound
                validation = try fitted.validationPredictions()
            }
        }

        try ForecastChecks.requireFinite(report.forecast)
        if let history = (try? series.column(named: report.forecast.target))?.values,
           let warning = ForecastChecks.rangeWarning(report.forecast, history: history, anchored: (model.anchor ?? .none) != .none) {
            Warnings.print(warning, quiet: output.quiet || output.json)
        }
        if let out = output.output { try report.write(format: out.format, to: out.path) }
        if let plot = output.plot {
            try AtomicFile.write(text: try report.chart(historyRows: plotHistory, validationStartRow: validationStart,
                                                        validation: validation).render(), to: plot.path)
        }
        print(output.json ? try JSONContract.document(report.document) : ForecastTable.render(report))
    }

    /// Several series (`--targets`, or a long file): one network per series, each trained on its own
    /// rows, series in parallel; or with `--global` one network trained on every series' rows.
    func forecastMany(_ collection: SeriesCollection, file series: TimeSeries) throws {
        if choice.isAuto, many.global {
            throw CommandError("--models auto with --global: auto chooses a model for each series from that series' own history; "
                               + "drop --global, or compare global-gru with the baselines in forecast backtest --models",
                               status: ExitStatus.usage)
        }
        // Known-future columns: each series' rows after its last target value hold their values ahead.
        var collection = collection, future: [String: TimeSeries] = [:]
        if !model.futureFeatureList.isEmpty { (collection, future) = try collection.splittingAtLastValues() }
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: output.quiet) }
        collection = try data.checkedInputs(collection, features: model.featureList + model.futureFeatureList, fill: model.fill,
                                            quiet: output.quiet || output.json)
        var (configuration, horizon) = try ModelTraining.configuration(model: model, training: training, collection: collection)
        // Checked for every series before any network is trained.
        let knownFuture = try collection.knownFuture(future, columns: model.futureFeatureList, horizon: horizon)
        // Series in parallel, each network on one thread, when there are enough series to fill the
        // threads; one global network trains on every thread.
        let workers = training.threads.forTasks
        let parallelSeries = collection.members.count >= workers && !many.global
        if parallelSeries { configuration.training.threads = 1 }
        // auto's candidates and an ensemble's members run on the workers the series leave free.
        var catalog = ModelCatalog(network: configuration, season: model.season)
        catalog.otherSeasons = model.otherSeasons
        catalog.seriesIdentity = many.seriesIdentity
        selection.apply(to: &catalog, model: model, threads: parallelSeries ? 1 : workers)
        let autoLog = AutoChoiceLog()
        catalog.autoLog = autoLog
        let name = choice.isAuto ? ModelCatalog.autoName : (many.global ? GlobalRNNForecaster.namePrefix : "") + configuration.cell.rawValue
        var forecaster = try catalog.forecaster(named: name)
        if var ensemble = forecaster as? EnsembleForecaster {
            ensemble.threads = parallelSeries ? 1 : workers
            forecaster = ensemble
        }
        _ = try many.models([forecaster.name])
        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let run = CollectionForecast(horizon: horizon, intervals: intervals.configuration, season: model.season,
                                     threads: configuration.training.threads == 1 ? workers : 1, strict: many.strict)
        let result = try run.run(forecaster, on: collection, knownFuture: knownFuture) { p in
            var text = "predict: \(p.completed)/\(p.total) series"
            if let eta = p.estimatedSecondsLeft, p.completed < p.total { text += "  ETA \(ProgressLine.duration(eta))" }
            progress.update(text, force: p.completed == p.total)
        }
        progress.finish()
        for s in result.forecasts { try ForecastChecks.requireFinite(s.forecast) }
        // Each series' own choice: the fit on all of its rows.
        var choices: [String: AutoSelectionRecord] = [:]
        for member in collection.members {
            if let first = member.series.timestamps.first, let last = member.series.timestamps.last,
               let record = autoLog.record(series: member.id, from: first, to: last) {
                choices[member.id] = record
            }
        }
        var settings = try JSONValue(encoding: configuration)
        if choice.isAuto {
            settings = settings.adding("auto", try JSONValue(encoding: catalog.auto)).adding("selections", try JSONValue(encoding: choices))
        } else if catalog.ensemble > 1 {
            settings = settings.adding("ensemble", try JSONValue(encoding: ModelTraining.EnsembleStamp(
                size: catalog.ensemble, reduce: catalog.ensembleReduce,
                seeds: (0..<catalog.ensemble).map { EnsembleForecaster.memberSeed(configuration.training.seed, member: $0) })))
        }
        let stamp = try ReproducibilityStamp(command: "predict", input: data.file, seed: configuration.training.seed,
                                             threads: workers, gemm: GemmChoice.current, configuration: settings,
                                             inputNotes: series.notes)
        let report = CollectionForecastReport(result: result, collection: collection,
                                              model: forecaster.name, stamp: stamp,
                                              choices: choices.mapValues { .init(winner: $0.winner, reason: $0.reason) })
        try emit(report, collection: collection)
    }

    /// The baseline in the model file at `path` (``SavedBaseline``, saved when `--models auto` chose
    /// one); `nil` for a network or a Keras file. The file has been read by ``IsolatedRead`` first.
    func savedBaseline(_ path: String) throws -> SavedBaseline? {
        guard ModelFile.isModelFile(path) else { return nil }
        if let target = model.target, many.targets == nil, let found = try ModelFile.loadSeriesModel(path, id: target) {
            // A file of per-series models: the baseline of the series --target names, if it is one.
            if case .baseline(let own)? = found.model { return own }
            return nil
        }
        guard let baseline = try ModelFile.loadBaseline(path) else { return nil }
        if let target = model.target, target != baseline.target, many.targets == nil {
            throw ModelFileError.invalid(what: "target", problem: "--target \(target), but \(path) forecasts \"\(baseline.target)\"; "
                                         + "drop --target (a saved model knows its columns)")
        }
        return baseline
    }

    /// `baseline`'s forecast after `history`, with the stored intervals of the levels asked (all without --level).
    func forecast(with baseline: SavedBaseline, after history: TimeSeries,
                  path: String) throws -> (Forecast, ForecastReport.CalibrationSummary?) {
        var baseline = baseline
        if !intervals.levels.isEmpty {
            guard let stored = baseline.calibration else { throw IntervalError.notCalibrated(model: path) }
            baseline.calibration = try stored.restricted(to: intervals.levels)
        }
        let summary = baseline.calibration.map {
            ForecastReport.CalibrationSummary(levels: $0.levels, method: $0.method.rawValue, windows: $0.windows, seconds: nil)
        }
        return (try baseline.forecast(after: history, modelPath: path), summary)
    }

    /// Several series forecast by a saved global model (`--model`): each series it was trained on
    /// with its own scalers, any other series scaled on its own history.
    /// The series are read with the model's columns: its target (or --target), its features and its
    /// known-future columns, whose values each series' rows after its last target value carry.
    /// A saved baseline forecasts every series by its rule, on the series' own target column.
    func forecastMany(file series: TimeSeries, model path: String) throws {
        try IsolatedRead.check(.model, path: path)
        if ModelFile.isModelFile(path), let models = try ModelFile.loadSeriesModels(path) {
            return try forecastMany(file: series, seriesModels: models, path: path)
        }
        if let baseline = try savedBaseline(path) {
            guard let collection = try data.collection(of: series, target: model.target ?? baseline.target, targets: many.targets,
                                                       features: [], knownFuture: []) else { return }
            return try forecastMany(collection, file: series, baseline: baseline, path: path)
        }
        let saved = try ModelFile.load(path)
        guard saved.isGlobal else {
            let layout = series.rowIDs != nil ? "a long file (series by \"\(series.idColumnName ?? "id")\")" : "--targets"
            throw CommandError("--model with \(layout): \(path) is a model of one series; forecast one --target with it, "
                               + "or train one network for every series with 'forecast train --global'", status: ExitStatus.usage)
        }
        let threads = training.configuration().threads
        // Stored intervals (train --global --level): each series it was trained on carries its own.
        if !intervals.levels.isEmpty {
            // Every series has the same levels: checked once, on the first.
            guard let stored = saved.calibration, saved.hasMemberCalibrations else { throw IntervalError.notCalibrated(model: path) }
            _ = try stored.restricted(to: intervals.levels)
        }
        let features = saved.configuration?.features ?? Array(saved.fileColumns.dropFirst())
        guard var collection = try data.collection(of: series, target: model.target ?? saved.target, targets: many.targets,
                                                   features: features, knownFuture: saved.knownFutureColumns) else { return }
        var future: [String: TimeSeries] = [:]
        if !saved.knownFutureColumns.isEmpty { (collection, future) = try collection.splittingAtLastValues() }
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: output.quiet) }
        collection = try data.checkedInputs(collection, features: Array(saved.fileColumns.dropFirst()), fill: saved.fill,
                                            quiet: output.quiet || output.json)
        let knownFuture = try collection.knownFuture(future, columns: saved.knownFutureColumns, horizon: saved.spec.horizon)
        var forecasts: [SeriesForecast] = [], skipped: [SkippedSeries] = []
        var newSeries: [String] = []
        for member in collection.members {
            do {
                let own = saved.member(member.id)
                var model = try own ?? saved.forNewSeries(member.series, target: member.target)
                if saved.hasMemberCalibrations {
                    // Every forecast of the run carries intervals, or none does.
                    guard let stored = model.calibration else {
                        throw CommandError("not a series \(path) was trained on, so it has no stored intervals (each series' "
                                           + "intervals come from its own calibration); train a model that includes it")
                    }
                    if !intervals.levels.isEmpty { model.calibration = try stored.restricted(to: intervals.levels) }
                }
                let forecast = try model.forecast(after: member.series, knownFuture: knownFuture[member.id], modelPath: path)
                try ForecastChecks.requireFinite(forecast)
                forecasts.append(SeriesForecast(id: member.id, forecast: forecast, calibration: model.calibration))
                if own == nil { newSeries.append(member.id) }
            } catch {
                if many.strict { throw CommandError("series \(member.id): \(error)") }
                skipped.append(SkippedSeries(id: member.id, reason: "\(error)"))
            }
        }
        guard !forecasts.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        let stamp = try ReproducibilityStamp(command: "predict", input: data.file,
                                             seed: saved.configuration?.training.seed ?? TrainingConfiguration().seed,
                                             threads: threads, gemm: GemmChoice.current,
                                             configuration: saved.global.map { try JSONValue(encoding: $0) } ?? .object([:]),
                                             inputNotes: series.notes)
        let result = CollectionForecastResult(forecasts: forecasts, skipped: skipped)
        let name = GlobalRNNForecaster.namePrefix + (saved.network.architecture?.cell.rawValue ?? "network")
        let report = CollectionForecastReport(result: result, collection: collection, model: name, stamp: stamp)
        try emit(report, collection: collection) {
            if !newSeries.isEmpty {
                Warnings.print("\(newSeries.count) series not in \(path) (the first: \(newSeries[0])) forecast through its network, "
                               + "each scaled on its own history", quiet: output.quiet || output.json)
            }
        }
    }

    /// Several series forecast by a saved baseline: its rule on each series' target.
    func forecastMany(_ collection: SeriesCollection, file series: TimeSeries, baseline: SavedBaseline, path: String) throws {
        let threads = training.configuration().threads
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: output.quiet) }
        let collection = try data.checkedInputs(collection, features: [], fill: baseline.fill, quiet: output.quiet || output.json)
        var forecasts: [SeriesForecast] = [], skipped: [SkippedSeries] = []
        for member in collection.members {
            do {
                var own = baseline
                own.target = member.target
                let (forecast, _) = try self.forecast(with: own, after: member.series, path: path)
                forecasts.append(SeriesForecast(id: member.id, forecast: forecast, calibration: own.calibration))
            } catch {
                if many.strict { throw CommandError("series \(member.id): \(error)") }
                skipped.append(SkippedSeries(id: member.id, reason: "\(error)"))
            }
        }
        guard !forecasts.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        let stamp = try ReproducibilityStamp(command: "predict", input: data.file, seed: TrainingConfiguration().seed, threads: threads,
                                             gemm: "none", configuration: baseline.stampConfiguration, inputNotes: series.notes)
        let report = CollectionForecastReport(result: CollectionForecastResult(forecasts: forecasts, skipped: skipped),
                                              collection: collection, model: baseline.name, stamp: stamp)
        try emit(report, collection: collection)
    }

    /// Writes `--output` and `--plot` of a forecast of several series, prints it (table or JSON), then
    /// `warnings` and a line per skipped series (the first ten).
    func emit(_ report: CollectionForecastReport, collection: SeriesCollection, warnings: () -> Void = {}) throws {
        if let out = output.output { try report.write(format: out.format, to: out.path) }
        try plotMany(report, collection: collection)
        print(output.json ? try JSONContract.document(report.document) : CollectionTables.render(report))
        warnings()
        let skipped = report.result.skipped
        for s in skipped.prefix(10) { Warnings.print("series \(s.id) skipped: \(s.reason)", quiet: output.quiet) }
        if skipped.count > 10 {
            Warnings.print("\(skipped.count - 10) more series skipped; --json lists them all", quiet: output.quiet)
        }
    }

    /// `--plot` with several series: small multiples of `--series` (default: the first four forecast).
    func plotMany(_ report: CollectionForecastReport, collection: SeriesCollection) throws {
        guard let plot = output.plot else { return }
        let ids = many.series?.values ?? Array(report.result.forecasts.prefix(4).map(\.id))
        let grid: SVGGrid
        do { grid = try report.chart(series: ids, of: collection, historyRows: plotHistory) } catch let error as CollectionReportError {
            throw CommandError("\(error)", status: ExitStatus.usage)
        }
        try AtomicFile.write(text: grid.render(), to: plot.path)
    }
}
