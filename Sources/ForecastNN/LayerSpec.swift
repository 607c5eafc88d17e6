// What one layer of a network is, as a value users configure and model files store.

/// One layer of a ``Network``: a recurrent layer of a ``CellKind`` (Keras' default activations:
/// tanh, sigmoid gates) or a Dense layer with an ``Activation``. The input size is not part of it:
/// it follows from the layer below (or the network's features).
///
/// Encoded (model files) as JSON `{"type": "lstm", "units": 32, "return_sequences": true,
/// "reset_after": true, "activation": "linear"}`, `type` one of `rnn`, `lstm`, `gru`, `dense`.
///
/// ```swift
/// let layers: [LayerSpec] = [.recurrent(.lstm, units: 32, returnSequences: true),
///                            .recurrent(.lstm, units: 16), .dense(units: 12)]
/// ```
public struct LayerSpec: Sendable, Equatable, Codable {
    /// A recurrent layer of a cell, or a Dense layer.
    public enum Kind: Sendable, Equatable, Hashable {
        case recurrent(CellKind)
        case dense

        /// `rnn`, `lstm`, `gru` or `dense`: the `type` in model files.
        public var name: String {
            switch self {
            case .recurrent(let cell): cell.rawValue
            case .dense: "dense"
            }
        }

        /// The kind named `name` (see ``name``); `nil` for another name.
        public init?(name: String) {
            if name == "dense" { self = .dense } else if let cell = CellKind(rawValue: name) { self = .recurrent(cell) } else { return nil }
        }
    }

    public var kind: Kind
    /// Units (hidden size) of a recurrent layer, outputs of a Dense layer.
    public var units: Int
    /// Recurrent layers: whether every step's state is returned (`[batch, time, units]`) rather than
    /// the last (`[batch, units]`). Always `false` for Dense.
    public var returnSequences: Bool
    /// GRU only: Keras' `reset_after`. Default: `true`.
    public var resetAfter: Bool
    /// Dense only: the activation after the affine map; ``Activation/linear`` for recurrent layers.
    public var activation: Activation

    public init(kind: Kind, units: Int, returnSequences: Bool = false, resetAfter: Bool = true, activation: Activation = .linear) {
        self.kind = kind
        self.units = units
        self.returnSequences = kind == .dense ? false : returnSequences
        self.resetAfter = resetAfter
        self.activation = kind == .dense ? activation : .linear
    }

    /// A recurrent layer of `cell` with `units` units.
    public static func recurrent(_ cell: CellKind, units: Int, returnSequences: Bool = false, resetAfter: Bool = true) -> LayerSpec {
        LayerSpec(kind: .recurrent(cell), units: units, returnSequences: returnSequences, resetAfter: resetAfter)
    }

    /// A Dense layer of `units` outputs (linear by default).
    public static func dense(units: Int, activation: Activation = .linear) -> LayerSpec {
        LayerSpec(kind: .dense, units: units, activation: activation)
    }

    /// The cell of a recurrent layer; `nil` for Dense.
    public var cell: CellKind? {
        if case .recurrent(let cell) = kind { cell } else { nil }
    }

    public var isRecurrent: Bool { kind != .dense }

    /// Names and shapes of the weight arrays for `inputSize` input features, in Keras
    /// `get_weights()` order: `kernel`, `recurrent_kernel`, `bias` (recurrent); `kernel`, `bias` (Dense).
    public func parameterShapes(inputSize: Int) -> [(name: String, shape: [Int])] {
        Layer(self, inputSize: inputSize).parameterShapes
    }

    /// Human-readable name for messages: `LSTM(32)`, `GRU(8, reset_after=False)`, `Dense(24, relu)`.
    public var summary: String {
        switch kind {
        case .recurrent(.simpleRNN): "SimpleRNN(\(units))"
        case .recurrent(.lstm): "LSTM(\(units))"
        case .recurrent(.gru): "GRU(\(units)\(resetAfter ? "" : ", reset_after=False"))"
        case .dense: activation == .linear ? "Dense(\(units))" : "Dense(\(units), \(activation.rawValue))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type", units, returnSequences = "return_sequences", resetAfter = "reset_after", activation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let kind = Kind(name: name) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "layer type \"\(name)\"; expected rnn, lstm, gru or dense")
        }
        self.init(kind: kind, units: try c.decode(Int.self, forKey: .units),
                  returnSequences: try c.decode(Bool.self, forKey: .returnSequences), resetAfter: try c.decode(Bool.self, forKey: .resetAfter),
                  activation: try c.decode(Activation.self, forKey: .activation))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind.name, forKey: .kind)
        try c.encode(units, forKey: .units)
        try c.encode(returnSequences, forKey: .returnSequences)
        try c.encode(resetAfter, forKey: .resetAfter)
        try c.encode(activation, forKey: .activation)
    }
}
