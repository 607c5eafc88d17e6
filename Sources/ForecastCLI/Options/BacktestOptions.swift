import ArgumentParser
import ForecastEvaluation
import ForecastModels

/// Which models are compared and how the forecast origins are laid out. Defaults are
/// ``BacktestConfiguration``'s.
struct BacktestOptions: ParsableArguments {
    private static let defaults = BacktestConfiguration()

    @Option(help: ArgumentHelp("""
        Models to compare, comma-separated: networks lstm, gru, rnn (built with the Model and Training \
        options) and baselines naive, seasonal-naive (seasonal-naive:168 names its season), drift, mean, \
        moving-average, and auto (the model an inner backtest on each fold's training rows chooses; see \
        --select-by, --budget). Default: the --cell network, naive, seasonal-naive and drift.
        """, valueName: "m,m"),
            transform: CommaSeparated<String>.parse)
    var models: CommaSeparated<String>?

    @Option(help: ArgumentHelp("Forecast origins (folds); the last fold ends at the last observation.", valueName: "k"))
    var folds = defaults.folds

    @Option(help: ArgumentHelp("Rows between consecutive origins. Default: the horizon (folds do not overlap).", valueName: "rows"))
    var step: Int?

    @Option(help: ArgumentHelp("Train on the last N rows before each origin (sliding window). Default: all rows before it (expanding).",
                               valueName: "rows"))
    var trainWindow: Int?

    @Option(help: ArgumentHelp("Refit every k folds (1 = every-fold), or 'once' at the first fold only.", valueName: "k|every-fold|once"),
            transform: RefitPolicy.parse)
    var refitEvery: RefitPolicy = defaults.refit

    @Option(help: ArgumentHelp("Rows skipped between the end of training and the first forecast point.", valueName: "rows"))
    var gap = defaults.gap

    @Option(help: ArgumentHelp("Values the moving-average baseline averages.", valueName: "k"))
    var window = ModelCatalog().window

    func validate() throws {
        if folds < 1 { throw ValidationError("--folds \(folds): expected at least 1 fold") }
        if let step, step < 1 { throw ValidationError("--step \(step): expected at least 1 row") }
        if let trainWindow, trainWindow < 2 { throw ValidationError("--train-window \(trainWindow): expected at least 2 rows") }
        if gap < 0 { throw ValidationError("--gap \(gap): expected 0 or more rows") }
        if window < 1 { throw ValidationError("--window \(window): expected at least 1 value") }
        if let models, let unknown = models.values.first(where: { !ModelCatalog.isValid($0) }) {
            throw ValidationError("--models: unknown model \"\(unknown)\"; expected any of \(ModelCatalog.names.joined(separator: ", ")), "
                                  + "or seasonal-naive:<m> for a season of m rows")
        }
    }

    /// Model names in the order given.
    func modelNames(defaultNetwork: String) -> [String] {
        models?.values ?? [defaultNetwork, "naive", "seasonal-naive", "drift"]
    }

    /// The backtest configuration for a `horizon`, with `threads` workers.
    func configuration(horizon: Int, season: Int?, threads: Int) -> BacktestConfiguration {
        var c = BacktestConfiguration()
        c.folds = folds
        c.horizon = horizon
        c.step = step
        c.trainWindow = trainWindow
        c.refit = refitEvery
        c.gap = gap
        c.season = season
        c.threads = threads
        return c
    }
}
