import ForecastCore
import ForecastEvaluation
import ForecastIO

/// Everything `forecast backtest --targets` reports over many series, in every output format.
///
/// JSON: `command`, `models`, `configuration`, `levels`, `aggregate` (per model across series),
/// `interval_metrics` (pooled over every series' points), `series` (per series: `unique_id`,
/// `target`, its leaderboard, `best` and with `auto` the model it chose in each fold, `choices`),
/// `skipped`, `points`, `warnings`, `stamp`.
/// CSV: the points in long format at `x.csv` (`unique_id, model, fold, origin, step, timestamp,
/// actual, forecast`, then `lo_<level>, hi_<level>`, and with `auto` `chosen`: the model it chose in
/// that series' fold, empty for other models), per series and model at `x.series.csv`, across
/// series at `x.aggregate.csv`. HDF5: see ``hdf5Group()``.
///
/// The long table is Nixtla's `cross_validation` frame in this project's names: `unique_id` is
/// theirs, `timestamp` is `ds`, `origin` is `cutoff`, `actual` is `y`, and one row per model
/// (`df.pivot_table(index=["unique_id", "timestamp", "origin"], columns="model", values="forecast")`
/// gives their one column per model).
public struct CollectionBacktestReport: Report {
    public var result: CollectionBacktestResult
    /// The series backtested (for the charts).
    public var collection: SeriesCollection
    public var stamp: ReproducibilityStamp

    public init(result: CollectionBacktestResult, collection: SeriesCollection, stamp: ReproducibilityStamp) {
        self.result = result
        self.collection = collection
        self.stamp = stamp
    }

    public var horizon: Int { result.configuration.horizon }


    // MARK: JSON

    public struct Document: Encodable {
        public var command: String
        public var models: [String]
        public var configuration: BacktestConfiguration
        public var levels: [Int]
        public var aggregate: [ModelAggregate]
        /// Per model and level over every point of every series (`step` null).
        public var intervalMetrics: [IntervalMetrics]
        public var series: [Series]
        public var skipped: [Skipped]
        public var points: [Point]
        public var warnings: [String]
        public var stamp: ReproducibilityStamp
    }

    /// One series: its id, target, folds, leaderboard and best model(s) by MASE.
    public struct Series: Encodable {
        public var uniqueId: String
        public var target: String
        public var season: Int
        public var folds: Int
        public var firstOrigin: Timestamp
        public var lastOrigin: Timestamp
        public var leaderboard: [Leaderboard.Row]
        public var best: [String]
        /// The model `auto` chose in each of this series' folds; `null` without `auto`.
        @NullWhenAbsent public var choices: [ModelChoices]?
    }

    public struct Skipped: Encodable {
        public var uniqueId: String
        public var reason: String
    }

