import ArgumentParser
import ForecastEvaluation

/// `--shard K/N`: run one part of a backtest over many series, for `forecast merge` to put together.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        With several series: backtest only shard K of N (K from 1): the series at positions K, K+N, K+2N, … \
        of the collection, each with every model and fold, with the same numbers as in a run of all of them \
        (with a global network, whose fits span every series: folds K, K+N, … of every series, without --level). \
        Writes the shard's HDF5 (--output PATH.h5, required), with the input's SHA-256, the full configuration \
        and the series it holds; `forecast merge` puts the N files together into the file a single run writes.
        """, valueName: "K/N"),
            transform: BacktestShard.parse)
    var shard: BacktestShard?

    /// `--shard` splits the series of a backtest over many series: refuse it for one series.
    func checkSingleSeries() throws {
        if let shard {
            throw CommandError("--shard \(shard): applies to several series (--targets, or a long file with an id column); "
                               + "a single series is one unit of work", status: ExitStatus.usage)
        }
    }
}

extension BacktestShard: ParsedArgument {
    public init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    /// `K/N`, 1 ≤ K ≤ N.
    static func parse(_ text: String) throws -> BacktestShard {
        do { return try BacktestShard(parsing: text) } catch let error as BacktestShardError { throw ArgumentReason(error.reason) }
    }
}
