import ForecastCore
import ForecastEvaluation
import ForecastIO

/// Everything `forecast predict` reports — the forecast, the model behind it, the series' last
/// value and a seasonal-naive reference — in every output format.
///
/// JSON (`schema_version`, `command`, `target`, `features`, `frequency`, `model`, `training`,
/// `last_observed`, `points`, `stamp`); CSV (one row per step: `timestamp, step, forecast`, then
/// `lo_<level>, hi_<level>` per interval and `seasonal_naive`); HDF5 (a `time` coordinate with
/// `forecast`, `step`, interval and `seasonal_naive` variables, the stamp as root attributes).
public struct ForecastReport: Report {
    public var forecast: Forecast
    /// The series forecast after (for the last observation, the reference and the chart).
    public var series: TimeSeries
    public var frequency: Frequency
    public var model: ModelSummary
    /// Input columns besides the target: past-only features, then known-future ones.
    public var features: [String]
    /// The seasonal-naive forecast of the same steps (the value one season earlier); `nil` when the
    /// frequency has no season or the series is shorter than one.
    public var seasonalNaive: [Double]?
    /// How the intervals were calibrated; `nil` without intervals.
    public var calibration: CalibrationSummary?
    public var stamp: ReproducibilityStamp

    /// The `calibration` object of the predict document.
    public struct CalibrationSummary: Sendable, Equatable, Codable {
        public var levels: [Int]
        public var method: String
        /// Calibration windows (rolling-origin forecasts per step).
        public var windows: Int
        /// Wall time of the calibration refits; `null` when the calibration was read from a model file.
        @NullWhenAbsent public var seconds: Double?

        public init(levels: [Int], method: String, windows: Int, seconds: Double?) {
            self.levels = levels
            self.method = method
            self.windows = windows
            self.seconds = seconds
        }
    }

    /// A report of `forecast`, made after `series` by `model`; computes the seasonal-naive reference.
    /// - Parameter season: the reference's season; `nil` takes the frequency's.
    public init(forecast: Forecast, series: TimeSeries, model: ModelSummary, features: [String],
                calibration: CalibrationSummary? = nil, season: Int? = nil, stamp: ReproducibilityStamp) {
        self.calibration = calibration
        self.forecast = forecast
        self.series = series
        frequency = series.inferFrequency()
        self.model = model
        self.features = features
        self.stamp = stamp
        seasonalNaive = try? SeasonalNaiveForecaster(season: season).fit(on: series, target: forecast.target, horizon: forecast.horizon)
            .forecast(after: series).values
    }

    // MARK: JSON

    public struct Document: Encodable {
        public var command: String
        public var target: String
        public var features: [String]
        public var frequency: String
        public var model: ModelSummary
        public var training: ModelSummary.TrainingSummary
        public var lastObserved: Observation
        @NullWhenAbsent public var calibration: CalibrationSummary?
        public var points: [Point]
        public var stamp: ReproducibilityStamp
    }

    /// A timestamp and the target's value there.
    public struct Observation: Encodable {
        @NullWhenAbsent public var timestamp: Timestamp?
        @NullWhenAbsent public var value: Double?
    }

    /// One forecast step: the same columns as a CSV row.
    public struct Point: Encodable {
        public var cells: [(key: String, value: PointValue)]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in cells {
                switch value {
                case .number(let v): try c.encode(v, forKey: AnyCodingKey(key))
                case .integer(let v): try c.encode(v, forKey: AnyCodingKey(key))
                case .timestamp(let v): try c.encode(v, forKey: AnyCodingKey(key))
                }
            }
        }
    }

    public enum PointValue {
        case number(Double?)
        case integer(Int)
        case timestamp(Timestamp?)
    }

    /// The columns of each step, in order: `timestamp`, `step`, `forecast`, `lo_<l>`/`hi_<l>`,
    /// `seasonal_naive`.
    public var columns: [String] {
        ["timestamp", "step", "forecast"] + forecast.intervals.flatMap { ["lo_\($0.level)", "hi_\($0.level)"] }
            + ["seasonal_naive"]
    }

    public var points: [Point] {
        (0..<forecast.horizon).map { i in
            var cells: [(String, PointValue)] = [("timestamp", .timestamp(forecast.timestamps?[i])), ("step", .integer(i + 1)),
                                                ("forecast", .number(forecast.values[i]))]
            for interval in forecast.intervals {
                cells.append(("lo_\(interval.level)", .number(interval.lower[i])))
                cells.append(("hi_\(interval.level)", .number(interval.upper[i])))
            }
            cells.append(("seasonal_naive", .number(seasonalNaive?[i])))
            return Point(cells: cells)
        }
    }

    public var lastObserved: Observation {
        Observation(timestamp: series.timestamps.last, value: (try? series.column(named: forecast.target))?.values.last)
    }

    public var document: Document {
        Document(command: stamp.command, target: forecast.target, features: features, frequency: frequency.code, model: model,
                 training: model.training, lastObserved: lastObserved, calibration: calibration, points: points, stamp: stamp)
    }

    // MARK: CSV

    public var tables: [CSVTable] {
        [CSVTable(header: columns, rows: points.map { point in
            point.cells.map { _, value in
                switch value {
                case .number(let v): return CSVTable.cell(v)
                case .integer(let v): return String(v)
                case .timestamp(let t): return t?.iso8601 ?? ""
                }
            }
        })]
    }

    // MARK: HDF5

    /// Layout B of the HDF5 reader: a `time` coordinate (datetime64 in xarray) and `forecast`,
    /// `step`, interval and `seasonal_naive` variables, with the target, model settings and stamp as
    /// root attributes. Irregular series get steps 1…h, as seconds since the epoch, for times.
    public func hdf5Group() throws -> HDF5Group {
        let target = forecast.target, h = forecast.horizon
        var attributes = try stampAttributes()
        attributes.merge([
            "title": .string("forecast of \(target)"),
            "target": .string(target),
            "features": .strings(features),
            "model": .string(model.name),
            "units": .int64s(model.units.map(Int64.init)),
            "lookback": .int64(Int64(model.lookback)),
            "horizon": .int64(Int64(h)),
            "frequency": .string(frequency.code),
            "epochs_run": .int64(Int64(model.training.epochsRun)),
        ]) { _, new in new }
        let times = forecast.timestamps ?? (1...h).map { Timestamp(secondsSinceEpoch: Int64($0)) }
        var variables = [
            HDF5Variable(name: "forecast", dimensions: ["time"], values: .float64(forecast.values),
                         attributes: ["long_name": .string("forecast of \(target)"), "target": .string(target)]),
            HDF5Variable(name: "step", dimensions: ["time"], values: .int64((1...h).map(Int64.init)),
                         attributes: ["long_name": .string("steps ahead of the last observation")]),
        ]
        for interval in forecast.intervals {
            variables.append(HDF5Variable(name: "lo_\(interval.level)", dimensions: ["time"], values: .float64(interval.lower),
                                          attributes: ["long_name": .string("lower bound of the \(interval.level) % interval")]))
            variables.append(HDF5Variable(name: "hi_\(interval.level)", dimensions: ["time"], values: .float64(interval.upper),
                                          attributes: ["long_name": .string("upper bound of the \(interval.level) % interval")]))
        }
        if let seasonalNaive {
            variables.append(HDF5Variable(name: "seasonal_naive", dimensions: ["time"], values: .float64(seasonalNaive),
                                          attributes: ["long_name": .string("the value one season earlier (seasonal naive)")]))
        }
        return HDF5Group(attributes: attributes, dimensions: [.time(times)], variables: variables)
    }
}

