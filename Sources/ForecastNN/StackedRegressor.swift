// A stack of recurrent layers with a Dense head: the forecasting model, its flat parameters and
// its forward/backward passes.
import Dispatch
import ForecastCore
import ForecastKernels

/// Recurrent layers stacked on a Dense head that maps the last state to `horizon` outputs (direct
/// multi-step forecasting), as the Keras model
/// ```python
/// Sequential([LSTM(h1, return_sequences=True), ..., LSTM(hn), Dense(horizon)])
/// ```
/// Every recurrent layer but the last returns its whole sequence (`[batch, time, H]`), the last
/// returns its final state (`[batch, H]`), and the head is linear.
///
/// All parameters live in one flat `[Float]` buffer, ``parameters``: layer by layer (recurrent
/// layers first to last, then the head), each layer's arrays in Keras `get_weights()` order — so
/// the concatenation of a Keras model's `get_weights()`, flattened, loads unchanged. Gradients use
/// the same layout, so the optimizer and clipping run over one buffer.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let model = try StackedRegressor(
///     architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [32, 16], features: 1, horizon: 12),
///     generator: &generator)
/// let forecasts = try model.predict(windows, count: n, time: 48)   // [n, 12]
/// ```
public struct StackedRegressor: Sendable {
    /// What the model is made of.
    public let architecture: ModelArchitecture
    /// The recurrent layers, first to last.
    public let layers: [RecurrentLayer]
    /// The linear head: `[batch, lastHiddenSize] → [batch, horizon]`.
    public let head: Dense
    /// Start of each layer's parameters in ``parameters``: `layers.count + 1` entries (the head last).
    public let parameterOffsets: [Int]
    /// Every parameter of the model, Float32, in the layout described above.
    public var parameters: [Float]

    /// Total number of parameters.
    public var parameterCount: Int { parameters.count }

    /// A model with Keras' initial weights (per layer: kernel `glorot_uniform`, recurrent kernel
    /// `orthogonal`, biases zeros, LSTM forget bias 1), drawn layer by layer from `generator`.
    ///
    /// - Throws: ``ModelError/invalid(field:value:expected:)`` for an out-of-range architecture.
    public init(architecture: ModelArchitecture, generator: inout SeededGenerator) throws(ModelError) {
        try self.init(architecture: architecture, parameters: nil)
        parameters.withUnsafeMutableBufferPointer { p in
            for (l, layer) in layers.enumerated() {
                layer.initialize(p.slice(parameterOffsets[l], layer.parameterCount), using: &generator)
            }
            head.initialize(p.from(parameterOffsets[layers.count]), using: &generator)
        }
    }

    /// A model with the given parameters (for example a trained model read back, or a Keras
    /// model's `get_weights()` flattened and concatenated).
    ///
    /// - Throws: ``ModelError/parameterCount(found:expected:)`` when `parameters` has the wrong length.
    public init(architecture: ModelArchitecture, parameters: [Float]) throws(ModelError) {
        try self.init(architecture: architecture, parameters: Optional(parameters))
    }

    private init(architecture: ModelArchitecture, parameters: [Float]?) throws(ModelError) {
        try architecture.validate()
        self.architecture = architecture
        var layers: [RecurrentLayer] = []
        var offsets: [Int] = []
        var inputSize = architecture.features, offset = 0
        for (i, h) in architecture.hiddenSizes.enumerated() {
            let layer = RecurrentLayer(kind: architecture.cell, inputSize: inputSize, hiddenSize: h,
                                       returnSequences: i < architecture.hiddenSizes.count - 1,
                                       resetAfter: architecture.gruResetAfter)
            layers.append(layer)
            offsets.append(offset)
            offset += layer.parameterCount
            inputSize = h
        }
        head = Dense(inputSize: inputSize, units: architecture.horizon)
        offsets.append(offset)
        offset += head.parameterCount
        self.layers = layers
        parameterOffsets = offsets
        if let parameters, parameters.count != offset { throw .parameterCount(found: parameters.count, expected: offset) }
        self.parameters = parameters ?? [Float](repeating: 0, count: offset)
    }

