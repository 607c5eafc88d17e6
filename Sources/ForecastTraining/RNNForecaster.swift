import ForecastCore
import ForecastNN
import ForecastPreprocessing

/// How ``RNNForecaster`` turns a series into a trained network: which columns, how many steps back,
/// which cells, how scaled, how trained.
public struct RNNForecasterConfiguration: Sendable, Equatable, Codable {
    /// Recurrent cell of every layer. Default: LSTM.
    public var cell: CellKind = .lstm
    /// Units per recurrent layer, first to last. Default: `[64, 64]`.
    public var units: [Int] = [64, 64]
    /// GRU only: Keras' `reset_after`. Default: `true`, as in Keras.
    public var gruResetAfter = true
    /// Input steps per window; `nil` takes two seasonal periods of the series' frequency.
    public var lookback: Int?
    /// Columns fed to the network besides the target (the target is always the first input):
    /// past-only covariates, known up to the forecast origin.
    public var features: [String] = []
    /// Known-future covariates (``FutureInputs``): columns whose values are known for the steps
    /// forecast too, fed as the calendar is (each row carries the value one horizon later). `nil`
    /// or empty: none.
    public var futureFeatures: [String]?
    /// How every input column and the target are scaled; fitted on the training rows only.
    /// Default: standard (z-score).
    public var scaler: ScalerKind = .standard
    /// How missing input values are filled; `nil` refuses them with an error naming the first.
    public var fill: MissingValueFill?
    /// Fraction of the rows at the end of the series whose windows are held out for validation and
    /// early stopping. Default: 0.1.
    public var validationFraction = 0.1
    /// What the target's window values are measured from; `nil` means ``WindowAnchor/none``
    /// (levels). ``WindowAnchor/last`` trains on changes from each window's last value, and fits the
    /// target's scaler on those changes in the training windows.
    public var anchor: WindowAnchor?
    /// Calendar features fed to the network as known-future inputs (``CalendarInputs``); `nil` or
    /// empty: none.
    public var calendar: [CalendarFeature]?
    /// The holidays of the `holiday` calendar feature; `nil`: the United States federal holidays.
    public var holidays: HolidayCalendar?
    /// A transform of the target before scaling, undone on the forecast; `nil`: none. Box–Cox without
    /// λ is estimated on the training rows, and a fitted model's configuration holds the λ used.
    public var transform: TargetTransform?
    /// The season (steps) of ``WindowAnchor/season``; `nil` takes the frequency's. A fitted model's
    /// configuration holds the value used.
    public var season: Int?
    /// Candidate seasons of ``WindowAnchor/season`` when there are several (`--season 24,168`): the
    /// anchor takes the longest that lies between the horizon and the lookback, and a fitted model's
    /// ``season`` holds it. `nil`: ``season`` alone.
    public var seasons: [Int]?
    /// Whether forecasts are clipped at 0. Set when fitting: `true` when the target has no negative
    /// value in the training rows.
    public var nonNegative: Bool?
    /// A global model's code for the series (``SeriesCode``), fed as inputs after the calendar;
    /// `nil`: none (a network of one series, or a global model without series identity).
    public var seriesCode: SeriesCode?
    /// Optimizer, epochs, early stopping, seed, threads.
    public var training = TrainingConfiguration()

    public init() {}

    /// The lookback used for a series of `frequency`: ``lookback`` when set, else two seasonal periods.
    /// - Throws: ``ForecastingError/lookbackUnknown(frequency:)`` when neither is available.
    public func effectiveLookback(for frequency: Frequency) throws -> Int {
        if let lookback { return lookback }
        guard let season = frequency.seasonalPeriod else { throw ForecastingError.lookbackUnknown(frequency: frequency.description) }
        return 2 * season
    }
}

