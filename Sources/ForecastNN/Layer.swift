// One layer of a network, of any kind: the one switch over kinds, so the network holds a mix.
import ForecastCore
import ForecastKernels

/// A layer of a ``Network`` with its input size: a ``SimpleRNN``, ``LSTM``, ``GRU`` or ``Dense``.
/// Each forwards its parameters, initialization, forward and backward passes and prediction step to
/// the type it holds. A new cell is a type with those five (as ``GRU``), a case here, a ``CellKind``
/// case (its name in model files and `--cell`), and its Keras class name in ForecastModels'
/// `KerasLayerConfig` and `KerasModelExporter`.
///
/// Parameters are a slice of the network's flat buffer (``Network/parameterOffsets``), Keras
/// `get_weights()` order. A recurrent layer reads `[batch, time, inputSize]` and returns
/// `[batch, time, units]` or `[batch, units]` (``returnSequences``); a Dense layer maps the last
/// axis of `[rows, inputSize]` (every step of a sequence, as Keras does).
public enum Layer: Sendable, Equatable {
    case simpleRNN(SimpleRNN)
    case lstm(LSTM)
    case gru(GRU)
    case dense(Dense)

    /// The layer `spec` describes, reading `inputSize` features.
    public init(_ spec: LayerSpec, inputSize: Int) {
        switch spec.kind {
        case .recurrent(.simpleRNN): self = .simpleRNN(SimpleRNN(inputSize: inputSize, hiddenSize: spec.units, returnSequences: spec.returnSequences))
        case .recurrent(.lstm): self = .lstm(LSTM(inputSize: inputSize, hiddenSize: spec.units, returnSequences: spec.returnSequences))
        case .recurrent(.gru):
            self = .gru(GRU(inputSize: inputSize, hiddenSize: spec.units, returnSequences: spec.returnSequences, resetAfter: spec.resetAfter))
        case .dense: self = .dense(Dense(inputSize: inputSize, units: spec.units, activation: spec.activation))
        }
    }

    /// What the layer is, without its input size.
    public var spec: LayerSpec {
        switch self {
        case .simpleRNN(let l): .recurrent(.simpleRNN, units: l.hiddenSize, returnSequences: l.returnSequences)
        case .lstm(let l): .recurrent(.lstm, units: l.hiddenSize, returnSequences: l.returnSequences)
        case .gru(let l): .recurrent(.gru, units: l.hiddenSize, returnSequences: l.returnSequences, resetAfter: l.resetAfter)
        case .dense(let l): .dense(units: l.units, activation: l.activation)
        }
    }

    /// Features of each input step (or row).
    public var inputSize: Int {
        switch self {
        case .simpleRNN(let l): l.inputSize
        case .lstm(let l): l.inputSize
        case .gru(let l): l.inputSize
        case .dense(let l): l.inputSize
        }
    }

    /// Hidden size of a recurrent layer, outputs of a Dense layer.
    public var units: Int {
        switch self {
        case .simpleRNN(let l): l.hiddenSize
        case .lstm(let l): l.hiddenSize
        case .gru(let l): l.hiddenSize
        case .dense(let l): l.units
        }
    }

    public var isRecurrent: Bool { if case .dense = self { false } else { true } }
    /// Whether a recurrent layer returns every step; `false` for Dense.
    public var returnSequences: Bool { spec.returnSequences }
    /// `LSTM(32)`, `Dense(24, relu)`: see ``LayerSpec/summary``.
    public var summary: String { spec.summary }