    /// Every parameter array in buffer order: layer index (the head is `layers.count`), Keras name
    /// (`kernel`, `recurrent_kernel`, `bias`) and shape.
    public var parameterShapes: [(layer: Int, name: String, shape: [Int])] {
        var shapes: [(layer: Int, name: String, shape: [Int])] = []
        for (l, layer) in layers.enumerated() { shapes += layer.parameterShapes.map { (l, $0.name, $0.shape) } }
        shapes += head.parameterShapes.map { (layers.count, $0.name, $0.shape) }
        return shapes
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
    /// - Returns: `[count, horizon]`, row-major.
    /// - Throws: ``ModelError/inputShape(what:found:expected:)`` when `inputs` does not hold
    ///   `count · time · features` values.
    public func predict(_ inputs: [Float], count: Int, time: Int) throws(ModelError) -> [Float] {
        try predict(inputs, count: count, time: time, threads: 1)
    }

    /// ``predict(_:count:time:)`` on `threads` threads: chunks of 256 windows are dealt out to the
    /// threads in turn (each with its own buffers, GEMMs on 1 thread). Windows are independent, so
    /// the result does not depend on `threads`.
    ///
    /// Stacks of LSTM, SimpleRNN and GRU (`reset_after = true`) layers run the prediction path of
    /// `PredictionWorkspace` (per layer and step one GEMM over `[x_t | h_{t-1}]`, two for GRU; no
    /// activations kept: memory does not grow with the window length); it agrees with
    /// ``forward(input:batch:time:workspace:)`` to Float32 rounding. Stacks with a `reset_after = false`
    /// GRU run the training forward pass.
    public func predict(_ inputs: [Float], count: Int, time: Int, threads: Int) throws(ModelError) -> [Float] {
        let F = architecture.features, K = architecture.horizon
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
                    work(0)
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
    /// - Returns: `[batch, horizon]`, valid until the next forward pass with `workspace`.
    public func forward(
        input: UnsafeBufferPointer<Float>, batch: Int, time: Int, workspace: ModelWorkspace
    ) -> UnsafeBufferPointer<Float> {
        precondition(input.count == batch * time * architecture.features)
        workspace.prepare(layerCount: layers.count)
        return parameters.withUnsafeBufferPointer { p in
            var x = input
            for (l, layer) in layers.enumerated() {
                // Layers above the first read the previous layer's cache, which stays put until backward.
                x = layer.forward(parameters: p.slice(parameterOffsets[l], layer.parameterCount), input: x,
                                  batch: batch, time: time, cache: workspace.layerCaches[l], retainInput: l > 0)
            }
            workspace.headInput = x
            let out = workspace.head.buffer(0, count: batch * head.units)
            workspace.head.batch = batch; workspace.head.time = time
            head.forward(parameters: p.from(parameterOffsets[layers.count]), input: x, output: out, rows: batch)
            return out.readOnly
        }
    }

    /// Backward pass of the last ``forward(input:batch:time:workspace:)`` with `workspace`.
    ///
    /// - Parameters:
    ///   - dOutput: gradient of the loss with respect to the output, `[batch, horizon]`.
    ///   - gradients: `parameterCount` Floats in the layout of ``parameters``; **accumulated**
    ///     (`+=`): zero it before each batch.
    public func backward(dOutput: UnsafeBufferPointer<Float>, workspace: ModelWorkspace, gradients: UnsafeMutableBufferPointer<Float>) {
        let B = workspace.head.batch
        precondition(gradients.count == parameterCount && dOutput.count == B * head.units)
        parameters.withUnsafeBufferPointer { p in
            let dHeadInput = workspace.head.buffer(1, count: B * head.inputSize)
            head.backward(parameters: p.from(parameterOffsets[layers.count]), input: workspace.headInput, dOutput: dOutput,
                          rows: B, gradients: gradients.from(parameterOffsets[layers.count]), dInput: dHeadInput)
            var d = dHeadInput.readOnly
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                let layer = layers[l]
                d = layer.backward(parameters: p.slice(parameterOffsets[l], layer.parameterCount), dOutput: d,
                                   cache: workspace.layerCaches[l], gradients: gradients.slice(parameterOffsets[l], layer.parameterCount),
                                   computeInputGradient: l > 0)
            }
        }
    }
}

/// Buffers a ``StackedRegressor`` keeps between its forward and backward passes, reused across
/// batches (one per training run; not thread-safe).
public final class ModelWorkspace {
    var layerCaches: [LayerCache] = []
    let head = LayerCache()
    var headInput = UnsafeBufferPointer<Float>(start: nil, count: 0)

    public init() {}

    func prepare(layerCount: Int) {
        while layerCaches.count < layerCount { layerCaches.append(LayerCache()) }
    }
}
