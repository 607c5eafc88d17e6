import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// What the outputs of `forecast predict` report about the model behind a forecast: a network
/// trained in this run (``FittedRNN``) or one loaded with `--model` (``LoadedModelRun``).
protocol ForecastRunSummary {
    /// Lookback, horizon, input columns (target first).
    var spec: WindowSpec { get }
    /// `lstm`, `gru`, `rnn`, or `keras` for a network of other layers.
    var cellName: String { get }
    /// Units of the recurrent layers.
    var units: [Int] { get }
    /// One line naming the layers: `LSTM 64,64`, `Dense(3, elu) → LSTM(4) → Dense(2)`.
    var architectureText: String { get }
    var history: TrainingHistory { get }
    /// The training loss's name (`mse`, …); `nil` when unknown.
    var lossName: String? { get }
    var trainingWindowCount: Int { get }
    var validationWindowCount: Int { get }
    var trainingSeconds: Double { get }
    /// First validation row of the series in this run; `nil` when nothing was validated here.
    var validationStartRow: Int? { get }
    /// The model file forecast with, and where it came from; `nil` when trained in this run.
    var loadedFrom: (path: String, source: String)? { get }
    func validationPredictions() throws -> (firstTargetRows: [Int], values: [[Double]])
}

extension FittedRNN: ForecastRunSummary {
    var cellName: String { configuration.cell.rawValue }
    var units: [Int] { configuration.units }
    var architectureText: String { "\(cellName.uppercased()) \(units.map(String.init).joined(separator: ","))" }
    var lossName: String? { configuration.training.loss.rawValue }
    var validationWindowCount: Int { validationWindows.count }
    var validationStartRow: Int? { split.validation.lowerBound }
    var loadedFrom: (path: String, source: String)? { nil }
}

/// A model loaded with `--model`, for the outputs.
struct LoadedModelRun: ForecastRunSummary {
    var model: SavedModel
    var path: String

    var spec: WindowSpec { model.spec }
    var recurrent: [Layer] { model.network.layers.filter(\.isRecurrent) }
    var cellName: String {
        if let stacked = model.network.architecture { return stacked.cell.rawValue }
        return "keras"
    }
    var units: [Int] { recurrent.map(\.units) }
    var architectureText: String {
        if let stacked = model.network.architecture {
            return "\(stacked.cell.rawValue.uppercased()) \(units.map(String.init).joined(separator: ","))"
        }
        return model.network.layers.map(\.summary).joined(separator: " → ")
    }
    var history: TrainingHistory { model.history }
    var lossName: String? { model.configuration?.training.loss.rawValue }
    var trainingWindowCount: Int { model.trainingWindowCount }
    var validationWindowCount: Int { 0 }
    var trainingSeconds: Double { model.trainingSeconds }
    var validationStartRow: Int? { nil }
    var loadedFrom: (path: String, source: String)? { (path, model.source) }
    func validationPredictions() throws -> (firstTargetRows: [Int], values: [[Double]]) { ([], []) }
}
