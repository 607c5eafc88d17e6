import ArgumentParser
import ForecastEvaluation
import ForecastModels
import ForecastNN

/// `--models auto` (choose by an inner backtest) and seed ensembles (`--ensemble N`), for predict,
/// train and backtest.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        The metric --models auto ranks its candidates by: mase, mae, rmse, smape or mape. Default: mase.
        """, valueName: "metric"),
            transform: Metric.parseSelectable)
    var selectBy: Metric?

    @Option(parsing: .unconditional, help: ArgumentHelp("""
        What --models auto may spend on networks: a number of network fits (12, reproducible) or a time \
        (90s, 2m: stops starting search stages when it runs out, so what is tried depends on the machine). \
        Each network candidate costs \(AutoConfiguration().seedsPerCandidate) fits (scored by the mean of that many networks \
        of its settings). \
        Baselines are always scored. Default: \(AutoBudget.standard).
        """, valueName: "fits|time"),
            transform: AutoBudget.parse)
    var budget: AutoBudget?

    @Option(parsing: .unconditional, help: ArgumentHelp("""
        Train N networks with seeds derived from --seed (the first with --seed itself) and forecast their \
        mean (or --ensemble-reduce median), step by step; each member trains on one thread (in parallel on \
        --threads in predict and train), so the numbers do not depend on the thread count; train saves them \
        as one model file. With several series, \
        each series trains its own ensemble; with --global, N global networks (one after the other) whose \
        forecasts of each series are reduced. With --models auto: how many networks a network it chooses is \
        fitted with (it and the next best networks that beat every baseline). Default: 1 (one network; \
        auto fits 3).
        """, valueName: "n"))
    var ensemble: Int?

    @Option(help: ArgumentHelp("How an ensemble's forecasts are reduced, step by step. Default: mean.", valueName: "mean|median"))
    var ensembleReduce: EnsembleReduce?

    func validate() throws {
        if let ensemble, ensemble < 1 {
            throw ValidationError("--ensemble \(ensemble): an ensemble needs at least 1 network; give 1 (one network, the default) or more, such as 5")
        }
    }

    /// Refuses `--select-by` and `--budget` when `auto` is not among the models: they would do nothing.
    func checkAutoOptions(auto: Bool) throws {
        let given = [("--select-by", selectBy != nil), ("--budget", budget != nil)].filter(\.1).map(\.0)
        if !auto, let first = given.first {
            throw ValidationError("\(first) applies to --models auto, which chooses the model; add --models auto or drop \(first)")
        }
    }

    /// Refuses `--ensemble` and `--ensemble-reduce` where they would do nothing: with no network and no
    /// `auto` among the models, or (`--ensemble-reduce`) with one network and no `auto`.
    func checkEnsembleOptions(networks: Bool, auto: Bool) throws {
        let given = [("--ensemble", ensemble != nil), ("--ensemble-reduce", ensembleReduce != nil)].filter(\.1).map(\.0)
        if !networks, !auto, let first = given.first {
            throw ValidationError("\(first) applies to networks (and to --models auto's network winner), and --models names none; "
                                  + "add a network (--models gru,naive) or drop \(first)")
        }
        if ensembleReduce != nil, !auto, (ensemble ?? 1) < 2 {
            throw ValidationError("--ensemble-reduce applies to an ensemble of networks; add --ensemble N (2 or more) or drop it")
        }
    }

    /// The options that only matter when training, by flag, when given.
    var flagsGiven: [String] {
        [("--select-by", selectBy != nil), ("--budget", budget != nil), ("--ensemble", ensemble != nil),
         ("--ensemble-reduce", ensembleReduce != nil)].filter(\.1).map(\.0)
    }

    /// `auto`'s settings: these options over the defaults, the search narrowed to `--cell` and
    /// `--units` when given, fits on `threads` workers.
    func autoConfiguration(model: ModelOptions, threads: Int) -> AutoConfiguration {
        var c = AutoConfiguration()
        if let selectBy { c.metric = selectBy }
        if let budget { c.budget = budget }
        if let ensemble { c.ensembleSize = ensemble }
        if let cell = model.cell { c.cells = [cell] }
        if let units = model.units { c.sizes = [units.values] }
        c.threads = threads
        return c
    }

    /// Sets the catalog's ensemble size and reduction and its `auto` settings.
    func apply(to catalog: inout ModelCatalog, model: ModelOptions, threads: Int) {
        catalog.ensemble = ensemble ?? 1
        catalog.ensembleReduce = ensembleReduce ?? .mean
        catalog.auto = autoConfiguration(model: model, threads: threads)
    }
}

extension EnsembleReduce: ExpressibleByArgument {}

extension Metric {
    /// A metric `--select-by` accepts (``AutoConfiguration/selectableMetrics``).
    static func parseSelectable(_ text: String) throws -> Metric {
        guard let m = Metric(rawValue: text.lowercased()), AutoConfiguration.selectableMetrics.contains(m) else {
            throw ArgumentReason("unknown metric; expected one of \(AutoConfiguration.selectableMetrics.map(\.rawValue).joined(separator: ", "))")
        }
        return m
    }
}

extension AutoBudget {
    /// `12` (fits) or `90s`, `2m` (time).
    static func parse(_ text: String) throws -> AutoBudget {
        guard let b = AutoBudget(parsing: text) else {
            throw ArgumentReason("expected a number of network fits (12) or a time (90s, 2m)")
        }
        return b
    }
}

/// `--models` of predict and train: `auto`, the model an inner backtest chooses.
struct AutoChoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        'auto': choose the model by an inner rolling-origin backtest on the history (baselines; SimpleRNN, \
        GRU and LSTM with and without the calendar and the anchors; two sizes), ranked by --select-by within \
        --budget; prints the candidates' scores and why the winner won; a network winner is fitted together \
        with the next best networks that beat every baseline (--ensemble networks in all, default 3). With \
        several series, each series makes its own choice from its own history. Default: the --cell network.
        """, valueName: "auto"))
    var models: String?

    func validate() throws {
        if let models, models != ModelCatalog.autoName {
            throw ValidationError("--models \(models): this command takes --models auto (the model an inner backtest chooses); "
                                  + "choose a network with --cell, or compare models with forecast backtest --models")
        }
    }

    var isAuto: Bool { models == ModelCatalog.autoName }
}
