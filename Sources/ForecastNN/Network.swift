// The one network type: layers over one flat parameter buffer, trained, saved, imported and exported.
import Dispatch
import ForecastCore
import ForecastKernels

/// A feed-forward stack of recurrent and Dense layers over `[batch, time, features]` windows, with
/// its weights: the forecasting model, what the trainer trains, model files store, and Keras
/// `Sequential` models import to and export from.
///
/// A recurrent layer reads a sequence and returns one (`returnSequences`) or its final state; a
/// Dense layer maps the last axis (every step of a sequence, as Keras does); the last layer returns
/// `[batch, outputs]`. The usual shape, recurrent layers of one cell with a linear Dense head of
/// `horizon` units, is ``ModelArchitecture`` (``init(architecture:generator:)``):
/// ```python
/// Sequential([LSTM(h1, return_sequences=True), ..., LSTM(hn), Dense(horizon)])
/// ```
///
/// All parameters live in one flat `[Float]` buffer, ``parameters``: layer by layer (first to last,
/// each starting at its ``parameterOffsets`` entry), each layer's arrays in Keras `get_weights()`
/// order, so the concatenation of a Keras model's `get_weights()`, flattened, loads unchanged.
/// Gradients use the same layout, so the optimizer and clipping run over one buffer.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let network = try Network(
///     architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [32, 16], features: 1, horizon: 12),
///     generator: &generator)
/// let forecasts = try network.predict(windows, count: n, time: 48)   // [n, 12]
/// ```
public struct Network: Sendable {
    /// Features per input step.
    public let features: Int
    /// The layers, first to last.
    public let layers: [Layer]
    /// Start of each layer's parameters in ``parameters``, one entry per layer.
    public let parameterOffsets: [Int]
    /// Every parameter of the network, Float32, in the layout described above.
    public var parameters: [Float]

    /// Total number of parameters.
    public var parameterCount: Int { parameters.count }
    /// Outputs per window: the last layer's units.
    public var outputs: Int { layers[layers.count - 1].units }
    /// What each layer is, first to last.
    public var specs: [LayerSpec] { layers.map(\.spec) }
    /// Inputs of each layer: the features for the first, the previous layer's units after.
    public var inputSizes: [Int] { layers.map(\.inputSize) }

    /// A network of `layers` with the given parameters (a trained network read back, or a Keras
    /// model's `get_weights()` flattened and concatenated).
    ///
    /// - Throws: ``ModelError/network(problem:)`` when the layers do not chain (a recurrent layer
    ///   after one that returns only its final state, a sequence out of the last layer);
    ///   ``ModelError/parameterCount(found:expected:)`` when `parameters` has the wrong length.
    public init(features: Int, layers: [LayerSpec], parameters: [Float]) throws(ModelError) {
        try self.init(features: features, layers: layers, parameters: Optional(parameters))
    }

    /// A network of `layers` with Keras' initial weights (per layer: kernel `glorot_uniform`,
    /// recurrent kernel `orthogonal`, biases zeros, LSTM forget bias 1), drawn layer by layer from
    /// `generator`.
    public init(features: Int, layers: [LayerSpec], generator: inout SeededGenerator) throws(ModelError) {
        try self.init(features: features, layers: layers, parameters: nil)
        let (layers, offsets) = (self.layers, parameterOffsets)
        parameters.withUnsafeMutableBufferPointer { p in
            for (l, layer) in layers.enumerated() { layer.initialize(p.slice(offsets[l], layer.parameterCount), using: &generator) }
        }
    }

    /// The stacked network of `architecture` with Keras' initial weights drawn from `generator`.
    /// - Throws: ``ModelError/invalid(field:value:expected:)`` for an out-of-range architecture.
    public init(architecture: ModelArchitecture, generator: inout SeededGenerator) throws(ModelError) {
        try architecture.validate()
        try self.init(features: architecture.features, layers: architecture.layers, generator: &generator)
    }

    /// The stacked network of `architecture` with the given parameters.
    /// - Throws: ``ModelError/invalid(field:value:expected:)``, ``ModelError/parameterCount(found:expected:)``.
    public init(architecture: ModelArchitecture, parameters: [Float]) throws(ModelError) {
        try architecture.validate()
        try self.init(features: architecture.features, layers: architecture.layers, parameters: parameters)
    }