/// Errors of turning a series into a forecast that are not about the network itself.
public enum ForecastingError: HistoryLengthError, Equatable, CustomStringConvertible {
    case lookbackUnknown(frequency: String)
    case horizonUnknown(frequency: String)
    case constantTarget(column: String, value: Double)
    case targetAlsoFeature(column: String)
    case tooFewValidationRows(rows: Int, needed: Int)
    case seasonUnknown(frequency: String)
    /// No candidate season lies between the horizon and the lookback.
    case seasonOutOfWindow(seasons: [Int], horizon: Int, lookback: Int)

    public var description: String {
        switch self {
        case let .lookbackUnknown(frequency):
            return "the series is \(frequency), so no default lookback follows from it; give --lookback"
        case let .horizonUnknown(frequency):
            return "the series is \(frequency), so no default horizon follows from it; give --horizon"
        case let .constantTarget(column, value):
            return "column \"\(column)\" is constant (\(value)) over the training part: there is nothing to learn; "
                + "choose another --target, or use a naive forecast"
        case let .targetAlsoFeature(column):
            return "--features names the target \"\(column)\"; the target is always an input, list only other columns"
        case let .seasonUnknown(frequency):
            return "the series is \(frequency), so no season follows from it; give --season for --anchor season"
        case let .seasonOutOfWindow(seasons, horizon, lookback):
            let raise = seasons.filter { $0 >= horizon }.min().map { "raise --lookback to \($0) or more, or " } ?? ""
            if seasons.count == 1, let season = seasons.first {
                return "--anchor season needs the values one season (\(season) steps) before each forecast step inside the window: "
                    + "a season of at least --horizon (\(horizon)) and at most --lookback (\(lookback)); \(raise)change --season"
            }
            return "--anchor season needs the values one season before each forecast step inside the window: none of --season "
                + "\(seasons.map(String.init).joined(separator: ",")) is at least --horizon (\(horizon)) and at most --lookback (\(lookback)); "
                + "\(raise)change --season"
        case let .tooFewValidationRows(rows, needed):
            return "the validation part has \(rows) rows but one validation window needs \(needed) (the horizon); "
                + "raise --validation-fraction or shorten --horizon"
        }
    }

    public var isHistoryTooShort: Bool {
        if case .tooFewValidationRows = self { return true }
        return false
    }
}

/// A stacked recurrent network as a ``Forecaster``: windows the history, scales every column on the
/// training rows only, trains with early stopping on the last part of the history, and forecasts the
/// `horizon` steps after the end.
///
/// ```swift
/// var configuration = RNNForecasterConfiguration()
/// configuration.cell = .gru
/// let fitted = try RNNForecaster(configuration).fitRNN(on: series, target: "temp_f", horizon: 24)
/// let next24 = try fitted.forecast(after: series)
/// ```
public struct RNNForecaster: Forecaster {
    public var configuration: RNNForecasterConfiguration
    /// Called after every epoch (from the training thread).
    public var progress: (@Sendable (EpochReport) -> Void)?

    public init(_ configuration: RNNForecasterConfiguration, progress: (@Sendable (EpochReport) -> Void)? = nil) {
        self.configuration = configuration
        self.progress = progress
    }

    public var name: String { configuration.cell.rawValue }

