// Windows of a series ready for training: inputs and targets as flat Float arrays.

/// A set of training (or validation) windows: model inputs and the values to forecast.
///
/// - `inputs`: `[count, time, features]`, row-major Float32.
/// - `targets`: `[count, horizon]`, row-major Float32.
public struct TrainingWindows: Sendable, Equatable {
    public let inputs: [Float]
    public let targets: [Float]
    /// Number of windows.
    public let count: Int
    /// Steps per window.
    public let time: Int
    /// Features per step.
    public let features: Int
    /// Target values per window.
    public let horizon: Int

    /// - Throws: ``TrainingError/dataShape(what:found:expected:)`` when the arrays do not match the sizes.
    public init(inputs: [Float], targets: [Float], count: Int, time: Int, features: Int, horizon: Int) throws(TrainingError) {
        if time < 1 { throw .dataShape(what: "time steps", found: time, expected: "at least 1") }
        if features < 1 { throw .dataShape(what: "features", found: features, expected: "at least 1") }
        if horizon < 1 { throw .dataShape(what: "horizon", found: horizon, expected: "at least 1") }
        if inputs.count != count * time * features {
            throw .dataShape(what: "input values", found: inputs.count, expected: "\(count) × \(time) × \(features) = \(count * time * features)")
        }
        if targets.count != count * horizon {
            throw .dataShape(what: "target values", found: targets.count, expected: "\(count) × \(horizon) = \(count * horizon)")
        }
        self.inputs = inputs
        self.targets = targets
        self.count = count
        self.time = time
        self.features = features
        self.horizon = horizon
    }
}