    private init(features: Int, layers specs: [LayerSpec], parameters: [Float]?) throws(ModelError) {
        guard features >= 1 else { throw .network(problem: "the input has \(features) features; expected at least 1") }
        guard !specs.isEmpty else { throw .network(problem: "the model has no layers; expected recurrent and Dense layers") }
        var layers: [Layer] = [], offsets: [Int] = []
        var sequence = true, width = features, offset = 0
        for (i, spec) in specs.enumerated() {
            guard spec.units >= 1 else { throw .network(problem: "layer \(i) \(spec.summary): expected at least 1 unit") }
            if spec.isRecurrent && !sequence {
                throw .network(problem: "layer \(i) \(spec.summary) needs a sequence, but layer \(i - 1) returns only its last state; "
                               + "set return_sequences=True on layer \(i - 1)")
            }
            let layer = Layer(spec, inputSize: width)
            layers.append(layer)
            offsets.append(offset)
            offset += layer.parameterCount
            if spec.isRecurrent { sequence = spec.returnSequences }
            width = spec.units
        }
        if sequence {
            throw .network(problem: "the last layer returns a sequence ([batch, time, \(width)]); expected a forecast per window: "
                           + "set return_sequences=False on the last recurrent layer")
        }
        if let parameters, parameters.count != offset { throw .parameterCount(found: parameters.count, expected: offset) }
        self.features = features
        self.layers = layers
        parameterOffsets = offsets
        self.parameters = parameters ?? [Float](repeating: 0, count: offset)
    }

    /// The stacked shape of this network when it has it: recurrent layers of one cell (and one
    /// `resetAfter`), then one linear Dense layer; `nil` otherwise.
    public var architecture: ModelArchitecture? {
        let specs = self.specs, recurrent = specs.dropLast()
        guard let head = specs.last, head.kind == .dense, head.activation == .linear,
              let first = recurrent.first, let cell = first.cell,
              recurrent.allSatisfy({ $0.kind == first.kind && $0.resetAfter == first.resetAfter })
        else { return nil }
        return ModelArchitecture(cell: cell, hiddenSizes: recurrent.map(\.units), features: features, horizon: head.units,
                                 gruResetAfter: first.resetAfter)
    }

    /// Layer `l`'s parameters, `layers[l].parameterCount` Floats of ``parameters``.
    public func weights(of l: Int) -> ArraySlice<Float> {
        parameters[parameterOffsets[l]..<(parameterOffsets[l] + layers[l].parameterCount)]
    }

    /// Layer `l`'s slice of `p` (``parameters`` or a buffer of its layout).
    func layerParameters(_ l: Int, in p: UnsafeBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        p.slice(parameterOffsets[l], layers[l].parameterCount)
    }

    /// Every parameter array in buffer order: layer index, Keras name (`kernel`,
    /// `recurrent_kernel`, `bias`) and shape.
    public var parameterShapes: [(layer: Int, name: String, shape: [Int])] {
        layers.enumerated().flatMap { l, layer in layer.parameterShapes.map { (l, $0.name, $0.shape) } }
    }

    /// Whether a parameter array is a kernel (input or recurrent) rather than a bias: the set an L2
    /// penalty applies to. Same length as ``parameters``.
    public var kernelMask: [Bool] {
        var mask: [Bool] = []
        mask.reserveCapacity(parameterCount)
        for s in parameterShapes {
            let n = s.shape.reduce(1, *)
            mask += [Bool](repeating: s.name != "bias", count: n)
        }
        return mask
    }

    /// Forecasts for a set of windows.
    ///
    /// - Parameters:
    ///   - inputs: `[count, time, features]`, row-major.
    ///   - count: number of windows (0 gives an empty result).
    ///   - time: steps per window (at least 1).
    /// - Returns: `[count, outputs]`, row-major.
    /// - Throws: ``ModelError/inputShape(what:found:expected:)`` when `inputs` does not hold
    ///   `count · time · features` values.
    public func predict(_ inputs: [Float], count: Int, time: Int) throws(ModelError) -> [Float] {
        try predict(inputs, count: count, time: time, threads: 1)
    }

