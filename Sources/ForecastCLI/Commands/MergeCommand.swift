import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastReports

/// `forecast merge`: puts the shards of a backtest over many series back together.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard files of 'forecast backtest … --shard K/N' into the result of a single run.",
        discussion: """
            Checks that the shards belong together (the same input SHA-256, the same full configuration, \
            seed, threads and forecast version, N shards of the same series) and that every shard 1…N is \
            given exactly once, then writes exactly what 'forecast backtest' without --shard writes: the \
            same HDF5 bytes, the same JSON and CSV. Forecasts are the shards' own numbers, bit for bit; the \
            scores across series (mean and median MASE, WAPE, wins) are recomputed from the merged series, \
            never averaged from the shards'. A shard file is written through a temporary file and a rename, \
            so a shard still running has no file; a damaged or truncated one is refused, by name.

            Examples:
              forecast backtest Datasets/traffic_los_loop_speed_5min.csv --targets all \\
                  --models naive,seasonal-naive --folds 3 --horizon 12 \\
                  --shard 1/2 --output part-1.h5
              forecast backtest Datasets/traffic_los_loop_speed_5min.csv --targets all \\
                  --models naive,seasonal-naive --folds 3 --horizon 12 \\
                  --shard 2/2 --output part-2.h5
              forecast merge part-1.h5 part-2.h5 --output all.h5
            """
    )

    @Argument(help: ArgumentHelp("The shard files, one per shard 1…N, in any order.", valueName: "shard.h5"))
    var shards: [String] = []

    @Option(help: ArgumentHelp("""
        Write the merged results: .h5 (the file 'forecast backtest … --output x.h5' writes), .json, or .csv \
        (with its .series.csv, .aggregate.csv and .stamp.json).
        """, valueName: "path"),
            transform: OutputPath.parse)
    var output: OutputPath?

    @Flag(help: "Print the merged backtest as one JSON document (the document of 'forecast backtest --json') instead of tables.")
    var json = false

    @Flag(help: "No warnings on standard error.")
    var quiet = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("missing shard files; give the files written by forecast backtest … --shard K/N") }
    }

    func run() throws {
        for path in shards { try IsolatedRead.check(.shard, path: path) }   // each shard read in a separate process first
        let (report, zone) = try CollectionBacktestShardReport.merge(paths: shards)
        Timestamp.displayZone = zone   // times shown as the backtest showed them (set once, before any output)
        if let out = output { try report.write(format: out.format, to: out.path) }
        print(json ? try JSONContract.document(report.document) : CollectionTables.render(report.result))
        let choiceLines = CollectionTables.autoChoiceLines(report.result)
        if !choiceLines.isEmpty, !json { print(choiceLines.joined(separator: "\n")) }
        for warning in report.warnings.prefix(10) { Warnings.print(warning, quiet: quiet) }
        if report.warnings.count > 10 { Warnings.print("\(report.warnings.count - 10) more warnings; --json lists them all", quiet: quiet) }
    }
}
