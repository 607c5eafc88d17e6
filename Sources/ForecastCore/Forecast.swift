/// What every forecaster returns: the values forecast for the steps after a series' last row, with
/// their dates, and room for prediction intervals per step.
///
/// The outputs (terminal table, CSV, JSON, HDF5, SVG) and backtest points are all built from it.
///
/// ```swift
/// let forecast = try fitted.forecast(after: series)
/// forecast.values          // [7.17, 6.9, …], one per step, in the target's units
/// forecast.timestamps      // [2016-01-01T00:00:00Z, …] on the series' grid; nil if irregular
/// ```
public struct Forecast: Sendable, Equatable {
    /// Name of the model that made it: `lstm`, `seasonal-naive`, ….
    public var model: String
    /// The column forecast.
    public var target: String
    /// Timestamp of the last row the model saw (the forecast origin); `nil` for an empty history.
    public var origin: Timestamp?
    /// Dates of steps 1…h on the history's grid (business days skip weekends); `nil` when the
    /// history's frequency is irregular, so steps are only numbered.
    public var timestamps: [Timestamp]?
    /// The point forecast of each step, in the target's units.
    public var values: [Double]
    /// Prediction intervals, one per level; empty when none were computed.
    public var intervals: [PredictionInterval]

    /// A forecast; `timestamps` (when given) and each interval have one entry per value.
    public init(model: String, target: String, origin: Timestamp?, timestamps: [Timestamp]?, values: [Double],
                intervals: [PredictionInterval] = []) {
        precondition(timestamps == nil || timestamps!.count == values.count, "one timestamp per forecast value")
        precondition(intervals.allSatisfy { $0.lower.count == values.count && $0.upper.count == values.count },
                     "interval bounds for every step")
        self.model = model
        self.target = target
        self.origin = origin
        self.timestamps = timestamps
        self.values = values
        self.intervals = intervals
    }

    /// The forecast of `values` for the steps after the last row of `history`, dated on
    /// `frequency` (default: the history's inferred frequency).
    public init(model: String, target: String, after history: TimeSeries, values: [Double], frequency: Frequency? = nil) {
        let origin = history.timestamps.last
        var timestamps: [Timestamp]? = nil
        if let origin {
            let dates = (frequency ?? history.inferFrequency()).timestamps(after: origin, count: values.count)
            if dates.count == values.count { timestamps = dates }
        }
        self.init(model: model, target: target, origin: origin, timestamps: timestamps, values: values)
    }

    /// The forecast without its first `count` steps (the gap rows of a backtest), intervals included.
    public func droppingFirst(_ count: Int) -> Forecast {
        guard count > 0 else { return self }
        return Forecast(model: model, target: target, origin: origin, timestamps: timestamps.map { Array($0.dropFirst(count)) },
                        values: Array(values.dropFirst(count)),
                        intervals: intervals.map {
                            PredictionInterval(level: $0.level, lower: Array($0.lower.dropFirst(count)), upper: Array($0.upper.dropFirst(count)))
                        })
    }

    /// Steps ahead forecast, h.
    public var horizon: Int { values.count }

    /// Steps 1…h.
    public var steps: [Int] { horizon == 0 ? [] : Array(1...horizon) }

    public static func == (lhs: Forecast, rhs: Forecast) -> Bool {
        lhs.model == rhs.model && lhs.target == rhs.target && lhs.origin == rhs.origin && lhs.timestamps == rhs.timestamps
            && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            && lhs.intervals == rhs.intervals
    }
}

/// A central prediction interval at one level for every step of a ``Forecast``.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent, e.g. 80 for an 80 % interval (written as `lo_80` / `hi_80`).
    public var level: Int
    /// Lower bound of each step, in the target's units.
    public var lower: [Double]
    /// Upper bound of each step.
    public var upper: [Double]

    public init(level: Int, lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count, "one lower and one upper bound per step")
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}
