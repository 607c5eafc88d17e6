import ForecastCore
import ForecastEvaluation
import ForecastReports

/// The terminal rendering of a backtest: the layout, the leaderboard, MAE per fold and per step.
enum BacktestTables {
    /// Leaderboard columns: every metric, under its output name.
    static let metrics = Metric.allCases

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
        var board = TextTable(header: ["model"] + metrics.map(\.rawValue))
        for row in result.leaderboard.rows {
            board.append([row.model] + metrics.map { metric in
                NumberFormatting.significant(metric.value(in: row.metrics), digits: 4) + (row.bestIn.contains(metric) ? "*" : " ")
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
        return lines.joined(separator: "\n")
    }
}
