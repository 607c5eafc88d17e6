// One recurrent layer of any kind, so a stack can hold a mix behind one type.
import ForecastCore

/// The kind of recurrent cell a model is built from.
public enum CellKind: String, CaseIterable, Codable, Sendable {
    /// ``SimpleRNN``: `h_t = tanh(x·W + h·U + b)`.
    case simpleRNN = "rnn"
    /// ``LSTM``: gates i, f, c, o.
    case lstm
    /// ``GRU``: gates z, r, h.
    case gru
}

/// A recurrent layer of one of the three kinds; forwards each call to the layer it holds.
public enum RecurrentLayer: Sendable, Equatable {
    case simpleRNN(SimpleRNN)
    case lstm(LSTM)
    case gru(GRU)

    /// A layer of `kind` with Keras' defaults (`resetAfter` applies to GRU only).
    public init(kind: CellKind, inputSize: Int, hiddenSize: Int, returnSequences: Bool, resetAfter: Bool = true) {
        switch kind {
        case .simpleRNN: self = .simpleRNN(SimpleRNN(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences))
        case .lstm: self = .lstm(LSTM(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences))
        case .gru: self = .gru(GRU(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences, resetAfter: resetAfter))
        }
    }

    public var inputSize: Int {
        switch self { case .simpleRNN(let l): l.inputSize; case .lstm(let l): l.inputSize; case .gru(let l): l.inputSize }
    }

    public var hiddenSize: Int {
        switch self { case .simpleRNN(let l): l.hiddenSize; case .lstm(let l): l.hiddenSize; case .gru(let l): l.hiddenSize }
    }

    public var returnSequences: Bool {
        switch self { case .simpleRNN(let l): l.returnSequences; case .lstm(let l): l.returnSequences; case .gru(let l): l.returnSequences }
    }

    public var parameterCount: Int {
        switch self { case .simpleRNN(let l): l.parameterCount; case .lstm(let l): l.parameterCount; case .gru(let l): l.parameterCount }
    }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        switch self { case .simpleRNN(let l): l.parameterShapes; case .lstm(let l): l.parameterShapes; case .gru(let l): l.parameterShapes }
    }

    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        switch self {
        case .simpleRNN(let l): l.initialize(parameters, using: &generator)
        case .lstm(let l): l.initialize(parameters, using: &generator)
        case .gru(let l): l.initialize(parameters, using: &generator)
        }
    }

    /// See ``LSTM/forward(parameters:input:batch:time:cache:)``.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, batch: Int, time: Int, cache: LayerCache
    ) -> UnsafeBufferPointer<Float> {
        switch self {
        case .simpleRNN(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache)
        case .lstm(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache)
        case .gru(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache)
        }
    }

    /// Forward pass inside a stack: with `retainInput` the layer keeps a pointer to `input` (which
    /// the caller keeps unchanged until the backward pass) instead of copying it.
    func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, batch: Int, time: Int, cache: LayerCache,
        retainInput: Bool
    ) -> UnsafeBufferPointer<Float> {
        switch self {
        case .simpleRNN(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: retainInput)
        case .lstm(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: retainInput)
        case .gru(let l): l.forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: retainInput)
        }
    }

    /// See ``LSTM/backward(parameters:dOutput:cache:gradients:computeInputGradient:)``.
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
        }
    }
}
