import ArgumentParser
import ForecastCore
import ForecastEvaluation
import ForecastIO
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

            (Model, fold) fits run in parallel on --threads threads (default 'auto': every core this \
            process may use), each fit on one thread; results are identical to a serial run.

            Examples:
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models naive,seasonal-naive,drift,mean --folds 8
              forecast backtest Datasets/stock_msft_daily.csv --target close \\
                  --models gru,naive,drift --units 16 --epochs 10 --json
              forecast backtest Datasets/weather_seattle_daily.csv --target temp_max_c \\
                  --models lstm,naive,seasonal-naive --units 16 --output bt.h5
            """
    )

    @OptionGroup(title: "Input") var data: DataOptions
    @OptionGroup(title: "Backtest") var backtest: BacktestOptions
    @OptionGroup(title: "Model (networks only; --cell names the default network)") var model: ModelOptions
    @OptionGroup(title: "Training (networks only)") var training: TrainingOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
        if model.target == nil { throw ValidationError("--target: missing; name the column to backtest") }
    }

    func run() throws {
        let target = model.target ?? ""
        let series = try data.loadSeries()
        Warnings.gaps(in: series, file: data.file, quiet: output.quiet)
        _ = try series.column(named: target)
        let frequency = series.inferFrequency()
        guard let horizon = model.horizon ?? frequency.seasonalPeriod else {
            throw ForecastingError.horizonUnknown(frequency: frequency.description)
        }
        var configuration = BacktestConfiguration()
        configuration.folds = backtest.folds
        configuration.horizon = horizon
        configuration.step = backtest.step
        configuration.trainWindow = backtest.trainWindow
        configuration.refit = try backtest.refitPolicy()
        configuration.gap = backtest.gap
        configuration.season = backtest.season
        configuration.threads = training.threads.forTasks

        var network = RNNForecasterConfiguration()
        try model.apply(to: &network)
        network.training = try training.configuration()
        // Parallelism is across (model, fold) fits; each fit computes on one thread.
        network.training.threads = 1
        for feature in network.features { _ = try series.column(named: feature) }
        let forecasters = try makeForecasters(network: network)

        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let result = try Backtest(configuration).run(forecasters, on: series, target: target) { p in
            var text = "backtest: \(p.completed)/\(p.total) model-folds"
            if let eta = p.estimatedSecondsLeft { text += "  ETA \(ProgressLine.duration(eta))" }
            progress.update(text, force: p.completed == p.total)
        }
        progress.finish()
        let usesNetworks = forecasters.contains { $0 is RNNForecaster }
        let stamp = ReproducibilityStamp(
            command: "backtest", inputPath: data.file, inputSHA256: try FileDigest.sha256(path: data.file),
            seed: network.training.seed, threads: configuration.threads, gemm: usesNetworks ? GemmChoice.current : "none",
            configurationJSON: try JSONOutput.compactString(BacktestReport.Settings(backtest: configuration, network: network,
                                                                                     models: forecasters.map(\.name))))
        let report = BacktestReport(series: series, result: result, stamp: stamp)
        if let format = try output.outputFormat(), let path = output.output { try report.write(format: format, to: path) }
        if let plot = output.plot { try AtomicFile.write(text: report.chart().render(), to: plot) }
        if output.json {
            try JSONOutput.print(report.json)
        } else {
            print(report.renderTables())
        }
        for warning in result.warnings { Warnings.print(warning, quiet: output.quiet) }
    }

    /// Networks by cell name, baselines by their names; unknown names list every valid one.
    private func makeForecasters(network: RNNForecasterConfiguration) throws -> [any Forecaster] {
        try backtest.modelNames(defaultNetwork: model.cell.rawValue).map { name in
            if let cell = CellKind(rawValue: name) {
                var c = network
                c.cell = cell
                return RNNForecaster(c)
            }
            guard let baseline = BaselineKind(rawValue: name) else {
                throw BacktestError.unknownModel(name, valid: CellKind.allCases.map(\.rawValue) + BaselineKind.allCases.map(\.rawValue))
            }
            let forecaster = baseline.makeForecaster(season: backtest.season, window: backtest.window)
            // --fill applies to every model, each inside its own history (no leak).
            return network.fill.map { FillingForecaster(forecaster, method: $0) } ?? forecaster
        }
    }
}
