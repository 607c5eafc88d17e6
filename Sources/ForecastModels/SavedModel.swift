import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// A trained forecasting model with everything it needs to forecast a new series without
/// training: the network and its weights (any ``Network``: a stacked regressor trained here or a
/// Keras import), the input columns (target first), lookback, horizon,
/// one scaler per input column, the missing-value fill, and what is known of how it was trained.
///
/// Made from a ``FittedRNN`` (``init(fitted:frequency:source:)``, which takes its network as is),
/// read from a model file (``ModelFile/load(_:)``) or imported from Keras (``KerasModelImporter``).
/// It forecasts through the path a ``FittedRNN`` forecasts through,
/// ``Network/forecast(after:spec:scalers:fill:anchor:)``, so a saved model forecasts bit for bit
/// what the run that trained it did.
///
/// ```swift
/// let model = try ModelFile.load("model.h5")
/// let next = try model.forecast(after: series)     // model.spec.horizon values
/// ```
public struct SavedModel: Sendable {
    public var network: Network
    /// Lookback, horizon (the network's outputs), input columns (target first) and target.
    public var spec: WindowSpec
    /// One scaler per input column, in ``WindowSpec/inputColumns`` order; the target's (first)
    /// also inverse-scales the forecasts.
    public var scalers: [Scaler]
    /// How missing inputs are filled before forecasting; `nil` refuses them.
    public var fill: MissingValueFill?
    /// The training series' frequency code (``Frequency/code``), when known.
    public var frequency: String?
    /// The forecaster configuration of a model trained by `forecast`; `nil` for imports.
    public var configuration: RNNForecasterConfiguration?
    /// Losses per epoch and early-stopping outcome; empty for imports.
    public var history: TrainingHistory
    /// Windows trained on (0 when unknown).
    public var trainingWindowCount: Int
    /// Windows of the validation part (early stopping); `nil` when unknown (files written before it
    /// was recorded, Keras imports).
    public var validationWindowCount: Int?
    /// Wall time of training in seconds (0 when unknown).
    public var trainingSeconds: Double
    /// Where the model came from: `forecast 0.1.0`, `keras 3.15.1`, ….
    public var source: String
    /// Conformal interval calibration made when it was trained (`forecast train --level`); every
    /// forecast then carries its intervals. `nil` without.
    public var calibration: ConformalCalibration?
    /// For a seed ensemble (``EnsembleForecaster``): the other members' networks, the seeds and the
    /// reduction; ``network`` is member 0. `nil` for one network.
    public var ensemble: SavedEnsemble?
    /// How the model was chosen by `--models auto` (``AutoSelectionRecord``); `nil` otherwise.
    public var selection: AutoSelectionRecord?
    /// A global network's series (the first one's spec, scalers and configuration are the fields
    /// above); empty for a model of one series.
    public var members: [Member] = []
    /// How a global network prepares a series it was not trained on; `nil` for a model of one series.
    public var global: SavedGlobalSpec?

    public init(network: Network, spec: WindowSpec, scalers: [Scaler], fill: MissingValueFill? = nil,
                frequency: String? = nil, configuration: RNNForecasterConfiguration? = nil,
                history: TrainingHistory = TrainingHistory(), trainingWindowCount: Int = 0, trainingSeconds: Double = 0,
                source: String, calibration: ConformalCalibration? = nil) throws(ModelFileError) {
        guard spec.inputColumns.count == network.features else {
            throw .invalid(what: "input columns", problem: "\(spec.inputColumns.count) columns (\(spec.inputColumns.joined(separator: ", "))) "
                           + "for a network of \(network.features) input features; expected one column per feature")
        }
        guard spec.horizon == network.outputs else {
            throw .invalid(what: "horizon", problem: "\(spec.horizon) for a network of \(network.outputs) outputs; expected them equal")
        }
        guard scalers.count == spec.inputColumns.count else {
            throw .invalid(what: "scalers", problem: "\(scalers.count) scalers for \(spec.inputColumns.count) input columns; expected one per column")
        }
        guard spec.lookback >= 1 else { throw .invalid(what: "lookback", problem: "\(spec.lookback); expected at least 1 step") }
        for (name, s) in zip(spec.inputColumns, scalers) where !(s.scale.isFinite && s.scale != 0 && s.offset.isFinite) {
            throw .invalid(what: "scaler of \"\(name)\"", problem: "offset \(s.offset), scale \(s.scale); expected finite numbers and a nonzero scale")
        }
        self.network = network
        self.spec = spec
        self.scalers = scalers
        self.fill = fill
        self.frequency = frequency
        self.configuration = configuration
        self.history = history
        self.trainingWindowCount = trainingWindowCount
        self.trainingSeconds = trainingSeconds
        self.source = source
        if let calibration, calibration.horizon != spec.horizon {
            throw .invalid(what: "calibration", problem: "\(calibration.horizon) steps for a horizon of \(spec.horizon); expected them equal")
        }
        self.calibration = calibration
    }