/// A coding key with any name, for documents whose keys are data (interval levels).
public struct AnyCodingKey: CodingKey, ExpressibleByStringLiteral {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init(stringLiteral value: String) { stringValue = value }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { stringValue = String(intValue) }
}

extension ForecastReport {
    /// Rows of history a chart shows by default: four seasons or four horizons, whichever is longer
    /// (hourly: the last four days), so the forecast takes a visible share of the width.
    public var defaultChartHistory: Int {
        4 * max(frequency.seasonalPeriod ?? forecast.horizon, forecast.horizon)
    }

    /// The last `historyRows` rows of history (default ``defaultChartHistory``), the validation fit one
    /// step ahead within them when given, the forecast from the last observation, and a band per
    /// interval level (the widest lightest).
    /// - Parameter validation: the first target row and the forecast of each validation window
    ///   (``FittedRNN/validationPredictions()``); empty for a loaded model.
    public func chart(historyRows: Int? = nil, validationStartRow: Int? = nil,
                      validation: (firstTargetRows: [Int], values: [[Double]]) = ([], [])) throws -> SVGChart {
        try Self.chart(of: forecast, after: series, title: "\(forecast.target): \(model.name.uppercased()) forecast, \(forecast.horizon) steps",
                       historyRows: historyRows ?? defaultChartHistory, validationStartRow: validationStartRow, validation: validation)
    }

    /// The chart of ``chart(historyRows:validationStartRow:validation:)`` for any forecast after `series`.
    public static func chart(of forecast: Forecast, after series: TimeSeries, title: String, historyRows: Int,
                             validationStartRow: Int? = nil,
                             validation: (firstTargetRows: [Int], values: [[Double]]) = ([], [])) throws -> SVGChart {
        let target = forecast.target
        var chart = SVGChart(title: title, yLabel: target)
        let column = try series.column(named: target).values
        let start = max(0, series.count - historyRows)
        let fit = zip(validation.firstTargetRows, validation.values).filter { $0.0 >= start }
        if !fit.isEmpty {
            chart.add(.init(name: "validation fit (1 step)", points: fit.map { (series.timestamps[$0.0], $0.1[0]) }, color: "#8da0cb"))
        }
        chart.add(.init(name: "history", points: (start..<series.count).map { (series.timestamps[$0], column[$0]) }, color: "#333333"))
        if let timestamps = forecast.timestamps, let last = series.timestamps.last, let lastValue = column.last {
            let origin = [(last, lastValue)]
            chart.add(.init(name: "forecast", points: origin + Array(zip(timestamps, forecast.values)), color: "#dd8452", dashed: true))
            let intervals = forecast.intervals.sorted { $0.level > $1.level }
            for (i, interval) in intervals.enumerated() {
                let points = [(last, lastValue, lastValue)] + timestamps.indices.map { (timestamps[$0], interval.lower[$0], interval.upper[$0]) }
                chart.add(SVGChart.Band(name: "\(interval.level) % interval", points: points, color: "#dd8452",
                                        opacity: 0.15 + 0.15 * Double(i)))
            }
            chart.markers = [(last, "origin")]
            if let v = validationStartRow, v >= start, v < series.count { chart.markers.append((series.timestamps[v], "validation")) }
        }
        return chart
    }
}
