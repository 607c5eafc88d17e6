import ForecastCore
import ForecastEvaluation
import ForecastPreprocessing
import ForecastTraining

/// A baseline kept in a model file: what `forecast train --models auto --save` writes when the inner
/// backtest chose naive, seasonal naive, drift or mean over every network.
///
/// A baseline has no weights: it is a rule refitted on whatever history it forecasts after (the last
/// value, the last season, the line through the first and last values, the mean). The file keeps the
/// rule by name with its parameters resolved when it was chosen (the season, the moving-average
/// window, the fill), the horizon, the interval calibration (`train --level`) and how `auto` chose it,
/// so that `predict --model` forecasts any history with exactly what was chosen and says why.
///
/// ```swift
/// let baseline = try SavedBaseline(name: "seasonal-naive", target: "temp", horizon: 24, season: 24)
/// let next = try baseline.forecast(after: series)     // 24 values: the last 24 repeated
/// ```
public struct SavedBaseline: Sendable, Equatable {
    /// A catalog name of a baseline (``BaselineKind``, or `seasonal-naive:<m>`).
    public var name: String
    /// The column forecast.
    public var target: String
    /// Steps forecast.
    public var horizon: Int
    /// The season of `seasonal-naive`, resolved when it was chosen (the frequency's when none was
    /// given); `nil` for the other baselines.
    public var season: Int?
    /// Values the moving average averages. Default: 7.
    public var window: Int
    /// How missing values inside a history are filled before the rule reads it; `nil` refuses them.
    public var fill: MissingValueFill?
    /// The training series' frequency code (``Frequency/code``), when known.
    public var frequency: String?
    /// Interval calibration made when it was saved (`train --level`); `nil` without.
    public var calibration: ConformalCalibration?
    /// How `--models auto` chose it; `nil` otherwise.
    public var selection: AutoSelectionRecord?
    /// Who wrote it: `forecast 0.1.0`.
    public var source: String

    /// - Throws: ``ModelFileError/invalid(what:problem:)`` for a name that is no baseline, a horizon
    ///   below 1, or a calibration of another horizon.
    public init(name: String, target: String, horizon: Int, season: Int? = nil, window: Int = 7, fill: MissingValueFill? = nil,
                frequency: String? = nil, calibration: ConformalCalibration? = nil, selection: AutoSelectionRecord? = nil,
                source: String = "forecast \(ForecastVersion.current)") throws(ModelFileError) {
        guard Self.isBaseline(name) else {
            throw .invalid(what: "baseline", problem: "\"\(name)\"; expected one of "
                           + BaselineKind.allCases.map(\.rawValue).joined(separator: ", ") + " or seasonal-naive:<m>")
        }
        guard horizon >= 1 else { throw .invalid(what: "horizon", problem: "\(horizon); expected at least 1 step") }
        guard window >= 1 else { throw .invalid(what: "moving-average window", problem: "\(window); expected at least 1 value") }
        if let season, season < 1 { throw .invalid(what: "season", problem: "\(season); expected at least 1 step") }
        if let calibration, calibration.horizon != horizon {
            throw .invalid(what: "calibration", problem: "\(calibration.horizon) steps for a horizon of \(horizon); expected them equal")
        }
        self.name = name
        self.target = target
        self.horizon = horizon
        self.season = season
        self.window = window
        self.fill = fill
        self.frequency = frequency
        self.calibration = calibration
        self.selection = selection
        self.source = source
    }

    /// Whether `name` names a baseline: a ``BaselineKind`` or `seasonal-naive:<m>`.
    public static func isBaseline(_ name: String) -> Bool {
        BaselineKind(rawValue: name) != nil || ModelCatalog.explicitSeason(name) != nil
    }

    /// The rule, as the catalog builds it for a backtest (filling missing values when ``fill`` is set).
    public func forecaster() throws -> any Forecaster {
        var network = RNNForecasterConfiguration()
        network.fill = fill
        return try ModelCatalog(network: network, season: season, window: window).forecaster(named: name)
    }

    /// The ``horizon`` steps after the last row of `history`: the rule fitted on `history`'s target
    /// column, with the stored intervals when it has a calibration.
    /// - Throws: ``ModelFileError/missingColumns(model:columns:available:)`` when the target column
    ///   is absent; the baseline's errors (too short for the season, a missing value without fill).
    public func forecast(after history: TimeSeries, modelPath: String = "model") throws -> Forecast {
        guard history.columnNames.contains(target) else {
            throw ModelFileError.missingColumns(model: modelPath, columns: [target], available: history.columnNames)
        }
        let forecast = try forecaster().fit(on: history, target: target, horizon: horizon).forecast(after: history)
        return calibration.map { $0.applied(to: forecast) } ?? forecast
    }
}