    public var parameterCount: Int {
        switch self {
        case .simpleRNN(let l): l.parameterCount
        case .lstm(let l): l.parameterCount
        case .gru(let l): l.parameterCount
        case .dense(let l): l.parameterCount
        }
    }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        switch self {
        case .simpleRNN(let l): l.parameterShapes
        case .lstm(let l): l.parameterShapes
        case .gru(let l): l.parameterShapes
        case .dense(let l): l.parameterShapes
        }
    }

    /// Writes Keras' initial values, drawing from `generator` (kernel first, then recurrent kernel).
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        switch self {
        case .simpleRNN(let l): l.initialize(parameters, using: &generator)
        case .lstm(let l): l.initialize(parameters, using: &generator)
        case .gru(let l): l.initialize(parameters, using: &generator)
        case .dense(let l): l.initialize(parameters, using: &generator)
        }
    }

    /// Forward pass, keeping in `cache` what ``backward(parameters:dOutput:cache:gradients:computeInputGradient:)``
    /// needs; see ``LSTM/forward(parameters:input:batch:time:cache:)``.
    ///
    /// - Parameters:
    ///   - input: `[batch, time, inputSize]`; for Dense, `time` is 1 when the input is `[batch, inputSize]`.
    ///   - retainInput: keep a pointer to `input` (which the caller keeps unchanged until the
    ///     backward pass) instead of a copy.
    /// - Returns: the output, valid until the next forward pass with `cache`.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, batch: Int, time: Int, cache: LayerCache,
        retainInput: Bool = false
    ) -> UnsafeBufferPointer<Float> {
        switch self {
        case .simpleRNN(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: retainInput)
        // LSTM copies the input into its stacked step inputs, so it never keeps a pointer to it.
        case .lstm(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache)
        case .gru(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: retainInput)
        case .dense(let l): l.forward(parameters: parameters, input: input, rows: batch * time, cache: cache, retainInput: retainInput)
        }
    }

    /// Backward pass of the last forward pass with `cache`; see
    /// ``LSTM/backward(parameters:dOutput:cache:gradients:computeInputGradient:)``. Parameter
    /// gradients are **accumulated**; the returned input gradient is overwritten (empty without
    /// `computeInputGradient`).
    @discardableResult
    public func backward(
        parameters: UnsafeBufferPointer<Float>, dOutput: UnsafeBufferPointer<Float>, cache: LayerCache,
        gradients: UnsafeMutableBufferPointer<Float>, computeInputGradient: Bool = true
    ) -> UnsafeBufferPointer<Float> {
        switch self {
        case .simpleRNN(let l):
            l.backward(parameters: parameters, dOutput: dOutput, cache: cache, gradients: gradients, computeInputGradient: computeInputGradient)
        case .lstm(let l):
            l.backward(parameters: parameters, dOutput: dOutput, cache: cache, gradients: gradients, computeInputGradient: computeInputGradient)
        case .gru(let l):
            l.backward(parameters: parameters, dOutput: dOutput, cache: cache, gradients: gradients, computeInputGradient: computeInputGradient)
        case .dense(let l):
            l.backward(parameters: parameters, dOutput: dOutput, cache: cache, gradients: gradients, computeInputGradient: computeInputGradient)
        }
    }

    // MARK: Prediction path (see PredictionWorkspace)

    /// Whether the layer has a prediction step (GRU with `reset_after = false` does not).
    var hasPredictionStep: Bool {
        if case .gru(let g) = self { g.resetAfter } else { true }
    }

    /// Width of a step's pre-activations (the gates): 4H (LSTM), 3H (GRU), H (SimpleRNN), units (Dense).
    public var gateWidth: Int {
        switch self {
        case .simpleRNN(let l): l.hiddenSize
        case .lstm(let l): 4 * l.hiddenSize
        case .gru(let l): 3 * l.hiddenSize
        case .dense(let l): l.units
        }
    }

    /// Floats per window of the state the prediction step carries besides `h` (LSTM: the cell state,
    /// which starts at zero; GRU: scratch for the recurrent projection), and whether it starts zeroed.
    var stepState: (count: Int, zeroed: Bool)? {
        switch self {
        case .lstm(let l): (l.hiddenSize, true)
        case .gru(let l): (3 * l.hiddenSize, false)
        case .simpleRNN, .dense: nil
        }
    }

    /// One step of the prediction path: reads `x_t` and `h_{t-1}` from `buffers.z`, writes `h_t` back
    /// into `buffers.z` and into `next` (the next layer's `x_t`, rows `nextStride` apart) when given.
    func predictStep(
        parameters: UnsafeBufferPointer<Float>, buffers: StepBuffers, batch: Int,
        next: UnsafeMutableBufferPointer<Float>?, nextStride: Int, backend: GemmBackend
    ) {
        switch self {
        case .simpleRNN(let l): l.predictStep(parameters: parameters, buffers: buffers, batch: batch, next: next, nextStride: nextStride, backend: backend)
        case .lstm(let l): l.predictStep(parameters: parameters, buffers: buffers, batch: batch, next: next, nextStride: nextStride, backend: backend)
        case .gru(let l): l.predictStep(parameters: parameters, buffers: buffers, batch: batch, next: next, nextStride: nextStride, backend: backend)
        case .dense(let l): l.predictStep(parameters: parameters, buffers: buffers, batch: batch, next: next, nextStride: nextStride, backend: backend)
        }
    }
}
