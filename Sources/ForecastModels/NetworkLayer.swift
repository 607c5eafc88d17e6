import ForecastNN

/// One layer of a ``SequentialNetwork``: a recurrent layer (SimpleRNN, LSTM, GRU with Keras'
/// default activations) or a Dense layer with an activation.
///
/// Encoded in model files as JSON `{"type": "lstm", "units": 32, "return_sequences": true,
/// "reset_after": true, "activation": "linear"}` (`type` one of `rnn`, `lstm`, `gru`, `dense`).
public struct NetworkLayer: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case simpleRNN = "rnn"
        case lstm
        case gru
        case dense
    }

    public var kind: Kind
    /// Hidden size of a recurrent layer, outputs of a Dense layer.
    public var units: Int
    /// Recurrent layers: whether every step's state is returned (`[batch, time, units]`) rather than
    /// the last (`[batch, units]`). Ignored for Dense.
    public var returnSequences: Bool
    /// GRU only: Keras' `reset_after`. Default: `true`.
    public var resetAfter: Bool
    /// Dense only: the activation after the affine map. Recurrent layers always use Keras'
    /// defaults (tanh, with sigmoid gates).
    public var activation: Activation

    public init(kind: Kind, units: Int, returnSequences: Bool = false, resetAfter: Bool = true, activation: Activation = .linear) {
        self.kind = kind
        self.units = units
        self.returnSequences = kind == .dense ? false : returnSequences
        self.resetAfter = resetAfter
        self.activation = kind == .dense ? activation : .linear
    }

    /// A recurrent layer of `cell`.
    public static func recurrent(_ cell: CellKind, units: Int, returnSequences: Bool, resetAfter: Bool = true) -> NetworkLayer {
        let kind: Kind = switch cell { case .simpleRNN: .simpleRNN; case .lstm: .lstm; case .gru: .gru }
        return NetworkLayer(kind: kind, units: units, returnSequences: returnSequences, resetAfter: resetAfter)
    }

    /// The cell of a recurrent layer; `nil` for Dense.
    public var cell: CellKind? {
        switch kind {
        case .simpleRNN: .simpleRNN
        case .lstm: .lstm
        case .gru: .gru
        case .dense: nil
        }
    }

    public var isRecurrent: Bool { kind != .dense }

    /// The ForecastNN layer that computes a recurrent layer of this kind for `inputSize` features.
    func recurrentLayer(inputSize: Int) -> RecurrentLayer? {
        guard let cell else { return nil }
        return RecurrentLayer(kind: cell, inputSize: inputSize, hiddenSize: units, returnSequences: returnSequences,
                              resetAfter: resetAfter)
    }

    /// Names and shapes of the weight arrays for `inputSize` input features, in Keras
    /// `get_weights()` order: `kernel`, `recurrent_kernel`, `bias` (recurrent); `kernel`, `bias` (Dense).
    public func parameterShapes(inputSize: Int) -> [(name: String, shape: [Int])] {
        if let layer = recurrentLayer(inputSize: inputSize) { return layer.parameterShapes }
        return Dense(inputSize: inputSize, units: units).parameterShapes
    }

    /// Human-readable name for messages: `LSTM(32)`, `Dense(24, relu)`.
    public var summary: String {
        switch kind {
        case .simpleRNN: "SimpleRNN(\(units))"
        case .lstm: "LSTM(\(units))"
        case .gru: "GRU(\(units)\(resetAfter ? "" : ", reset_after=False"))"
        case .dense: activation == .linear ? "Dense(\(units))" : "Dense(\(units), \(activation.rawValue))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type", units, returnSequences = "return_sequences", resetAfter = "reset_after", activation
    }
}
