import ForecastCore
import ForecastEvaluation
import ForecastIO

/// Everything `forecast predict --targets` reports over many series, in every output format.
///
/// JSON: `command`, `model` (the network or baseline name), `horizon`, `levels`, `series` (per series:
/// `unique_id`, `target`, `last_observed`, with intervals `calibration_windows`, and with
/// `--models auto` its `choice`: the winner and why), `skipped`,
/// `points`, `stamp`. CSV: one row per series and step at `x.csv` (`unique_id, timestamp, step,
/// forecast`, then `lo_<level>, hi_<level>`). HDF5: `forecast[series, step]`,
/// `timestamp[series, step]`, with intervals `lower`/`upper[series, level, step]`.
public struct CollectionForecastReport: Report {
    public var result: CollectionForecastResult
    public var model: String
    /// Each series' last timestamp and value, by id.
    public var lastObserved: [String: ForecastReport.Observation]
    public var stamp: ReproducibilityStamp
    /// With `--models auto`: each series' own choice, by id. Empty otherwise.
    public var choices: [String: Choice]

    public init(result: CollectionForecastResult, collection: SeriesCollection, model: String, stamp: ReproducibilityStamp,
                choices: [String: Choice] = [:]) {
        self.result = result
        self.model = model
        self.stamp = stamp
        self.choices = choices
        var last: [String: ForecastReport.Observation] = [:]
        for member in collection.members {
            let values = (try? member.series.column(named: member.target).values) ?? []
            last[member.id] = ForecastReport.Observation(timestamp: member.series.timestamps.last, value: values.last)
        }
        lastObserved = last
    }

    public var horizon: Int { result.forecasts.first?.forecast.horizon ?? 0 }

    // MARK: JSON

    public struct Document: Encodable {
        public var command: String
        public var model: String
        public var horizon: Int
        public var levels: [Int]
        public var series: [Series]
        public var skipped: [CollectionBacktestReport.Skipped]
        public var points: [Point]
        public var stamp: ReproducibilityStamp
    }

    public struct Series: Encodable {
        public var uniqueId: String
        public var target: String
        public var lastObserved: ForecastReport.Observation
        /// Calibration windows of its intervals; `null` without intervals.
        @NullWhenAbsent public var calibrationWindows: Int?
        /// What `--models auto` chose for this series and why; `null` for other models.
        @NullWhenAbsent public var choice: Choice?
    }

    /// The model `--models auto` chose for one series (its inner backtest on that series' history) and why.
    public struct Choice: Codable, Sendable, Equatable {
        public var winner: String
        public var reason: String

        public init(winner: String, reason: String) {
            self.winner = winner
            self.reason = reason
        }
    }

