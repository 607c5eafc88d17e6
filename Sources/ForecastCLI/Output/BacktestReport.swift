import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastTraining
import Foundation

/// Everything `forecast backtest` reports, and the writers for each output format.
struct BacktestReport: CommandReport {
    var series: TimeSeries
    var result: BacktestResult
    var stamp: ReproducibilityStamp

    /// The configuration written into the stamp.
    struct Settings: Encodable {
        var backtest: BacktestConfiguration
        var network: RNNForecasterConfiguration
        var models: [String]
    }

    var horizon: Int { result.configuration.horizon }

    // MARK: JSON

    struct JSON: Encodable {
        var target: String
        var models: [String]
        var season: Int
        var configuration: BacktestConfiguration
        var leaderboard: Leaderboard
        var folds: [BacktestFold]
        var foldMetrics: [FoldMetrics]
        var stepMetrics: [StepMetrics]
        var points: [ForecastPoint]
        var warnings: [String]
        var stamp: ReproducibilityStamp

        enum CodingKeys: String, CodingKey {
            case target, models, season, configuration, leaderboard, folds, points, warnings, stamp
            case foldMetrics = "fold_metrics", stepMetrics = "step_metrics"
        }
    }

    var json: JSON {
        JSON(target: result.target, models: result.models, season: result.season, configuration: result.configuration,
             leaderboard: result.leaderboard, folds: result.folds, foldMetrics: result.foldMetrics,
             stepMetrics: result.stepMetrics, points: result.points, warnings: result.warnings, stamp: stamp)
    }

    // MARK: Terminal

    static let columns: [(Metric, String)] = [(.mae, "MAE"), (.rmse, "RMSE"), (.mape, "MAPE %"), (.smape, "sMAPE %"),
                                               (.mase, "MASE"), (.meanError, "bias")]

