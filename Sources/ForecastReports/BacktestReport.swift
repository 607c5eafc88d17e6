import ForecastCore
import ForecastEvaluation
import ForecastIO

/// Everything `forecast backtest` reports, in every output format.
///
/// JSON: `command`, `target`, `models`, `season`, `configuration`, `leaderboard` (with each model's
/// interval metrics over all steps), `folds`, `fold_metrics`, `step_metrics`, `levels`,
/// `interval_metrics`, `calibration`, `points`, `warnings`, `stamp`. CSV: the points at `x.csv`
/// (`model, fold, origin, step, timestamp, actual, forecast`; with `auto`, `chosen`: the model it
/// chose in that fold, empty for other models) and the leaderboard at
/// `x.leaderboard.csv` (`model`, one column per metric, `count`, and with intervals `coverage_<level>`,
/// `mean_width_<level>`, `winkler_<level>`, `msis_<level>`); with intervals also `x.intervals.csv`
/// (per model, level and step). HDF5: see ``hdf5Group()``.
public struct BacktestReport: Report {
    public var series: TimeSeries
    public var result: BacktestResult
    public var stamp: ReproducibilityStamp

    public init(series: TimeSeries, result: BacktestResult, stamp: ReproducibilityStamp) {
        self.series = series
        self.result = result
        self.stamp = stamp
    }

    public var horizon: Int { result.configuration.horizon }

    // MARK: JSON

    public struct Document: Encodable {
        public var command: String
        public var target: String
        public var models: [String]
        public var season: Int
        public var configuration: BacktestConfiguration
        public var leaderboard: [Leaderboard.Row]
        public var folds: [Fold]
        public var foldMetrics: [FoldMetrics]
        public var stepMetrics: [StepMetrics]
        /// Prediction-interval levels in percent (empty without intervals).
        public var levels: [Int]
        /// Coverage, width, Winkler score and MSIS per model and level, over all steps (`step` null) and per step.
        public var intervalMetrics: [IntervalMetrics]
        /// What calibrating the intervals cost; `null` without intervals.
        @NullWhenAbsent public var calibration: CalibrationCost?
        /// The model `auto` chose in each fold; `null` without `auto`.
        @NullWhenAbsent public var choices: [ModelChoices]?
        public var points: [Point]
        public var warnings: [String]
        public var stamp: ReproducibilityStamp
    }

    /// The fits calibration took, per model: `windows` summed over the refitting folds (what
    /// calibrating each fold on its own would fit), `fits` actually run for it, `reused` the rest
    /// (forecasts a refitting fold or another fold's calibration had already made).
    public struct CalibrationCost: Codable {
        public var windows: Int
        public var fits: Int
        public var reused: Int
    }

    /// One fold: its origin, the span it forecasts, its training part and its MASE scale.
    public struct Fold: Encodable {
        public var fold: Int
        /// The last timestamp the models see.
        public var origin: Timestamp
        /// First and last timestamps forecast.
        public var firstTimestamp: Timestamp
        public var lastTimestamp: Timestamp
        /// First and last timestamps of the training part.
        public var trainingStart: Timestamp
        public var trainingEnd: Timestamp
        /// Rows in the training part.
        public var trainingRows: Int
        /// The fold whose model is used here (equal to `fold` when this fold refits).
        public var fittedAtFold: Int
        /// In-sample seasonal-naive MAE of the training part (MASE's denominator); `null` when undefined.
        public var maseScale: Double
    }

