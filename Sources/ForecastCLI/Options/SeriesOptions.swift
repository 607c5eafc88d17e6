import ArgumentParser
import ForecastCore
import ForecastModels
import ForecastTraining

/// Many series in one run (predict and backtest): the columns of a wide file, each forecast as its own series.
struct SeriesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Forecast or backtest several columns, each as its own series with its own models (a wide file: one \
        column per sensor, station or ticker), comma-separated, or 'all' for every numeric column but the \
        time column and --features. Instead of --target.
        """, valueName: "col,col|all"),
            transform: TargetSelection.parse)
    var targets: TargetSelection?

    @Flag(help: "With several series (--targets, a long file): stop at the first series that cannot be used (too short for the folds, the window or a model; in predict and train also failing to fit) instead of skipping it with a note.")
    var strict = false

    @Option(help: ArgumentHelp("With several series and --plot: the series drawn as small multiples (backtest: above the MASE distribution). Default: the first four.",
                               valueName: "id,id"),
            transform: CommaSeparated<String>.parse)
    var series: CommaSeparated<String>?

    @Flag(help: ArgumentHelp("""
        With several series: train one network on the windows of every series (each series scaled on its own \
        training rows) instead of one network per series; the networks are named global-<cell>. The same as \
        naming global-lstm, global-gru or global-rnn in --models.
        """))
    var global = false

    @Flag(help: ArgumentHelp("""
        With a global network: give it each series' code as inputs (the series' position in binary, \
        ceil(log2 n) 0/1 columns), so it can learn per-series behaviour. Without it the network sees values \
        only and also forecasts series it was not trained on.
        """))
    var seriesIdentity = false

    /// `--strict` and `--series` apply to several series (`--targets`, or a long file): refuse them for one.
    func checkSingleSeries() throws {
        if strict { throw CommandError("--strict applies to several series (--targets, or a long file with an id column)", status: ExitStatus.usage) }
        if series != nil {
            throw CommandError("--series applies to several series (--targets, or a long file with an id column)", status: ExitStatus.usage)
        }
        if global {
            throw CommandError("--global applies to several series (--targets, or a long file with an id column); "
                               + "one series trains its own network anyway", status: ExitStatus.usage)
        }
    }
}

extension SeriesOptions {
    /// `names` with the networks made global under `--global`.
    /// - Throws: `--global` or `--series-identity` with no global network.
    func models(_ names: [String]) throws -> [String] {
        let out = global ? ModelCatalog.globalizing(names) : names
        if global, !out.contains(where: { $0.hasPrefix(GlobalRNNForecaster.namePrefix) }) {
            throw CommandError("--global makes the networks in --models global, and --models \(names.joined(separator: ",")) names none "
                               + "(auto chooses from each series' own rows); add a network (--models gru,auto) or drop --global",
                               status: ExitStatus.usage)
        }
        if seriesIdentity, !out.contains(where: { $0.hasPrefix(GlobalRNNForecaster.namePrefix) }) {
            throw CommandError("--series-identity applies to global networks: add --global, or name global-gru (or global-lstm, "
                               + "global-rnn) in --models", status: ExitStatus.usage)
        }
        return out
    }
}

/// `--targets`: named columns, or every numeric column.
enum TargetSelection: ParsedArgument, Equatable {
    case all
    case columns([String])

    static func parse(_ text: String) throws -> TargetSelection {
        if text == "all" { return .all }
        let names = try CommaSeparated<String>.parse(text).values
        return .columns(names)
    }

    /// The column names this selects in `series`, leaving out `features`.
    func columns(in series: TimeSeries, features: [String]) -> [String] {
        switch self {
        case .all: return SeriesCollection.allTargets(of: series, features: features)
        case .columns(let names): return names
        }
    }
}