    func renderTables() -> String {
        let c = result.configuration
        var lines: [String] = []
        let window = c.trainWindow.map { "sliding window of \($0) rows" } ?? "expanding window"
        lines.append("Backtest of \(result.target): \(c.folds) folds × \(horizon) steps, step \(c.effectiveStep), \(window), "
            + "refit: \(c.refit), gap \(c.gap), season \(result.season)")
        if let first = result.folds.first, let last = result.folds.last {
            lines.append("origins \(first.origin.shortDescription) .. \(last.origin.shortDescription); "
                + "forecasts cover \(first.firstTarget.shortDescription) .. \(last.lastTarget.shortDescription)")
        }
        lines.append("")
        let points = result.leaderboard.rows.first?.metrics.count ?? 0
        lines.append("Leaderboard (\(points) points per model; * best in column; MASE < 1 beats in-sample seasonal naive)")
        var board = TextTable(header: ["model"] + Self.columns.map(\.1))
        for row in result.leaderboard.rows {
            board.append([row.model] + Self.columns.map { metric, _ in
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
            folds.append(["\(fold.layout.fold)", fold.origin.shortDescription] + values)
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

    // MARK: Files

    var csvHeader: [String] { ["model", "fold", "origin", "timestamp", "step", "actual", "prediction"] }

    var csvRows: [[String]] {
        result.points.map { p in
            [p.model, "\(p.fold)", p.origin.iso8601, p.target.iso8601, "\(p.step)", "\(p.actual)", "\(p.prediction)"]
        }
    }

    /// Dimensions (model, origin, step) with labelled coordinates; `prediction[model, origin, step]`,
    /// `actual[origin, step]`, `target_time[origin, step]` and `leaderboard[model, metric]`; plus a group
    /// `points` in the layout ``HDF5Reader`` reads as a series (one row per fold and step, in time order
    /// when folds do not overlap): columns `actual`, `fold`, `step` and one per model.
    func hdf5Group() -> HDF5Group {
        let models = result.models, folds = result.folds, h = horizon
        var prediction = [Double](repeating: .nan, count: models.count * folds.count * h)
        var actual = [Double](repeating: .nan, count: folds.count * h)
        var targetTime = [Timestamp](repeating: Timestamp(secondsSinceEpoch: 0), count: folds.count * h)
        let foldIndex = Dictionary(uniqueKeysWithValues: folds.enumerated().map { ($1.layout.fold, $0) })
        let modelIndex = Dictionary(uniqueKeysWithValues: models.enumerated().map { ($1, $0) })
        for p in result.points {
            guard let f = foldIndex[p.fold], let m = modelIndex[p.model] else { continue }
            prediction[(m * folds.count + f) * h + p.step - 1] = p.prediction
            actual[f * h + p.step - 1] = p.actual
            targetTime[f * h + p.step - 1] = p.target
        }
        let metrics = Self.columns.map(\.0)
        let board = result.leaderboard.rows.flatMap { row in metrics.map { $0.value(in: row.metrics) } }
        var attributes: [String: HDF5AttributeValue] = [
            "title": .string("backtest of \(result.target)"), "target": .string(result.target),
            "models": .strings(models), "folds": .int64(Int64(folds.count)), "horizon": .int64(Int64(h)),
            "season": .int64(Int64(result.season)), "source": .string(stamp.inputPath),
        ]
        for (key, value) in stamp.fields where attributes[key] == nil { attributes[key] = .string(value) }
        var pointsGroup = HDF5Group(
            name: "points",
            attributes: ["description": .string("one row per fold and step; readable by forecast inspect --dataset /points")],
            dimensions: [.time(targetTime)],
            variables: [
                HDF5Variable(name: "actual", dimensions: ["time"], values: .float64(actual)),
                HDF5Variable(name: "fold", dimensions: ["time"], values: .int64(folds.flatMap { f in Array(repeating: Int64(f.layout.fold), count: h) })),
                HDF5Variable(name: "step", dimensions: ["time"], values: .int64(folds.flatMap { _ in (1...h).map(Int64.init) })),
            ])
        for (m, model) in models.enumerated() {
            pointsGroup.variables.append(HDF5Variable(
                name: model, dimensions: ["time"],
                values: .float64(Array(prediction[(m * folds.count * h)..<((m + 1) * folds.count * h)])),
                attributes: ["long_name": .string("\(model) forecast of \(result.target)")]))
        }
        return HDF5Group(
            attributes: attributes,
            dimensions: [.labels("model", models), .time(folds.map(\.origin), name: "origin"),
                         .integers("step", (1...h).map(Int64.init)), .labels("metric", metrics.map(\.rawValue))],
            variables: [
                HDF5Variable(name: "prediction", dimensions: ["model", "origin", "step"], values: .float64(prediction),
                             attributes: ["long_name": .string("forecast of \(result.target)")]),
                HDF5Variable(name: "actual", dimensions: ["origin", "step"], values: .float64(actual)),
                HDF5Variable(name: "target_time", dimensions: ["origin", "step"], values: .timestamps(targetTime)),
                HDF5Variable(name: "leaderboard", dimensions: ["model", "metric"], values: .float64(board),
                             attributes: ["long_name": .string("metrics over every point; MAPE and sMAPE in percent")]),
            ],
            groups: [pointsGroup])
    }

    /// Actual values over the backtest span, and each model's forecasts at each origin.
    func chart() -> SVGChart {
        var chart = SVGChart(title: "Backtest of \(result.target): \(result.folds.count) origins × \(horizon) steps",
                             yLabel: result.target)
        guard let first = result.folds.first, let column = try? series.column(named: result.target) else { return chart }
        let context = max(horizon, result.season) * 2
        let start = max(0, first.layout.originRow - context)
        chart.add(.init(name: "actual", points: (start..<series.count).map { (series.timestamps[$0], column.values[$0]) },
                        color: "#333333"))
        for (m, model) in result.models.enumerated() {
            let color = SVGChart.palette[m % SVGChart.palette.count]
            var points: [(Timestamp, Double)] = []
            for fold in result.folds {
                let origin = fold.layout.originRow
                if !points.isEmpty { points.append((series.timestamps[origin], .nan)) }  // break the line between folds
                points.append((series.timestamps[origin], column.values[origin]))
                points += result.points.filter { $0.model == model && $0.fold == fold.layout.fold }.map { ($0.target, $0.prediction) }
            }
            chart.add(.init(name: model, points: points, color: color, dashed: true))
        }
        chart.markers = result.folds.map { ($0.origin, "\($0.layout.fold)") }
        return chart
    }
}