    /// One step of one series: `unique_id, timestamp, step, forecast`, `lo_<level>, hi_<level>`.
    public struct Point: Encodable {
        public var id: String
        public var timestamp: Timestamp?
        public var step: Int
        public var forecast: Double
        public var bounds: [(level: Int, lower: Double, upper: Double)]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            try c.encode(id, forKey: "unique_id")
            try c.encode(timestamp, forKey: "timestamp")
            try c.encode(step, forKey: "step")
            try c.encode(forecast, forKey: "forecast")
            for b in bounds {
                try c.encode(b.lower, forKey: AnyCodingKey("lo_\(b.level)"))
                try c.encode(b.upper, forKey: AnyCodingKey("hi_\(b.level)"))
            }
        }
    }

    public var points: [Point] {
        result.forecasts.flatMap { s in
            s.forecast.values.indices.map { i in
                Point(id: s.id, timestamp: s.forecast.timestamps?[i], step: i + 1, forecast: s.forecast.values[i],
                      bounds: s.forecast.intervals.map { ($0.level, $0.lower[i], $0.upper[i]) })
            }
        }
    }

    public var document: Document {
        Document(command: stamp.command, model: model, horizon: horizon, levels: result.levels,
                 series: result.forecasts.map { s in
                     Series(uniqueId: s.id, target: s.forecast.target,
                            lastObserved: lastObserved[s.id] ?? ForecastReport.Observation(timestamp: nil, value: nil),
                            calibrationWindows: s.calibration?.windows, choice: choices[s.id])
                 },
                 skipped: result.skipped.map { CollectionBacktestReport.Skipped(uniqueId: $0.id, reason: $0.reason) },
                 points: points, stamp: stamp)
    }

    // MARK: CSV

    public var tables: [CSVTable] {
        [CSVTable(header: ["unique_id", "timestamp", "step", "forecast"] + result.levels.flatMap { ["lo_\($0)", "hi_\($0)"] },
                  rows: points.map { p in
                      [p.id, p.timestamp?.iso8601 ?? "", "\(p.step)", CSVTable.cell(p.forecast)]
                          + p.bounds.flatMap { [CSVTable.cell($0.lower), CSVTable.cell($0.upper)] }
                  })]
    }

    // MARK: HDF5

    public func hdf5Group() throws -> HDF5Group {
        let series = result.forecasts, h = horizon, levels = result.levels
        var forecast: [Double] = [], lower: [Double] = [], upper: [Double] = []
        var time: [Timestamp] = []
        for s in series {
            forecast += s.forecast.values
            time += s.forecast.timestamps ?? Array(repeating: Timestamp(secondsSinceEpoch: 0), count: h)
            for interval in s.forecast.intervals {
                lower += interval.lower
                upper += interval.upper
            }
        }
        var variables = [
            HDF5Variable(name: "forecast", dimensions: ["series", "step"], values: .float64(forecast),
                         attributes: ["long_name": .string("\(model) forecast")]),
            HDF5Variable(name: "timestamp", dimensions: ["series", "step"], values: .timestamps(time)),
        ]
        if !levels.isEmpty {
            variables += [
                HDF5Variable(name: "lower", dimensions: ["series", "level", "step"], values: .float64(lower),
                             attributes: ["long_name": .string("lower bound of the prediction interval")]),
                HDF5Variable(name: "upper", dimensions: ["series", "level", "step"], values: .float64(upper),
                             attributes: ["long_name": .string("upper bound of the prediction interval")]),
            ]
        }
        var attributes = try stampAttributes()
        attributes.merge(["title": .string("\(model) forecasts of \(series.count) series"), "model": .string(model),
                          "horizon": .int64(Int64(h))]) { _, new in new }
        return HDF5Group(attributes: attributes,
                         dimensions: [.labels("series", series.map(\.id)), .integers("step", (1...max(h, 1)).map(Int64.init))]
                             + (levels.isEmpty ? [] : [.integers("level", levels.map(Int64.init))]),
                         variables: variables)
    }

    /// Small multiples of the series `ids`: each series' last `historyRows` rows of history (default
    /// four seasons or four horizons, whichever is longer), its forecast and its interval bands, as
    /// the chart of one series' forecast.
    /// - Throws: ``CollectionReportError/unknownSeries(_:available:)`` for an id without a forecast.
    public func chart(series ids: [String], of collection: SeriesCollection, historyRows: Int? = nil) throws -> SVGGrid {
        let members = Dictionary(uniqueKeysWithValues: collection.members.map { ($0.id, $0) })
        let forecasts = Dictionary(uniqueKeysWithValues: result.forecasts.map { ($0.id, $0.forecast) })
        let panels = try ids.map { id -> SVGChart in
            guard let member = members[id], let forecast = forecasts[id] else {
                throw CollectionReportError.unknownSeries(id, available: result.forecasts.map(\.id))
            }
            let season = member.series.inferFrequency().seasonalPeriod ?? forecast.horizon
            var panel = try ForecastReport.chart(of: forecast, after: member.series, title: "\(id): \(model) forecast, \(forecast.horizon) steps",
                                                 historyRows: historyRows ?? 4 * max(season, forecast.horizon))
            panel.width = 640
            panel.height = 300
            return panel
        }
        return SVGGrid(title: "\(model) forecasts of \(result.forecasts.count) series, \(horizon) steps", panels: panels, columns: 2)
    }
}