    public var knownFutureColumns: [String] { configuration.futureFeatures ?? [] }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try fitRNN(on: history, target: target, horizon: horizon)
    }

    /// ``fit(on:target:horizon:)`` with the concrete result, which also carries the training history,
    /// the split and validation predictions.
    public func fitRNN(on history: TimeSeries, target: String, horizon: Int) throws -> FittedRNN {
        let data = try NetworkTrainingData(history, target: target, horizon: horizon, configuration: configuration)
        let config = data.configuration
        let trainingWindows = data.trainingWindows, validationWindows = data.validationWindows
        let architecture = ModelArchitecture(cell: config.cell, hiddenSizes: config.units, features: data.spec.features,
                                             horizon: horizon, gruResetAfter: config.gruResetAfter)
        let trainer = Trainer(configuration: config.training)
        let clock = ContinuousClock(), start = clock.now
        let result = try trainer.train(
            architecture: architecture,
            training: try TrainingWindows(windows: trainingWindows),
            validation: validationWindows.count > 0 ? try TrainingWindows(windows: validationWindows) : nil,
            progress: progress)
        let elapsed = clock.now - start
        return FittedRNN(configuration: config, network: result.network, history: result.history, spec: data.spec,
                         scalers: data.scalers, split: data.split, validationWindows: validationWindows,
                         validationAnchors: data.validationAnchors, trainingWindowCount: trainingWindows.count,
                         trainingSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}

/// A trained network with the scalers and window spec it was trained with, and how it was trained.
///
/// Forecasts through ``Network/forecast(after:spec:scalers:fill:anchor:)``, the path a saved model
/// takes too (a model file of it forecasts bit for bit the same).
public struct FittedRNN: FittedForecaster {
    public var configuration: RNNForecasterConfiguration
    /// The trained network: ``configuration``'s stacked architecture.
    public var network: Network
    public var history: TrainingHistory
    /// Lookback, horizon, input columns (target first).
    public var spec: WindowSpec
    /// One scaler per input column, in ``WindowSpec/inputColumns`` order (the target's first; with
    /// ``WindowAnchor/last``, the scaler of the target's changes).
    public var scalers: [Scaler]
    /// The rows trained on and the rows validated on.
    public var split: ChronologicalSplit
    /// The validation windows (scaled), for validation predictions.
    public var validationWindows: Windows
    /// Per validation window and step (`[windows, horizon]`), the value its forecast of changes is
    /// added to (0 without an anchor).
    public var validationAnchors: [Double]
    /// Number of windows trained on.
    public var trainingWindowCount: Int
    /// Wall time of training.
    public var trainingSeconds: Double

    public init(configuration: RNNForecasterConfiguration, network: Network, history: TrainingHistory, spec: WindowSpec,
                scalers: [Scaler], split: ChronologicalSplit, validationWindows: Windows, validationAnchors: [Double] = [],
                trainingWindowCount: Int,
                trainingSeconds: Double) {
        self.configuration = configuration
        self.network = network
        self.history = history
        self.spec = spec
        self.scalers = scalers
        self.split = split
        self.validationWindows = validationWindows
        self.validationAnchors = validationAnchors.isEmpty
            ? Array(repeating: 0, count: validationWindows.count * spec.horizon) : validationAnchors
        self.trainingWindowCount = trainingWindowCount
        self.trainingSeconds = trainingSeconds
    }

    /// Forecasts the `horizon` steps after the last row of `history`, from its last `lookback` rows.
    public func forecast(after history: TimeSeries) throws -> Forecast {
        try forecast(after: history, knownFuture: nil)
    }

    /// Forecasts as ``forecast(after:)``, with the known-future columns' values for the steps
    /// forecast (row k is step k + 1); required when ``RNNForecasterConfiguration/futureFeatures`` is set.
    public func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        try network.forecast(after: history, spec: spec, scalers: scalers, fill: configuration.fill, configuration: configuration,
                             knownFuture: knownFuture)
    }

    /// Predictions for every validation window, inverse-scaled: `[windows][horizon]`, with the row of
    /// each window's first target.
    public func validationPredictions() throws -> (firstTargetRows: [Int], values: [[Double]]) {
        let w = validationWindows
        guard w.count > 0 else { return ([], []) }
        let p = try network.predict(w.inputs, count: w.count, time: spec.lookback)
        let h = spec.horizon
        return (w.firstTargetRows, (0..<w.count).map { i in
            (0..<h).map { scalers[0].inverseTransform(Double(p[i * h + $0])) + validationAnchors[i * h + $0] }
        })
    }
}

extension TrainingWindows {
    /// Training windows from cut ``Windows``.
    public init(windows: Windows) throws(TrainingError) {
        try self.init(inputs: windows.inputs, targets: windows.targets, count: windows.count,
                      time: windows.spec.lookback, features: windows.spec.features, horizon: windows.spec.horizon)
    }
}