    /// ``predict(_:count:time:)`` on `threads` threads: chunks of 256 windows are dealt out to the
    /// threads in turn (each with its own buffers, GEMMs on 1 thread). Windows are independent, so
    /// the result does not depend on `threads`.
    ///
    /// Networks whose layers all have a prediction step (all but GRU with `reset_after = false`) run
    /// the path of `PredictionWorkspace` (per layer and step one GEMM over `[x_t | h_{t-1}]`, two for
    /// GRU; no activations kept: memory does not grow with the window length); it agrees with
    /// ``forward(input:batch:time:workspace:)`` to Float32 rounding. The others run the training
    /// forward pass.
    public func predict(_ inputs: [Float], count: Int, time: Int, threads: Int) throws(ModelError) -> [Float] {
        let F = features, K = outputs
        if time < 1 { throw .inputShape(what: "time steps", found: time, expected: "at least 1") }
        if inputs.count != count * time * F {
            throw .inputShape(what: "values", found: inputs.count, expected: "\(count) windows × \(time) steps × \(F) features = \(count * time * F)")
        }
        var output = [Float](repeating: 0, count: count * K)
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        let workers = max(1, min(threads, chunks))
        let backend = GemmBackend.active
        inputs.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                // Worker w takes chunks w, w + workers, ...: disjoint rows of `out`.
                nonisolated(unsafe) let (x, out) = (x, out)
                let stepwise = PredictionWorkspace.supports(self)
                let work: @Sendable (Int) -> Void = { w in
                    let workspace = stepwise ? nil : ModelWorkspace()
                    let predictionWorkspace = stepwise ? PredictionWorkspace() : nil
                    var c = w
                    while c < chunks {
                        let start = c * chunk, n = min(chunk, count - c * chunk)
                        let input = x.slice(start * time * F, n * time * F)
                        if let predictionWorkspace {
                            predictionWorkspace.predict(self, input: input, batch: n, time: time, output: out.slice(start * K, n * K))
                        } else {
                            let y = forward(input: input, batch: n, time: time, workspace: workspace!)
                            copyRows(y, sourceStride: K, to: out.from(start * K), destinationStride: K, rows: n, columns: K)
                        }
                        c += workers
                    }
                }
                if workers == 1 {
                    // One thread's GEMMs, whatever the thread was set to before (training leaves it
                    // at 1 or at its thread count): the same bits after training and from a file.
                    BLASThreads.withThisThread(1) { work(0) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        BLASThreads.setForThisThread(1)
                        GemmBackend.with(backend) { work(w) }
                    }
                }
            }
        }
        return output
    }

    /// Forward pass of a batch, keeping in `workspace` what ``backward(dOutput:workspace:gradients:)`` needs.
    ///
    /// - Parameters:
    ///   - input: `[batch, time, features]`.
    /// - Returns: `[batch, outputs]`, valid until the next forward pass with `workspace`.
    public func forward(
        input: UnsafeBufferPointer<Float>, batch: Int, time: Int, workspace: ModelWorkspace
    ) -> UnsafeBufferPointer<Float> {
        precondition(input.count == batch * time * features)
        workspace.prepare(layerCount: layers.count)
        workspace.batch = batch
        return parameters.withUnsafeBufferPointer { p in
            var x = input, sequence = true
            for (l, layer) in layers.enumerated() {
                // Layers above the first read the previous layer's cache, which stays put until backward.
                x = layer.forward(parameters: layerParameters(l, in: p), input: x, batch: batch, time: sequence ? time : 1,
                                  cache: workspace.layerCaches[l], retainInput: l > 0)
                if layer.isRecurrent { sequence = layer.returnSequences }
            }
            return x
        }
    }

    /// Backward pass of the last ``forward(input:batch:time:workspace:)`` with `workspace`.
    ///
    /// - Parameters:
    ///   - dOutput: gradient of the loss with respect to the output, `[batch, outputs]`.
    ///   - gradients: `parameterCount` Floats in the layout of ``parameters``; **accumulated**
    ///     (`+=`): zero it before each batch.
    public func backward(dOutput: UnsafeBufferPointer<Float>, workspace: ModelWorkspace, gradients: UnsafeMutableBufferPointer<Float>) {
        precondition(gradients.count == parameterCount && dOutput.count == workspace.batch * outputs)
        parameters.withUnsafeBufferPointer { p in
            var d = dOutput
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                d = layers[l].backward(parameters: layerParameters(l, in: p), dOutput: d, cache: workspace.layerCaches[l],
                                       gradients: gradients.slice(parameterOffsets[l], layers[l].parameterCount),
                                       computeInputGradient: l > 0)
            }
        }
    }
}

/// Buffers a ``Network`` keeps between its forward and backward passes, one ``LayerCache`` per
/// layer, reused across batches (one per training run or thread; not thread-safe).
public final class ModelWorkspace {
    var layerCaches: [LayerCache] = []
    /// Windows in the last forward pass.
    var batch = 0

    public init() {}

    func prepare(layerCount: Int) {
        while layerCaches.count < layerCount { layerCaches.append(LayerCache()) }
    }
}