    /// The model of a fitted forecaster, trained on a series of `frequency`.
    public init(fitted: FittedRNN, frequency: Frequency, calibration: ConformalCalibration? = nil,
                source: String = "forecast \(ForecastVersion.current)") {
        self.calibration = calibration
        network = fitted.network
        spec = fitted.spec
        scalers = fitted.scalers
        fill = fitted.configuration.fill
        self.frequency = frequency.code
        configuration = fitted.configuration
        history = fitted.history
        trainingWindowCount = fitted.trainingWindowCount
        validationWindowCount = fitted.validationWindows.count
        trainingSeconds = fitted.trainingSeconds
        self.source = source
    }

    /// Target column (the first input column).
    public var target: String { spec.targetColumn }

    /// Columns the model reads that `series` lacks, in model order; empty when all are there.
    public func missingColumns(in series: TimeSeries) -> [String] {
        fileColumns.filter { !series.columnNames.contains($0) }
    }

    /// The columns read from the file, target first: the network's inputs but the calendar ones,
    /// which come from the timestamps; the known-future columns last.
    /// (A combination's members may read different columns: every one of them, in member order.)
    public var fileColumns: [String] {
        var columns = configuration.map { [target] + $0.features + ($0.futureFeatures ?? []) } ?? spec.inputColumns
        for c in ensemble?.settings.map(\.configuration) ?? [] {
            for f in c.features + (c.futureFeatures ?? []) where !columns.contains(f) { columns.append(f) }
        }
        return columns
    }

    /// The columns whose values the forecast needs for the steps ahead too
    /// (``RNNForecasterConfiguration/futureFeatures``, every member's); empty for most models.
    public var knownFutureColumns: [String] {
        var columns = configuration?.futureFeatures ?? []
        for c in ensemble?.settings.map(\.configuration) ?? [] {
            for f in c.futureFeatures ?? [] where !columns.contains(f) { columns.append(f) }
        }
        return columns
    }

    /// Forecasts the `horizon` steps after the last row of `history`, from its last `lookback` rows,
    /// scaled with the stored scalers and inverse-scaled with the target's (from the last target
    /// value for a model trained with ``WindowAnchor/last``).
    /// - Throws: ``ModelFileError/missingColumns(model:columns:available:)`` when a column the model
    ///   reads is absent; ``WindowingError`` when the series is shorter than the lookback or a value
    ///   is missing (and no fill is set).
    /// - Parameter knownFuture: for a model with ``knownFutureColumns``, their values in the
    ///   `horizon` steps after `history` (row k is step k + 1).
    public func forecast(after history: TimeSeries, knownFuture: TimeSeries? = nil, modelPath: String = "model") throws -> Forecast {
        let missing = missingColumns(in: history)
        if !missing.isEmpty { throw ModelFileError.missingColumns(model: modelPath, columns: missing, available: history.columnNames) }
        var forecast = try network.forecast(after: history, spec: spec, scalers: scalers, fill: fill, configuration: configuration,
                                            knownFuture: knownFuture)
        if let ensemble { forecast = try ensemble.combined(first: forecast, model: self, after: history, knownFuture: knownFuture) }
        return calibration.map { $0.applied(to: forecast) } ?? forecast
    }
}