    /// One forecast value and what happened: `model, fold, origin, step, timestamp, actual, forecast`,
    /// then `lo_<level>, hi_<level>` per interval level.
    public struct Point: Encodable {
        public var point: ForecastPoint
        public var levels: [Int]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            try c.encode(point.model, forKey: "model")
            try c.encode(point.fold, forKey: "fold")
            try c.encode(point.origin, forKey: "origin")
            try c.encode(point.step, forKey: "step")
            try c.encode(point.target, forKey: "timestamp")
            try c.encode(point.actual, forKey: "actual")
            try c.encode(point.prediction, forKey: "forecast")
            for (l, level) in levels.enumerated() {
                try c.encode(point.lower[l], forKey: AnyCodingKey("lo_\(level)"))
                try c.encode(point.upper[l], forKey: AnyCodingKey("hi_\(level)"))
            }
        }
    }

    public var points: [Point] { result.points.map { Point(point: $0, levels: result.levels) } }

    /// `nil` without intervals.
    public var calibrationCost: CalibrationCost? {
        result.configuration.intervals == nil ? nil
            : CalibrationCost(windows: result.calibrationWindows, fits: result.calibrationFits,
                              reused: result.calibrationWindows - result.calibrationFits)
    }

    public var folds: [Fold] {
        result.folds.map { f in
            Fold(fold: f.layout.fold, origin: f.origin, firstTimestamp: f.firstTarget, lastTimestamp: f.lastTarget,
                 trainingStart: series.timestamps[f.layout.trainingRows.lowerBound],
                 trainingEnd: series.timestamps[f.layout.trainingRows.upperBound - 1], trainingRows: f.layout.trainingRows.count,
                 fittedAtFold: f.layout.fittedAtFold, maseScale: f.maseScale)
        }
    }

    public var document: Document {
        Document(command: stamp.command, target: result.target, models: result.models, season: result.season,
                 configuration: result.configuration, leaderboard: result.leaderboard.rows, folds: folds,
                 foldMetrics: result.foldMetrics, stepMetrics: result.stepMetrics, levels: result.levels,
                 intervalMetrics: result.intervalMetrics, calibration: calibrationCost, choices: result.choices, points: points,
                 warnings: result.warnings, stamp: stamp)
    }

    // MARK: CSV

    public var tables: [CSVTable] {
        let bounds = result.levels.flatMap { ["lo_\($0)", "hi_\($0)"] }
        let chosen = result.choicesByFold
        let points = CSVTable(header: ["model", "fold", "origin", "step", "timestamp", "actual", "forecast"] + bounds
                                  + (chosen.isEmpty ? [] : ["chosen"]),
                              rows: result.points.map { p in
                                  [p.model, "\(p.fold)", p.origin.iso8601, "\(p.step)", p.target.iso8601,
                                   CSVTable.cell(p.actual), CSVTable.cell(p.prediction)]
                                      + result.levels.indices.flatMap { [CSVTable.cell(p.lower[$0]), CSVTable.cell(p.upper[$0])] }
                                      + (chosen.isEmpty ? [] : [chosen[p.model]?[p.fold] ?? ""])
                              })
        let intervalColumns: [(String, KeyPath<IntervalMetrics, Double>)] =
            [("coverage", \.coverage), ("mean_width", \.meanWidth), ("winkler", \.winkler), ("msis", \.msis)]
        let board = CSVTable(name: "leaderboard",
                             header: ["model"] + Metric.allCases.map(\.rawValue) + ["count"]
                                 + result.levels.flatMap { level in intervalColumns.map { "\($0.0)_\(level)" } },
                             rows: result.leaderboard.rows.map { row in
                                 [row.model] + Metric.allCases.map { CSVTable.cell($0.value(in: row.metrics)) } + ["\(row.metrics.count)"]
                                     + result.levels.flatMap { level in
                                         intervalColumns.map { _, path in
                                             CSVTable.cell(row.intervals.first { $0.level == level }?[keyPath: path] ?? .nan)
                                         }
                                     }
                             })
        guard !result.levels.isEmpty else { return [points, board] }
        let intervals = CSVTable(name: "intervals",
                                 header: ["model", "level", "step", "count", "coverage", "coverage_low", "coverage_high",
                                          "mean_width", "winkler", "msis"],
                                 rows: result.intervalMetrics.map { m in
                                     [m.model, "\(m.level)", m.step.map(String.init) ?? "", "\(m.count)", CSVTable.cell(m.coverage),
                                      CSVTable.cell(m.coverageLow), CSVTable.cell(m.coverageHigh), CSVTable.cell(m.meanWidth),
                                      CSVTable.cell(m.winkler), CSVTable.cell(m.msis)]
                                 })
        return [points, board, intervals]
    }

    // MARK: HDF5

    /// Dimensions (model, origin, step, metric) with labelled coordinates: `forecast[model, origin, step]`,
    /// `actual[origin, step]`, `timestamp[origin, step]` and `leaderboard[model, metric]` (with `auto`,
    /// `chosen[model, origin]`: the model it chose per fold, empty for other models); plus a group
    /// `points` that ``HDF5Reader`` (and so `forecast inspect --dataset /points`) reads as a series:
    /// one row per time forecast, in time order, with `actual`, the `fold` and `step` of the latest
    /// origin that forecast it, and that origin's forecast of each model. Without overlapping folds
    /// (`--step` ≥ `--horizon`) that is every point; with overlap, each time keeps its shortest-lead
    /// forecast, and the full set stays in `forecast[model, origin, step]`.
    public func hdf5Group() throws -> HDF5Group {
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
        let metrics = Metric.allCases
        let board = result.leaderboard.rows.flatMap { row in metrics.map { $0.value(in: row.metrics) } }
        let levels = result.levels
        var lower = [Double](repeating: .nan, count: models.count * levels.count * folds.count * h), upper = lower
        for p in result.points {
            guard let f = foldIndex[p.fold], let m = modelIndex[p.model] else { continue }
            for l in levels.indices {
                lower[((m * levels.count + l) * folds.count + f) * h + p.step - 1] = p.lower[l]
                upper[((m * levels.count + l) * folds.count + f) * h + p.step - 1] = p.upper[l]
            }
        }
        var attributes = try stampAttributes()
        attributes.merge([
            "title": .string("backtest of \(result.target)"), "target": .string(result.target),
            "models": .strings(models), "folds": .int64(Int64(folds.count)), "horizon": .int64(Int64(h)),
            "season": .int64(Int64(result.season)),
        ]) { _, new in new }

        // The points series: for each time forecast, the (fold, step) of the latest origin.
        var latest: [Timestamp: Int] = [:]   // time -> index f * h + s
        for i in targetTime.indices {
            if let j = latest[targetTime[i]], folds[j / h].origin > folds[i / h].origin { continue }
            latest[targetTime[i]] = i
        }
        let order = latest.keys.sorted().map { latest[$0]! }
        var pointsGroup = HDF5Group(
            name: "points",
            attributes: ["description": .string("one row per time forecast (the latest origin's forecast where folds overlap); "
                                                + "readable by forecast inspect --dataset /points")],
            dimensions: [.time(order.map { targetTime[$0] })],
            variables: [
                HDF5Variable(name: "actual", dimensions: ["time"], values: .float64(order.map { actual[$0] })),
                HDF5Variable(name: "fold", dimensions: ["time"], values: .int64(order.map { Int64(folds[$0 / h].layout.fold) })),
                HDF5Variable(name: "step", dimensions: ["time"], values: .int64(order.map { Int64($0 % h + 1) })),
            ])
        for (m, model) in models.enumerated() {
            pointsGroup.variables.append(HDF5Variable(
                name: model, dimensions: ["time"], values: .float64(order.map { prediction[m * folds.count * h + $0] }),
                attributes: ["long_name": .string("\(model) forecast of \(result.target)")]))
        }
        var intervalVariables: [HDF5Variable] = []
        if !levels.isEmpty {
            intervalVariables = [
                HDF5Variable(name: "lower", dimensions: ["model", "level", "origin", "step"], values: .float64(lower),
                             attributes: ["long_name": .string("lower bound of the prediction interval")]),
                HDF5Variable(name: "upper", dimensions: ["model", "level", "origin", "step"], values: .float64(upper),
                             attributes: ["long_name": .string("upper bound of the prediction interval")]),
            ]
            let overall = result.intervalMetrics.filter { $0.step == nil }
            for (name, value, text) in [("coverage", \IntervalMetrics.coverage, "share of actuals inside their interval"),
                                        ("coverage_low", \IntervalMetrics.coverageLow, "Wilson 95 % interval of the coverage, low end"),
                                        ("coverage_high", \IntervalMetrics.coverageHigh, "Wilson 95 % interval of the coverage, high end"),
                                        ("mean_width", \IntervalMetrics.meanWidth, "mean interval width"),
                                        ("winkler", \IntervalMetrics.winkler, "mean Winkler (interval) score"),
                                        ("msis", \IntervalMetrics.msis, "mean scaled interval score")] {
                let values = models.flatMap { model in
                    levels.map { level in overall.first { $0.model == model && $0.level == level }?[keyPath: value] ?? .nan }
                }
                intervalVariables.append(HDF5Variable(name: name, dimensions: ["model", "level"], values: .float64(values),
                                                      attributes: ["long_name": .string(text)]))
            }
        }
        let chosen = result.choicesByFold
        let chosenVariables = chosen.isEmpty ? [] : [
            HDF5Variable(name: "chosen", dimensions: ["model", "origin"],
                         values: .strings(models.flatMap { model in folds.map { chosen[model]?[$0.layout.fold] ?? "" } }),
                         attributes: ["long_name": .string("the model auto chose in each fold; empty for models that do not choose")]),
        ]
        return HDF5Group(
            attributes: attributes,
            dimensions: [.labels("model", models), .time(folds.map(\.origin), name: "origin"),
                         .integers("step", (1...h).map(Int64.init)), .labels("metric", metrics.map(\.rawValue))]
                + (levels.isEmpty ? [] : [.integers("level", levels.map(Int64.init))]),
            variables: intervalVariables + chosenVariables + [
                HDF5Variable(name: "forecast", dimensions: ["model", "origin", "step"], values: .float64(prediction),
                             attributes: ["long_name": .string("forecast of \(result.target)")]),
                HDF5Variable(name: "actual", dimensions: ["origin", "step"], values: .float64(actual)),
                HDF5Variable(name: "timestamp", dimensions: ["origin", "step"], values: .timestamps(targetTime)),
                HDF5Variable(name: "leaderboard", dimensions: ["model", "metric"], values: .float64(board),
                             attributes: ["long_name": .string("metrics over every point; MAPE and sMAPE in percent")]),
            ],
            groups: [pointsGroup])
    }

    // MARK: SVG

    /// Actual values over the backtest span, and each model's forecasts at each origin.
    public func chart() -> SVGChart {
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
            // The narrowest interval of each model, fold by fold (a NaN row breaks the band between folds).
            if !result.levels.isEmpty {
                var band: [(Timestamp, Double, Double)] = []
                for fold in result.folds {
                    if !band.isEmpty { band.append((fold.origin, .nan, .nan)) }
                    band += result.points.filter { $0.model == model && $0.fold == fold.layout.fold }.map { ($0.target, $0.lower[0], $0.upper[0]) }
                }
                chart.add(SVGChart.Band(name: "\(model) \(result.levels[0]) %", points: band, color: color, opacity: 0.15))
            }
        }
        chart.markers = result.folds.map { ($0.origin, "\($0.layout.fold)") }
        return chart
    }
}
