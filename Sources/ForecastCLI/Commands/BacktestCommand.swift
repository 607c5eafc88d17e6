import ArgumentParser
import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastPreprocessing
import ForecastReports
import ForecastNN
import ForecastTraining
import Foundation

/// `forecast backtest`: rolling-origin evaluation of networks against naive baselines.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Compare networks with naive baselines over many forecast origins, without leaking the future.",
        discussion: """
            Fold k of K forecasts the --horizon rows after its origin; the last fold ends at the last \
            observation and origins are --step rows apart. Every model, baselines included, is fitted \
            on the rows up to its origin only (scalers and early stopping too: the network's validation \
            part is carved from the fold's training rows), so no fold sees its future. Metrics: MAE, \
            RMSE, MAPE (zero actuals left out, with a warning), sMAPE, MASE (scaled by the in-sample \
            seasonal-naive MAE of each fold's training part) and mean error (bias, forecast minus \
            actual). Same folds as neuralforecast's cross_validation(n_windows=K, step_size=s) and \
            Darts' historical_forecasts(forecast_horizon=h, stride=s, retrain=True).

            With --level, every model gets split-conformal intervals, each fold calibrated on its own \
            training rows (--calibration-windows rolling-origin refits inside them; a refit that an earlier \
            fold or another fold's calibration already made is reused, not repeated), and the report adds \
            per model and level the coverage with its Wilson 95 % interval, the mean width, the Winkler \
            score and MSIS (Winkler over the MASE scale), over all steps and per step.

            With --targets, each column named (or every numeric column: --targets all) is backtested as \
            its own series with its own models, and the report adds the models' mean and median MASE \
            across series, WAPE and the number of series each model wins. With --global (or a model named \
            global-gru, global-lstm, global-rnn) one network is trained at each fold on the rows of every \
            series up to the fold's origin, each series scaled on its own training rows. --future-features \
            works per series too: each series' folds end at its last target value and each origin reads that \
            series' own values of the columns in the rows it forecasts (in a wide file, the shared columns).

            The model 'auto' is chosen inside every fold by an inner backtest on that fold's training \
            rows only (see forecast predict --help), so the choice itself is evaluated honestly; with \
            several series, each series chooses from its own rows and the report names the choice per \
            series and fold. --ensemble N makes every network a seed ensemble of N (a global network: N \
            global networks of derived seeds).

            With several series, --shard K/N backtests only the series at positions K, K+N, K+2N, … (each \
            with every model and fold, the same numbers as in a run of all of them) and writes them to \
            --output PATH.h5 with the input's SHA-256 and the full configuration; 'forecast merge' puts the \
            N files together into exactly the file a single run writes. Scripts/dask-backtest runs the \
            shards on a Dask cluster, Scripts/slurm/ as a Slurm job array.

            (Model, fold) fits run in parallel on --threads threads (default 'auto': every core this \
            process may use), each fit on one thread; results are identical to a serial run.

            Examples:
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models naive,seasonal-naive,drift,mean --folds 8
              forecast backtest Datasets/stock_msft_daily.csv --target close \\
                  --models gru,naive,drift --units 16 --epochs 10 --json
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models lstm,naive,seasonal-naive --units 16 --output bt.h5
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models naive,seasonal-naive,drift --level 80,95 --folds 10
              forecast backtest Datasets/traffic_los_loop_speed_5min.csv --targets all \\
                  --models naive,seasonal-naive --folds 3 --horizon 12
              forecast backtest Datasets/traffic_los_loop_speed_5min.csv \\
                  --targets 773869,767541,767542 --models gru,seasonal-naive \\
                  --global --folds 3 --horizon 12 --lookback 36
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models auto,naive,seasonal-naive --folds 4
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Backtest") var backtest: BacktestOptions
    @OptionGroup(title: "Model (networks only; --cell names the default network)") var model: ModelOptions
    @OptionGroup(title: "Training (networks only)") var training: TrainingOptions
    @OptionGroup(title: "Model choice (auto) and seed ensembles") var selection: SelectionOptions
    @OptionGroup(title: "Prediction intervals (every model; each fold calibrates on its own training rows)") var intervals: IntervalOptions
    @OptionGroup(title: "Many series") var many: SeriesOptions
    @OptionGroup(title: "Sharding (a backtest over many series on several machines)") var sharding: ShardOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
        if model.target == nil && many.targets == nil {
            throw ValidationError("--target: missing; name the column to backtest (or several with --targets)")
        }
        if model.target != nil && many.targets != nil {
            throw ValidationError("--target and --targets: give one; --targets backtests each column it names as its own series")
        }
        try selection.checkAutoOptions(auto: backtest.models?.values.contains(ModelCatalog.autoName) ?? false)

    }

    /// The configuration in the stamp: the backtest, the models, and each network's configuration.
    struct Settings: Encodable {
        var backtest: BacktestConfiguration
        var models: [String]
        var networks: [String: RNNForecasterConfiguration]
        /// `auto`'s settings, when it is among the models.
        @NullWhenAbsent var auto: AutoConfiguration?
        /// Networks per named network (a seed ensemble above 1) and their reduction.
        var ensemble: Int
        var ensembleReduce: EnsembleReduce
        /// Whether global networks read each series' code; `nil` without global networks.
        var seriesIdentity: Bool?
    }

    func run() throws {
        var series = try data.loadSeries()
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: output.quiet) }
        var collection = try data.collection(of: series, target: model.target, targets: many.targets, features: model.featureList,
                                             knownFuture: model.futureFeatureList)
        if !model.futureFeatureList.isEmpty {
            // Folds end at each series' last target value; each origin's known future is the series' own rows after it.
            collection = try collection?.splittingAtLastValues().history
        }
        if collection == nil {
            try many.checkSingleSeries()
            try sharding.checkSingleSeries()
            let target = model.target!
            if !model.futureFeatureList.isEmpty {
                // Folds end at the last target value; each origin's known future is the file's own rows after it.
                series = try series.splittingAtLastValue(of: target).history
            }
            series = try data.checkedInputs(series, columns: [target] + model.featureList + model.futureFeatureList, fill: model.fill,
                                            quiet: output.quiet || output.json)
        }
        let frequency = collection?.members[0].series.inferFrequency() ?? series.inferFrequency()
        guard let horizon = model.horizon ?? frequency.seasonalPeriod else {
            throw ForecastingError.horizonUnknown(frequency: frequency.description)
        }
        var configuration = backtest.configuration(horizon: horizon, season: model.season, threads: training.threads.forTasks)
        configuration.intervals = intervals.configuration

        var network = RNNForecasterConfiguration()
        try model.apply(to: &network, frequency: frequency)
        network.training = training.configuration()
        // Parallelism is across (model, fold) fits; each fit computes on one thread.
        network.training.threads = 1
        for feature in network.features + (network.futureFeatures ?? []) { _ = try (collection?.members[0].series ?? series).column(named: feature) }
        var catalog = ModelCatalog(network: network, season: model.season, window: backtest.window)
        catalog.otherSeasons = model.otherSeasons
        catalog.seriesIdentity = many.seriesIdentity
        // Parallelism is across (model, fold) fits: auto's candidates and ensemble members run one after another inside each.
        selection.apply(to: &catalog, model: model, threads: 1)
        let names = try many.models(catalog.expanding(backtest.modelNames(defaultNetwork: network.cell.rawValue)))
        let networks = catalog.networkConfigurations(names)
        try selection.checkEnsembleOptions(networks: !networks.isEmpty, auto: names.contains(ModelCatalog.autoName))
        let forecasters = try names.map(catalog.forecaster(named:))
        let settings = Settings(backtest: configuration, models: names, networks: networks,
                                auto: names.contains(ModelCatalog.autoName) ? catalog.auto : nil, ensemble: catalog.ensemble,
                                ensembleReduce: catalog.ensembleReduce,
                                seriesIdentity: names.contains { $0.hasPrefix(GlobalRNNForecaster.namePrefix) } ? many.seriesIdentity : nil)
        if let collection {
            return try run(forecasters, on: data.checkedInputs(collection, features: model.featureList + model.futureFeatureList, fill: model.fill,
                                                                   quiet: output.quiet || output.json), configuration: configuration, settings: settings,
                           inputNotes: series.notes)
        }
        let target = model.target!

        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let result = try Backtest(configuration).run(forecasters, on: series, target: target) { p in
            var text = "backtest: \(p.completed)/\(p.total) fits"
            if let eta = p.estimatedSecondsLeft, p.completed < p.total { text += "  ETA \(ProgressLine.duration(eta))" }
            progress.update(text, force: p.completed == p.total)
        }
        progress.finish()
        let stamp = try stamp(settings, threads: configuration.threads, inputNotes: series.notes)
        let report = BacktestReport(series: series, result: result, stamp: stamp)
        if let out = output.output { try report.write(format: out.format, to: out.path) }
        if let plot = output.plot { try AtomicFile.write(text: report.chart().render(), to: plot.path) }
        print(output.json ? try JSONContract.document(report.document) : BacktestTables.render(result))
        if let choices = result.choices?.first(where: { $0.model == ModelCatalog.autoName }), !output.json {
            print("\nauto's choice per fold (each from the fold's training rows): "
                  + zip(result.folds, choices.folds).map { "\($0.layout.fold) \($1)" }.joined(separator: ", "))
        }
        for warning in result.warnings { Warnings.print(warning, quiet: output.quiet) }
    }

    func stamp(_ settings: Settings, threads: Int, inputNotes: [String]) throws -> ReproducibilityStamp {
        try ReproducibilityStamp(command: "backtest", input: data.file, seed: training.configuration().seed, threads: threads,
                                 gemm: settings.networks.isEmpty ? "none" : GemmChoice.current, configuration: settings,
                                 inputNotes: inputNotes)
    }

    /// The backtest of every series of `collection`.
    func run(_ forecasters: [any Forecaster], on collection: SeriesCollection, configuration: BacktestConfiguration,
             settings: Settings, inputNotes: [String]) throws {
        if let ids = many.series?.values, let unknown = ids.first(where: { !collection.ids.contains($0) }) {
            throw CommandError("\(CollectionReportError.unknownSeries(unknown, available: collection.ids))", status: ExitStatus.usage)
        }
        if let shard = sharding.shard {
            return try run(forecasters, on: collection, shard: shard, configuration: configuration, settings: settings, inputNotes: inputNotes)
        }
        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let result = try CollectionBacktest(configuration, strict: many.strict).run(forecasters, on: collection) { p in
            var text = "backtest: \(p.completed)/\(p.total) series"
            if let eta = p.estimatedSecondsLeft, p.completed < p.total { text += "  ETA \(ProgressLine.duration(eta))" }
            progress.update(text, force: p.completed == p.total)
        }
        progress.finish()
        let report = CollectionBacktestReport(result: result, collection: collection,
                                              stamp: try stamp(settings, threads: configuration.threads, inputNotes: inputNotes))
        if let out = output.output { try report.write(format: out.format, to: out.path) }
        if let plot = output.plot {
            let ids = many.series?.values ?? Array(result.series.prefix(4).map(\.id))
            try AtomicFile.write(text: try report.chart(series: ids).render(), to: plot.path)
        }
        print(output.json ? try JSONContract.document(report.document) : CollectionTables.render(result, ensemble: settings.ensemble))
        let choiceLines = CollectionTables.autoChoiceLines(result)
        if !choiceLines.isEmpty, !output.json { print(choiceLines.joined(separator: "\n")) }
        for warning in report.warnings.prefix(10) { Warnings.print(warning, quiet: output.quiet) }
        if report.warnings.count > 10 {
            Warnings.print("\(report.warnings.count - 10) more warnings; --json lists them all", quiet: output.quiet)
        }
    }
}