    /// One forecast value: `unique_id`, then the keys of a single-series backtest point.
    public struct Point: Encodable {
        public var id: String
        public var point: BacktestReport.Point

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            try c.encode(id, forKey: "unique_id")
            try point.encode(to: encoder)
        }
    }

    public var document: Document {
        Document(command: stamp.command, models: result.models, configuration: result.configuration, levels: result.levels,
                 aggregate: result.aggregate, intervalMetrics: result.pooledIntervalMetrics,
                 series: result.series.map { s in
                     Series(uniqueId: s.id, target: s.result.target, season: s.result.season, folds: s.result.folds.count,
                            firstOrigin: s.result.folds[0].origin, lastOrigin: s.result.folds[s.result.folds.count - 1].origin,
                            leaderboard: s.result.leaderboard.rows, best: s.best, choices: s.result.choices)
                 },
                 skipped: result.skipped.map { Skipped(uniqueId: $0.id, reason: $0.reason) },
                 points: result.series.flatMap { s in
                     s.result.points.map { Point(id: s.id, point: BacktestReport.Point(point: $0, levels: result.levels)) }
                 },
                 warnings: warnings, stamp: stamp)
    }

    /// Each series' warnings, prefixed with its id.
    public var warnings: [String] {
        result.series.flatMap { s in s.result.warnings.map { "series \(s.id): \($0)" } }
    }

    // MARK: CSV

    public var tables: [CSVTable] {
        let levels = result.levels
        let choosing = result.series.contains { $0.result.choices != nil }
        let points = CSVTable(header: ["unique_id", "model", "fold", "origin", "step", "timestamp", "actual", "forecast"]
                                  + levels.flatMap { ["lo_\($0)", "hi_\($0)"] } + (choosing ? ["chosen"] : []),
                              rows: result.series.flatMap { s in
                                  let chosen = s.result.choicesByFold
                                  return s.result.points.map { p in
                                      [s.id, p.model, "\(p.fold)", p.origin.iso8601, "\(p.step)", p.target.iso8601,
                                       CSVTable.cell(p.actual), CSVTable.cell(p.prediction)]
                                          + levels.indices.flatMap { [CSVTable.cell(p.lower[$0]), CSVTable.cell(p.upper[$0])] }
                                          + (choosing ? [chosen[p.model]?[p.fold] ?? ""] : [])
                                  }
                              })
        let perSeries = CSVTable(name: "series",
                                 header: ["unique_id", "model"] + Metric.allCases.map(\.rawValue) + ["count", "best"],
                                 rows: result.series.flatMap { s in
                                     s.result.leaderboard.rows.map { row in
                                         [s.id, row.model] + Metric.allCases.map { CSVTable.cell($0.value(in: row.metrics)) }
                                             + ["\(row.metrics.count)", s.best.contains(row.model) ? "True" : "False"]
                                     }
                                 })
        let aggregate = CSVTable(name: "aggregate",
                                 header: ["model", "series_scored", "mean_mase", "median_mase", "wape", "wins"],
                                 rows: result.aggregate.map { a in
                                     [a.model, "\(a.seriesScored)", CSVTable.cell(a.meanMase), CSVTable.cell(a.medianMase),
                                      CSVTable.cell(a.wape), "\(a.wins)"]
                                 })
        return [points, perSeries, aggregate]
    }

    // MARK: HDF5

    /// Dimensions `series`, `model`, `origin`, `step`, `metric` (and `level` with intervals):
    /// `forecast[series, model, origin, step]`, `actual[series, origin, step]`,
    /// `timestamp[series, origin, step]`, `metrics[series, model, metric]` (each series' leaderboard),
    /// and across series `mean_mase`, `median_mase`, `wape`, `wins[model]`; with intervals
    /// `lower`/`upper[series, model, level, origin, step]`; with `auto`, `chosen[series, model, origin]`
    /// (empty for models that do not choose). `origin` holds the origins' datetimes when
    /// every series has the same ones (a wide file), else the fold numbers 1…K, with the datetimes in
    /// `cutoff[series, origin]`.
    public func hdf5Group() throws -> HDF5Group {
        let series = result.series, models = result.models, h = horizon, levels = result.levels
        // The folds present (every fold of a backtest; a shard by folds holds some of them), by position.
        let foldNumbers = Array(Set(series.flatMap { $0.result.folds.map(\.layout.fold) })).sorted()
        let position = Dictionary(uniqueKeysWithValues: foldNumbers.enumerated().map { ($1, $0) })
        let k = foldNumbers.count, metrics = Metric.allCases
        let (S, M, L) = (series.count, models.count, levels.count)
        var forecast = [Double](repeating: .nan, count: S * M * k * h)
        var lower = [Double](repeating: .nan, count: S * M * L * k * h), upper = lower
        var actual = [Double](repeating: .nan, count: S * k * h)
        var time = [Timestamp](repeating: Timestamp(secondsSinceEpoch: 0), count: S * k * h)
        var board = [Double](repeating: .nan, count: S * M * metrics.count)
        let modelIndex = Dictionary(uniqueKeysWithValues: models.enumerated().map { ($1, $0) })
        for (s, one) in series.enumerated() {
            for p in one.result.points {
                guard let m = modelIndex[p.model] else { continue }
                guard let f = position[p.fold] else { continue }
                let step = p.step - 1
                forecast[((s * M + m) * k + f) * h + step] = p.prediction
                actual[(s * k + f) * h + step] = p.actual
                time[(s * k + f) * h + step] = p.target
                for l in levels.indices {
                    lower[(((s * M + m) * L + l) * k + f) * h + step] = p.lower[l]
                    upper[(((s * M + m) * L + l) * k + f) * h + step] = p.upper[l]
                }
            }
            for row in one.result.leaderboard.rows {
                guard let m = modelIndex[row.model] else { continue }
                for (j, metric) in metrics.enumerated() { board[(s * M + m) * metrics.count + j] = metric.value(in: row.metrics) }
            }
        }
        let cutoffs = series.map { $0.result.folds.map(\.origin) }
        let shared = cutoffs.allSatisfy { $0 == cutoffs[0] }
        let origin: HDF5Dimension = shared ? .time(cutoffs[0], name: "origin") : .integers("origin", foldNumbers.map(Int64.init))
        var variables: [HDF5Variable] = [
            HDF5Variable(name: "forecast", dimensions: ["series", "model", "origin", "step"], values: .float64(forecast),
                         attributes: ["long_name": .string("forecast")]),
            HDF5Variable(name: "actual", dimensions: ["series", "origin", "step"], values: .float64(actual)),
            HDF5Variable(name: "timestamp", dimensions: ["series", "origin", "step"], values: .timestamps(time)),
            HDF5Variable(name: "metrics", dimensions: ["series", "model", "metric"], values: .float64(board),
                         attributes: ["long_name": .string("each series' metrics over its points; MAPE and sMAPE in percent")]),
            HDF5Variable(name: "mean_mase", dimensions: ["model"], values: .float64(result.aggregate.map(\.meanMase))),
            HDF5Variable(name: "median_mase", dimensions: ["model"], values: .float64(result.aggregate.map(\.medianMase))),
            HDF5Variable(name: "wape", dimensions: ["model"], values: .float64(result.aggregate.map(\.wape)),
                         attributes: ["long_name": .string("sum of absolute errors over sum of absolute actuals, every series")]),
            HDF5Variable(name: "wins", dimensions: ["model"], values: .int64(result.aggregate.map { Int64($0.wins) }),
                         attributes: ["long_name": .string("series on which the model has the lowest MASE")]),
        ]
        if series.contains(where: { $0.result.choices != nil }) {
            var chosen = [String](repeating: "", count: S * M * k)
            for (s, one) in series.enumerated() {
                for (model, byFold) in one.result.choicesByFold {
                    guard let m = modelIndex[model] else { continue }
                    for (fold, choice) in byFold { if let f = position[fold] { chosen[(s * M + m) * k + f] = choice } }
                }
            }
            variables.append(HDF5Variable(name: "chosen", dimensions: ["series", "model", "origin"], values: .strings(chosen),
                                          attributes: ["long_name": .string("the model auto chose in each series' fold; "
                                                                            + "empty for models that do not choose")]))
        }
        if !shared {
            variables.append(HDF5Variable(name: "cutoff", dimensions: ["series", "origin"], values: .timestamps(cutoffs.flatMap { $0 })))
        }
        if !levels.isEmpty {
            variables += [
                HDF5Variable(name: "lower", dimensions: ["series", "model", "level", "origin", "step"], values: .float64(lower),
                             attributes: ["long_name": .string("lower bound of the prediction interval")]),
                HDF5Variable(name: "upper", dimensions: ["series", "model", "level", "origin", "step"], values: .float64(upper),
                             attributes: ["long_name": .string("upper bound of the prediction interval")]),
            ]
        }
        var attributes = try stampAttributes()
        attributes.merge([
            "title": .string("backtest of \(S) series"), "models": .strings(models),
            "folds": .int64(Int64(k)), "horizon": .int64(Int64(h)),
        ]) { _, new in new }
        return HDF5Group(
            attributes: attributes,
            dimensions: [.labels("series", series.map(\.id)), .labels("model", models), origin,
                         .integers("step", (1...h).map(Int64.init)), .labels("metric", metrics.map(\.rawValue))]
                + (levels.isEmpty ? [] : [.integers("level", levels.map(Int64.init))]),
            variables: variables)
    }

    // MARK: SVG

    /// Small multiples of the series `ids` (each: actuals and every model's forecasts at each origin,
    /// as the single-series backtest chart draws them), two per row, above box plots of the
    /// per-series MASE of each model across every series.
    /// - Throws: ``CollectionReportError/unknownSeries(_:available:)`` for an id not backtested.
    public func chart(series ids: [String]) throws -> SVGGrid {
        let members = Dictionary(uniqueKeysWithValues: collection.members.map { ($0.id, $0) })
        let results = Dictionary(uniqueKeysWithValues: result.series.map { ($0.id, $0.result) })
        let panels = try ids.map { id -> SVGChart in
            guard let member = members[id], let one = results[id] else {
                throw CollectionReportError.unknownSeries(id, available: result.series.map(\.id))
            }
            var panel = BacktestReport(series: member.series, result: one, stamp: stamp).chart()
            panel.title = "\(id): \(one.leaderboard.rows.map { "\($0.model) \(Self.short($0.metrics.mase))" }.joined(separator: ", ")) (MASE)"
            panel.width = 640
            panel.height = 300
            return panel
        }
        let mase = SVGBoxPlot(title: "MASE per series (\(result.series.count) series; below 1 beats in-sample seasonal naive)",
                              xLabel: "MASE", groups: result.models.map { model in
                                  (model, result.series.map { s in s.result.leaderboard.rows.first { $0.model == model }?.metrics.mase ?? .nan })
                              }, reference: 1)
        return SVGGrid(title: "Backtest of \(result.series.count) series: \(result.configuration.folds) origins × \(horizon) steps",
                       panels: panels, columns: 2, footer: [mase])
    }

    /// Three significant digits, for titles.
    static func short(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        let text = String(format: "%.3g", v)
        return text
    }
}

/// Errors of choosing what to draw from a backtest over many series.
public enum CollectionReportError: Error, Equatable, CustomStringConvertible {
    case unknownSeries(String, available: [String])

    public var description: String {
        switch self {
        case let .unknownSeries(id, available):
            let shown = available.prefix(10).joined(separator: ", ") + (available.count > 10 ? ", …" : "")
            return "--series \(id): no such series in the results (skipped, or not in the file or --targets); series are: \(shown)"
        }
    }
}
