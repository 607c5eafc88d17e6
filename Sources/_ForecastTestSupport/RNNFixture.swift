// Reader for the Keras/PyTorch reference fixtures in Tests/ForecastNNTests/Fixtures
// (written by `python3 Scripts/reference/make_rnn_fixtures.py`; format in that folder's README.md).
import Foundation

/// One reference case: a small model's weights, input, target, Keras (and PyTorch) outputs, loss,
/// gradients, and Adam steps.
public struct RNNFixture: Decodable, Sendable {
    public struct Layer: Decodable, Sendable {
        public var type: String
        public var units: Int
        public var return_sequences: Bool?
        public var reset_after: Bool?
    }
    public struct Array: Decodable, Sendable {
        public var layer: Int
        public var name: String
        public var shape: [Int]
        public var values: [Float]
    }
    public struct AdamSteps: Decodable, Sendable {
        public var learning_rate: Float
        public var beta_1: Float
        public var beta_2: Float
        public var epsilon: Float
        public var global_clipnorm: Float?
        public var step_gradients: [[Array]]
        public var losses: [Double]
        public var weights_after_1: [Array]
        public var weights_after_5: [Array]
    }

    public var generated_by: String
    public var `case`: String
    public var layers: [Layer]
    public var batch: Int
    public var time: Int
    public var features: Int
    public var horizon: Int
    public var weights: [Array]
    public var input: [Float]
    public var target: [Float]
    public var keras_output: [Float]
    public var torch_output: [Float]?
    public var loss: Double
    public var gradients: [Array]
    public var torch_gradients: [Array]?
    public var adam: AdamSteps

    /// The cases the fixture script writes.
    public static let cases = [
        "simple_rnn", "lstm", "gru_reset_after", "gru_reset_before",
        "lstm_stacked", "gru_stacked", "simple_rnn_stacked", "lstm_clipnorm",
    ]

    /// Reads `Tests/ForecastNNTests/Fixtures/<name>.json`.
    public static func load(_ name: String) throws -> RNNFixture {
        let path = (packageRoot as NSString).appendingPathComponent("Tests/ForecastNNTests/Fixtures/\(name).json")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(RNNFixture.self, from: data)
    }
}

extension Swift.Array where Element == RNNFixture.Array {
    /// All values, concatenated in order: the flat parameter layout of a Network.
    public var flattened: [Float] { flatMap(\.values) }
}

/// Largest `|a - b| / max(|a|, |b|, floor)` over Float arrays (see ``maxRelativeError(_:_:floor:)``).
public func maxRelativeError(_ a: [Float], _ b: [Float], floor: Double) -> Double {
    maxRelativeError(a.map(Double.init), b.map(Double.init), floor: floor)
}
