import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastTraining
import ForecastReports

/// The terminal rendering of a backtest over many series: the layout, the models across series,
/// each series' MASE (or, past ``fullListLimit`` series, the distribution and the extremes), and the
/// series skipped.
enum CollectionTables {
    /// Up to this many series, every series gets a row.
    static let fullListLimit = 30

    /// How the models are fitted: per series, or a global network on every series.
    /// `ensemble`: networks per named network (a seed ensemble above 1).
    static func modelsLine(_ models: [String], ensemble: Int = 1) -> String {
        let global = models.filter { $0.hasPrefix(GlobalRNNForecaster.namePrefix) }
        guard !global.isEmpty else { return "each series with its own models" }
        let others = models.count > global.count ? "; the other models per series" : ""
        let networks = ensemble > 1 ? "a seed ensemble of \(ensemble) networks" : "one network"
        return "\(global.joined(separator: ", ")): \(networks) per fold on every series' rows up to its origin\(others)"
    }

    static func render(_ result: CollectionBacktestResult, ensemble: Int = 1) -> String {
        let c = result.configuration
        var lines: [String] = []
        let window = c.trainWindow.map { "sliding window of \($0) rows" } ?? "expanding window"
        lines.append("Backtest of \(result.series.count) series: \(c.folds) folds × \(c.horizon) steps, step \(c.effectiveStep), "
            + "\(window), refit: \(c.refit), gap \(c.gap); " + modelsLine(result.models, ensemble: ensemble))
        if let first = result.series.first?.result, let fold = first.folds.first, let last = first.folds.last {
            let show = [fold.origin, last.origin].displayFormat
            let same = result.series.allSatisfy { $0.result.folds.map(\.origin) == first.folds.map(\.origin) }
            lines.append("origins \(show(fold.origin)) .. \(show(last.origin))" + (same ? " (every series)" : " (first series; each series counts back from its own end)"))
        }
        lines.append("")
        lines.append("Across series (MASE of each series, scaled by its own in-sample seasonal-naive error; "
            + "WAPE = Σ|error| / Σ|actual| over every series; wins = series where the model's MASE is lowest)")
        // With intervals: each level's coverage and MSIS over every point of every series.
        let pooled = result.pooledIntervalMetrics
        var across = TextTable(header: ["model", "mean MASE", "median MASE", "WAPE %", "wins", "series"]
                                   + result.levels.flatMap { ["cov \($0) %", "MSIS \($0)"] })
        let bestMean = result.aggregate.map(\.meanMase).filter { !$0.isNaN }.min()
        let bestMedian = result.aggregate.map(\.medianMase).filter { !$0.isNaN }.min()
        for a in result.aggregate {
            across.append([a.model,
                           NumberFormatting.significant(a.meanMase, digits: 4) + (a.meanMase == bestMean ? "*" : " "),
                           NumberFormatting.significant(a.medianMase, digits: 4) + (a.medianMase == bestMedian ? "*" : " "),
                           NumberFormatting.significant(a.wape * 100, digits: 4), "\(a.wins)", "\(a.seriesScored)"]
                          + result.levels.flatMap { level -> [String] in
                              let m = pooled.first { $0.model == a.model && $0.level == level }
                              return [m.map { NumberFormatting.percent($0.coverage) } ?? "-",
                                      m.map { NumberFormatting.significant($0.msis, digits: 4) } ?? "-"]
                          })
        }
        lines.append(across.render())

        lines.append("")
        let models = result.models
        func mase(_ s: SeriesBacktestResult, _ model: String) -> Double {
            s.result.leaderboard.rows.first { $0.model == model }?.metrics.mase ?? .nan
        }
        if result.series.count <= fullListLimit {
            lines.append("MASE per series (* best)")
            var table = TextTable(header: ["series"] + models)
            for s in result.series {
                table.append([s.id] + models.map { NumberFormatting.significant(mase(s, $0), digits: 4) + (s.best.contains($0) ? "*" : " ") })
            }
            lines.append(table.render())
        } else {
            lines.append("MASE across the \(result.series.count) series (quantiles; every series in --output x.csv's x.series.csv, or --json)")
            var table = TextTable(header: ["model", "min", "25 %", "median", "75 %", "max"])
            for model in models {
                let values = result.series.map { mase($0, model) }.filter(\.isFinite).sorted()
                table.append([model] + [0, 0.25, 0.5, 0.75, 1].map { q in
                    values.isEmpty ? "-" : NumberFormatting.significant(values.quantileOfSorted(q), digits: 4)
                })
            }
            lines.append(table.render())
            if models.count >= 2 {
                // Where the first model gains most and least over the best of the others.
                let first = models[0]
                let gains = result.series.compactMap { s -> (String, Double)? in
                    let others = models.dropFirst().map { mase(s, $0) }.filter(\.isFinite)
                    guard let best = others.min(), mase(s, first).isFinite else { return nil }
                    return (s.id, mase(s, first) / best)
                }.sorted { $0.1 < $1.1 }
                lines.append("")
                lines.append("\(first) MASE over the best other model's: lowest on "
                    + gains.prefix(5).map { "\($0.0) (\(NumberFormatting.significant($0.1, digits: 3)))" }.joined(separator: ", "))
                lines.append("highest on " + gains.suffix(5).reversed().map { "\($0.0) (\(NumberFormatting.significant($0.1, digits: 3)))" }
                    .joined(separator: ", "))
            }
        }
        if !result.skipped.isEmpty {
            lines.append("")
            lines.append("Skipped \(result.skipped.count) series too short for the folds or a model (--strict refuses instead):")
            for s in result.skipped.prefix(10) { lines.append("  \(s.id): \(s.reason)") }
            if result.skipped.count > 10 { lines.append("  … and \(result.skipped.count - 10) more (--json lists them all)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Forecasts of many series: per series its last value, the first and last forecast step, and
    /// the forecast's range (up to ``fullListLimit`` series, else the first and last of them).
    static func render(_ report: CollectionForecastReport) -> String {
        let forecasts = report.result.forecasts
        // A cell by its upper-case name (`LSTM`, `Global LSTM`); `auto` as it is named on the command line.
        let global = GlobalRNNForecaster.namePrefix, model = report.model
        let title = model.hasPrefix(global) ? "Global \(model.dropFirst(global.count).uppercased())"
            : model == ModelCatalog.autoName ? model : model.uppercased()
        var lines = ["\(title) forecasts of \(forecasts.count) series, \(report.horizon) steps each"
                     + (report.result.levels.isEmpty ? "" : ", with \(report.result.levels.map { "\($0) %" }.joined(separator: " and ")) intervals"
                        + " (lo/hi of the first step)")]
        lines.append("")
        let times = forecasts.compactMap { $0.forecast.timestamps?.first } + forecasts.compactMap { $0.forecast.timestamps?.last }
        let show = times.displayFormat
        var header = ["series", "last observed", "first step", "forecast"]
        header += report.result.levels.flatMap { ["lo \($0)", "hi \($0)"] }
        header += ["last step", "forecast", "min", "max"]
        var table = TextTable(header: header, leftAligned: [0, 2, 4 + 2 * report.result.levels.count])   // the ids and times
        let shown = forecasts.count <= fullListLimit ? forecasts : Array(forecasts.prefix(10) + forecasts.suffix(10))
        for s in shown {
            let f = s.forecast, last = report.lastObserved[s.id]?.value ?? .nan
            var row = [s.id, NumberFormatting.significant(last, digits: 5), f.timestamps?.first.map(show) ?? "step 1",
                       NumberFormatting.significant(f.values[0], digits: 5)]
            for level in report.result.levels {
                let interval = f.intervals.first { $0.level == level }
                row += [interval.map { NumberFormatting.significant($0.lower[0], digits: 5) } ?? "",
                        interval.map { NumberFormatting.significant($0.upper[0], digits: 5) } ?? ""]
            }
            row += [f.timestamps?.last.map(show) ?? "step \(f.horizon)", NumberFormatting.significant(f.values[f.horizon - 1], digits: 5),
                    NumberFormatting.significant(f.values.min() ?? .nan, digits: 5), NumberFormatting.significant(f.values.max() ?? .nan, digits: 5)]
            table.append(row)
        }
        lines.append(table.render())
        if shown.count < forecasts.count {
            lines.append("(the first and last 10 of \(forecasts.count) series; every step of every series in --output x.csv|x.h5, or --json)")
        }
        if !report.choices.isEmpty {
            // auto: what each series' own inner backtest chose, and how often each model was chosen.
            lines.append("")
            lines.append("auto's choice per series (each from its own history; --json gives each reason):")
            for s in shown { if let c = report.choices[s.id] { lines.append("  \(s.id): \(c.winner)") } }
            var counts: [String: Int] = [:]
            for c in report.choices.values { counts[c.winner, default: 0] += 1 }
            lines.append("chosen for \(report.choices.count) series: " + counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if !report.result.skipped.isEmpty {
            lines.append("")
            lines.append("Skipped \(report.result.skipped.count) series (--strict stops instead); see the warnings")
        }
        return lines.joined(separator: "\n")
    }

    /// The text lines naming `auto`'s choices in a backtest of many series (empty without `auto`):
    /// per series and fold up to ``CollectionTables/fullListLimit`` series, and how often each model was chosen.
    static func autoChoiceLines(_ result: CollectionBacktestResult) -> [String] {
        guard result.models.contains(ModelCatalog.autoName) else { return [] }
        var lines = ["", "auto's choice per series and fold (each from that series' fold training rows):"]
        var counts: [String: Int] = [:]
        for s in result.series {
            let choices = s.result.choices?.first { $0.model == ModelCatalog.autoName }?.folds ?? []
            for c in choices { counts[c, default: 0] += 1 }
            if result.series.count <= CollectionTables.fullListLimit {
                lines.append("  \(s.id): " + zip(s.result.folds, choices).map { "\($0.layout.fold) \($1)" }.joined(separator: ", "))
            }
        }
        let total = counts.values.reduce(0, +)
        lines.append("chosen in \(total) (series, fold) fits: " + counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return lines
    }
}
