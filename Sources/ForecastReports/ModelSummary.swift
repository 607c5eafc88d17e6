import ForecastCore
import ForecastModels
import ForecastPreprocessing
import ForecastTraining

/// What outputs say about the model behind a forecast: a network trained in this run, or a model
/// loaded from a file. The `model` and `training` objects of the predict and train documents.
public struct ModelSummary: Sendable, Equatable, Encodable {
    /// `lstm`, `gru`, `rnn`, or `keras` for a network of other layers.
    public var name: String
    /// Units of the recurrent layers, first to last.
    public var units: [Int]
    /// The layers in one line: `LSTM 64,64`, or `Dense(3, elu) → LSTM(4) → Dense(2)`.
    public var architecture: String
    /// Input steps per window.
    public var lookback: Int
    /// Steps forecast.
    public var horizon: Int
    /// The model file read (`predict --model`) or written (`train --save`); `nil` otherwise.
    @NullWhenAbsent public var file: String?
    /// Where a loaded model came from (`forecast 0.1.0`, `keras 3.15.1`); `nil` when trained here.
    @NullWhenAbsent public var source: String?
    /// Whether forecasts are clipped at 0 (the target had no negative value in the training rows).
    public var nonNegative: Bool
    /// How it was trained; epoch counts are 0 for imported models.
    public var training: TrainingSummary

    /// The training part of a ``ModelSummary``.
    public struct TrainingSummary: Sendable, Equatable, Encodable {
        /// The loss minimized (`mse`, `mae`, `huber`); `nil` when unknown.
        @NullWhenAbsent public var loss: String?
        public var epochsRun: Int
        /// Epoch (1-based) whose weights were kept; 0 when unknown.
        public var bestEpoch: Int
        public var stoppedEarly: Bool
        /// Losses at the best epoch, in scaled units; `nil` when unknown.
        @NullWhenAbsent public var trainLoss: Double?
        @NullWhenAbsent public var valLoss: Double?
        public var trainingWindows: Int
        /// Windows of the validation part; `nil` when unknown (a model file written before it was
        /// recorded, or a Keras import).
        @NullWhenAbsent public var validationWindows: Int?
        /// Wall time of training (summed over the networks of an ensemble).
        public var seconds: Double
        /// Networks trained: 1, or the members of an ensemble or combination, whose epochs, losses and
        /// windows above are the first member's.
        public var networks = 1

        init(history: TrainingHistory, loss: String?, trainingWindows: Int, validationWindows: Int?, seconds: Double) {
            let best = max(history.bestEpoch, 1) - 1
            self.loss = loss
            epochsRun = history.epochsRun
            bestEpoch = history.bestEpoch
            stoppedEarly = history.stoppedEarly
            trainLoss = history.trainingLosses.indices.contains(best) ? history.trainingLosses[best] : nil
            valLoss = history.validationLosses.indices.contains(best) ? history.validationLosses[best] : nil
            self.trainingWindows = trainingWindows
            self.validationWindows = validationWindows
            self.seconds = seconds
        }
    }

    /// A model described by hand (a baseline, or a model from elsewhere): no training recorded.
    public init(name: String, units: [Int], architecture: String, lookback: Int, horizon: Int, file: String? = nil,
                source: String? = nil) {
        self.name = name
        self.units = units
        self.architecture = architecture
        self.lookback = lookback
        self.horizon = horizon
        self.file = file
        self.source = source
        nonNegative = false
        training = TrainingSummary(history: TrainingHistory(), loss: nil, trainingWindows: 0, validationWindows: 0, seconds: 0)
    }

    /// A network trained in this run (saved to `file`, if given).
    public init(fitted: FittedRNN, file: String? = nil) {
        let c = fitted.configuration
        name = c.cell.rawValue
        units = c.units
        architecture = Self.label(c)
        lookback = fitted.spec.lookback
        horizon = fitted.spec.horizon
        self.file = file
        source = nil
        nonNegative = c.nonNegative ?? false
        training = TrainingSummary(history: fitted.history, loss: c.training.loss.rawValue,
                                   trainingWindows: fitted.trainingWindowCount,
                                   validationWindows: fitted.validationWindows.count, seconds: fitted.trainingSeconds)
    }

    /// A model loaded from `file`.
    public init(loaded model: SavedModel, file: String) {
        let recurrent = model.network.layers.filter(\.isRecurrent)
        units = recurrent.map(\.units)
        if let cell = model.network.architecture?.cell {
            name = cell.rawValue
            architecture = model.configuration.map(Self.label) ?? "\(cell.rawValue.uppercased()) \(units.map(String.init).joined(separator: ","))"
        } else {
            name = "keras"
            architecture = model.network.layers.map(\.summary).joined(separator: " → ")
        }
        lookback = model.spec.lookback
        horizon = model.spec.horizon
        self.file = file
        source = model.source
        nonNegative = model.configuration?.nonNegative ?? false
        training = TrainingSummary(history: model.history, loss: model.configuration?.training.loss.rawValue,
                                   trainingWindows: model.trainingWindowCount, validationWindows: model.validationWindowCount,
                                   seconds: model.trainingSeconds)
        if let e = model.ensemble {
            training.networks = e.size
            architecture = Self.ensembleArchitecture(first: architecture, others: e.settings.map { Self.label($0.configuration) },
                                                     size: e.size, reduce: e.reduce)
        }
        if model.selection != nil { architecture += ", chosen by --models auto" }
    }

    /// A network's cell and sizes, with its anchor and calendar when set: `LSTM 32 anchor=last +calendar`.
    public static func label(_ c: RNNForecasterConfiguration) -> String {
        var text = "\(c.cell.rawValue.uppercased()) \(c.units.map(String.init).joined(separator: ","))"
        if let anchor = c.anchor { text += " anchor=\(anchor.rawValue)" }
        if !(c.calendar ?? []).isEmpty { text += " +calendar" }
        return text
    }

    /// An ensemble's architecture: a seed ensemble (`others` empty) as `LSTM 32 ×3 (mean of a seed
    /// ensemble)`, a combination of different networks as `LSTM 32 + GRU 32 + … (mean of a combination
    /// of 3 networks)`.
    public static func ensembleArchitecture(first: String, others: [String], size: Int, reduce: EnsembleReduce) -> String {
        guard !others.isEmpty else { return "\(first) ×\(size) (\(reduce.rawValue) of a seed ensemble)" }
        return EnsembleForecaster.combinationName([first] + others) + " (\(reduce.rawValue) of a combination of \(size) networks)"
    }

    /// ``training`` is a sibling object of the documents (`training`), not nested under `model`.
    enum CodingKeys: String, CodingKey { case name, units, architecture, lookback, horizon, file, source, nonNegative }
}
