import ForecastNN

/// A feed-forward stack of recurrent and Dense layers with its weights: what a Keras `Sequential`
/// model of SimpleRNN / LSTM / GRU / Dense layers computes, for inference.
///
/// The input is `[batch, time, features]`. A recurrent layer needs a sequence and returns one
/// (`returnSequences`) or its last state; a Dense layer maps the last axis (on a sequence it is
/// applied at every step, as Keras does). The last layer must return `[batch, outputs]`.
///
/// Weights are one flat `[Float]` per layer, in Keras `get_weights()` order and shapes (see
/// ``NetworkLayer/parameterShapes(inputSize:)``). A network of the shape ``StackedRegressor``
/// trains (recurrent layers of one kind, then one linear Dense) converts both ways, and then
/// predicts through ``StackedRegressor/predict(_:count:time:)`` itself, bit for bit.
public struct SequentialNetwork: Sendable {
    /// Features per input step.
    public let features: Int
    public let layers: [NetworkLayer]
    /// Per layer, its weights flattened and concatenated in Keras `get_weights()` order.
    public let weights: [[Float]]

    /// A network; checks that layers chain (a recurrent layer sees a sequence, the last layer
    /// returns a vector) and that every layer has as many weights as its shapes need.
    /// - Throws: ``NetworkError``.
    public init(features: Int, layers: [NetworkLayer], weights: [[Float]]) throws(NetworkError) {
        guard features >= 1 else { throw .invalid("the input has \(features) features; expected at least 1") }
        guard !layers.isEmpty else { throw .invalid("the model has no layers; expected recurrent and Dense layers") }
        guard weights.count == layers.count else {
            throw .invalid("\(weights.count) weight sets for \(layers.count) layers; expected one per layer")
        }
        var sequence = true, width = features
        for (i, layer) in layers.enumerated() {
            guard layer.units >= 1 else { throw .invalid("layer \(i) \(layer.summary): expected at least 1 unit") }
            if layer.isRecurrent && !sequence {
                throw .invalid("layer \(i) \(layer.summary) needs a sequence, but layer \(i - 1) returns only its last state; "
                               + "set return_sequences=True on layer \(i - 1)")
            }
            let expected = layer.parameterShapes(inputSize: width).reduce(0) { $0 + $1.shape.reduce(1, *) }
            guard weights[i].count == expected else {
                throw .invalid("layer \(i) \(layer.summary): \(weights[i].count) weights; expected \(expected) for \(width) inputs")
            }
            if layer.isRecurrent { sequence = layer.returnSequences }
            width = layer.units
        }
        if sequence {
            throw .invalid("the last layer returns a sequence ([batch, time, \(width)]); expected a forecast per window: "
                           + "set return_sequences=False on the last recurrent layer")
        }
        self.features = features
        self.layers = layers
        self.weights = weights
    }

    /// The network of a ``StackedRegressor`` (its recurrent layers, then its linear head).
    public init(_ model: StackedRegressor) {
        let a = model.architecture
        var layers: [NetworkLayer] = []
        var weights: [[Float]] = []
        for (i, h) in a.hiddenSizes.enumerated() {
            layers.append(.recurrent(a.cell, units: h, returnSequences: i < a.hiddenSizes.count - 1, resetAfter: a.gruResetAfter))
            weights.append(Array(model.parameters[model.parameterOffsets[i]..<model.parameterOffsets[i + 1]]))
        }
        layers.append(NetworkLayer(kind: .dense, units: a.horizon))
        weights.append(Array(model.parameters[model.parameterOffsets[a.hiddenSizes.count]...]))
        self.features = a.features
        self.layers = layers
        self.weights = weights
    }

    /// Outputs per window (the last layer's units).
    public var outputs: Int { layers[layers.count - 1].units }

    /// Inputs of each layer (features for the first, the previous layer's units after).
    public var inputSizes: [Int] { [features] + layers.dropLast().map(\.units) }

    /// Every weight array: layer index, Keras name and shape, in layer then `get_weights()` order.
    public var parameterShapes: [(layer: Int, name: String, shape: [Int])] {
        zip(layers.indices, inputSizes).flatMap { i, inputs in layers[i].parameterShapes(inputSize: inputs).map { (i, $0.name, $0.shape) } }
    }

    /// The same network as a ``StackedRegressor`` when it has that shape: recurrent layers of one
    /// kind (and one `resetAfter`), each but the last returning sequences, then one linear Dense.
    public var stackedRegressor: StackedRegressor? {
        let recurrent = layers.dropLast()
        guard let head = layers.last, head.kind == .dense, head.activation == .linear,
              let first = recurrent.first, let cell = first.cell,
              recurrent.allSatisfy({ $0.kind == first.kind && $0.resetAfter == first.resetAfter })
        else { return nil }
        let architecture = ModelArchitecture(cell: cell, hiddenSizes: recurrent.map(\.units), features: features,
                                             horizon: head.units, gruResetAfter: first.resetAfter)
        return try? StackedRegressor(architecture: architecture, parameters: weights.flatMap { $0 })
    }

    /// Forecasts for a set of windows.
    ///
    /// - Parameters:
    ///   - inputs: `[count, time, features]`, row-major.
    /// - Returns: `[count, outputs]`, row-major.
    /// - Throws: ``NetworkError/inputShape(found:expected:)`` when `inputs` has the wrong length.
    public func predict(_ inputs: [Float], count: Int, time: Int) throws(NetworkError) -> [Float] {
        guard time >= 1, inputs.count == count * time * features else {
            throw .inputShape(found: inputs.count, expected: "\(count) windows × \(time) steps × \(features) features")
        }
        if count == 0 { return [] }
        if let stacked = stackedRegressor {
            do { return try stacked.predict(inputs, count: count, time: time) } catch { throw .invalid(error.description) }
        }
        var x = inputs, sequence = true, width = features
        let cache = LayerCache()
        for (i, layer) in layers.enumerated() {
            if let recurrent = layer.recurrentLayer(inputSize: width) {
                x = weights[i].withUnsafeBufferPointer { p in
                    x.withUnsafeBufferPointer { input in
                        Array(recurrent.forward(parameters: p, input: input, batch: count, time: time, cache: cache))
                    }
                }
                sequence = layer.returnSequences
            } else {
                let rows = sequence ? count * time : count
                let dense = Dense(inputSize: width, units: layer.units)
                var y = [Float](repeating: 0, count: rows * layer.units)
                weights[i].withUnsafeBufferPointer { p in
                    x.withUnsafeBufferPointer { input in
                        y.withUnsafeMutableBufferPointer { out in
                            dense.forward(parameters: p, input: input, output: out, rows: rows)
                            layer.activation.apply(out)
                        }
                    }
                }
                x = y
            }
            width = layer.units
        }
        return x
    }
}

/// Errors of building or running a ``SequentialNetwork``.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case inputShape(found: Int, expected: String)

    public var description: String {
        switch self {
        case let .invalid(problem): "model: \(problem)"
        case let .inputShape(found, expected): "model input: \(found) values; expected \(expected)"
        }
    }
}
