import ForecastCore
import ForecastEvaluation
import ForecastReports

/// The terminal rendering of a backtest: the layout, the leaderboard, MAE per fold and per step.
enum BacktestTables {
    /// Leaderboard columns: every metric, under a label for people (the files use the metric names).
    static let columns: [(Metric, String)] = [(.mae, "MAE"), (.rmse, "RMSE"), (.mape, "MAPE %"), (.smape, "sMAPE %"),
                                               (.mase, "MASE"), (.meanError, "bias")]

    static func render(_ result: BacktestResult) -> String {
        let c = result.configuration, horizon = c.horizon
        var lines: [String] = []
        let window = c.trainWindow.map { "sliding window of \($0) rows" } ?? "expanding window"
        lines.append("Backtest of \(result.target): \(c.folds) folds × \(horizon) steps, step \(c.effectiveStep), \(window), "
            + "refit: \(c.refit), gap \(c.gap), season \(result.season)")
        let times = result.folds.flatMap { [$0.origin, $0.firstTarget, $0.lastTarget] }
        let show = times.displayFormat
        if let first = result.folds.first, let last = result.folds.last {
            lines.append("origins \(show(first.origin)) .. \(show(last.origin)); "
                + "forecasts cover \(show(first.firstTarget)) .. \(show(last.lastTarget))")
        }
        lines.append("")
        let points = result.leaderboard.rows.first?.metrics.count ?? 0
        lines.append("Leaderboard (\(points) points per model; * best in column; MASE < 1 beats in-sample seasonal naive)")
        // With intervals, each level's coverage and MSIS over all steps follow the point metrics.
        var board = TextTable(header: ["model"] + columns.map(\.1)
                                  + result.levels.flatMap { ["cov \($0) %", "MSIS \($0)"] })
        for row in result.leaderboard.rows {
            board.append([row.model] + columns.map { metric, _ in
                NumberFormatting.significant(metric.value(in: row.metrics), digits: 4) + (row.bestIn.contains(metric) ? "*" : " ")
            } + result.levels.flatMap { level -> [String] in
                let m = row.intervals.first { $0.level == level }
                return [m.map { NumberFormatting.percent($0.coverage) } ?? "-", m.map { NumberFormatting.significant($0.msis, digits: 4) } ?? "-"]
            })
        }
        lines.append(board.render())
        lines.append("")
        lines.append("MAE per fold")
        var folds = TextTable(header: ["fold", "origin"] + result.models, leftAligned: [1])
        for fold in result.folds {
            let values = result.models.map { model in
                result.foldMetrics.first { $0.model == model && $0.fold == fold.layout.fold }.map {
                    NumberFormatting.significant($0.metrics.mae, digits: 4)
                } ?? "-"
            }
            folds.append(["\(fold.layout.fold)", show(fold.origin)] + values)
        }
        lines.append(folds.render())
        lines.append("")
        lines.append("MAE per step ahead")
        var steps = TextTable(header: ["step"] + result.models, leftAligned: [])
        for step in 1...horizon {
            steps.append(["\(step)"] + result.models.map { model in
                result.stepMetrics.first { $0.model == model && $0.step == step }.map {
                    NumberFormatting.significant($0.metrics.mae, digits: 4)
                } ?? "-"
            })
        }
        lines.append(steps.render())
        if !result.levels.isEmpty {
            lines.append("")
            lines.append("Prediction intervals (split-conformal; coverage with its Wilson 95 % interval; MSIS = Winkler / MASE scale)")
            var table = TextTable(header: ["model", "level", "coverage", "95 % interval", "mean width", "winkler", "msis"],
                                  leftAligned: [0])
            for m in result.intervalMetrics where m.step == nil {
                table.append([m.model, "\(m.level) %", NumberFormatting.percent(m.coverage),
                              "\(NumberFormatting.percent(m.coverageLow)) – \(NumberFormatting.percent(m.coverageHigh))",
                              NumberFormatting.significant(m.meanWidth, digits: 4), NumberFormatting.significant(m.winkler, digits: 4),
                              NumberFormatting.significant(m.msis, digits: 4)])
            }
            lines.append(table.render())
            lines.append("")
            lines.append("Coverage per step ahead")
            var perStep = TextTable(header: ["step"] + result.models.flatMap { model in result.levels.map { "\(model) \($0)" } },
                                    leftAligned: [])
            for step in 1...horizon {
                perStep.append(["\(step)"] + result.models.flatMap { model in
                    result.levels.map { level in
                        result.intervalMetrics.first { $0.model == model && $0.level == level && $0.step == step }
                            .map { NumberFormatting.percent($0.coverage) } ?? "-"
                    }
                })
            }
            lines.append(perStep.render())
            if result.calibrationWindows > 0 {
                lines.append("")
                let reused = result.calibrationWindows - result.calibrationFits
                lines.append("Calibration: \(result.calibrationWindows) windows per model over the refitting folds; "
                    + "\(result.calibrationFits) fit\(result.calibrationFits == 1 ? "" : "s") of their own, "
                    + "\(reused) reused from the folds' forecasts and each other")
            }
        }
        return lines.joined(separator: "\n")
    }
}
