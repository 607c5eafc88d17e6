import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastReports

extension BacktestCommand {
    /// `--shard K/N`: the backtest of the shard's series only (with a global network: every series,
    /// the shard's folds only), written to `--output PATH.h5` for `forecast merge`; prints the shard's
    /// own tables (or JSON document) like a backtest of those series.
    func run(_ forecasters: [any Forecaster], on collection: SeriesCollection, shard: BacktestShard,
             configuration: BacktestConfiguration, settings: Settings, inputNotes: [String]) throws {
        guard let out = output.output, out.format == .h5 else {
            throw CommandError("--shard \(shard): writes the shard's HDF5 for forecast merge; give --output PATH.h5", status: ExitStatus.usage)
        }
        let progress = ProgressLine(enabled: !output.quiet && !output.json)
        let part = try CollectionBacktest(configuration, strict: many.strict).run(forecasters, on: collection, shard: shard) { p in
            var text = "backtest shard \(shard): \(p.completed)/\(p.total) series"
            if let eta = p.estimatedSecondsLeft, p.completed < p.total { text += "  ETA \(ProgressLine.duration(eta))" }
            progress.update(text, force: p.completed == p.total)
        }
        progress.finish()
        let report = CollectionBacktestShardReport(shard: part, stamp: try stamp(settings, threads: configuration.threads, inputNotes: inputNotes))
        try report.write(to: out.path)
        guard let partReport = report.partReport else {
            if output.json { print(try JSONContract.document(ShardSummary(shard: part))) }
            else { print("shard \(shard): every one of its \(part.skipped.count) series is too short for the folds; written to \(out.path)") }
            return
        }
        if let folds = part.folds, !output.json {
            print("shard \(shard) by folds: fold\(folds.count == 1 ? "" : "s") \(folds.map(String.init).joined(separator: ", ")) "
                  + "of every series (a global network's fits span every series, so its work splits by folds); "
                  + "the tables below score those folds only, and forecast merge puts the shards together\n")
        }
        if let plot = output.plot {
            let ids = many.series?.values ?? Array(part.series.prefix(4).map(\.id))
            let drawn = CollectionBacktestReport(result: partReport.result, collection: collection, stamp: report.stamp)
            try AtomicFile.write(text: try drawn.chart(series: ids).render(), to: plot.path)
        }
        print(output.json ? try JSONContract.document(partReport.document) : CollectionTables.render(partReport.result))
    }
}

/// What `--shard K/N --json` prints when every series of the shard was too short (nothing to score).
struct ShardSummary: Encodable {
    var command = "backtest"
    var shard: String
    var series: [String] = []
    var skipped: [Skipped]

    struct Skipped: Encodable {
        var uniqueId: String
        var reason: String
    }

    init(shard: CollectionBacktestShard) {
        self.shard = shard.shard.description
        skipped = shard.skipped.map { Skipped(uniqueId: $0.id, reason: $0.reason) }
    }
}
