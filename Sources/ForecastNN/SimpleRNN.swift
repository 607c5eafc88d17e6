// Fully connected recurrent layer (Elman network) with Keras semantics and weight layout.
import ForecastCore
import ForecastKernels

/// A simple recurrent layer (Keras `keras.layers.SimpleRNN` with its defaults) over
/// `[batch, time, features]` inputs:
/// ```
/// h_t = tanh(x_t · kernel + h_{t-1} · recurrentKernel + bias),   h_{-1} = 0
/// ```
/// Parameters, in Keras `get_weights()` order: `kernel [features, H]`, `recurrent_kernel [H, H]`,
/// `bias [H]`. Initialization as Keras: kernel `glorot_uniform`, recurrent kernel `orthogonal`,
/// bias zeros.
///
/// `returnSequences`: `true` outputs every `h_t`, `[batch, time, H]`; `false` the last, `[batch, H]`.
/// Float32; input projection of all steps in one GEMM; one `[batch, H] · [H, H]` GEMM per step;
/// no allocation per step; backward is full backpropagation through time.
public struct SimpleRNN: Sendable, Equatable {
    /// Features of each input step.
    public let inputSize: Int
    /// Units (H): size of the hidden state.
    public let hiddenSize: Int
    /// Whether the output is every step's hidden state or only the last one.
    public let returnSequences: Bool

    public init(inputSize: Int, hiddenSize: Int, returnSequences: Bool) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.returnSequences = returnSequences
    }

    private var kernelCount: Int { inputSize * hiddenSize }
    private var recurrentCount: Int { hiddenSize * hiddenSize }

    /// Number of Floats of this layer in a flat parameter buffer: `(features + H + 1) · H`.
    public var parameterCount: Int { kernelCount + recurrentCount + hiddenSize }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, hiddenSize]), ("recurrent_kernel", [hiddenSize, hiddenSize]), ("bias", [hiddenSize])]
    }

    /// Writes Keras' initial values into `parameters`.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        precondition(parameters.count == parameterCount)
        Initializers.glorotUniform(parameters.slice(0, kernelCount), fanIn: inputSize, fanOut: hiddenSize, using: &generator)
        Initializers.orthogonal(parameters.slice(kernelCount, recurrentCount), rows: hiddenSize, columns: hiddenSize, using: &generator)
        fill(parameters.from(kernelCount + recurrentCount), with: 0)
    }

    private enum Slot {
        static let x = 0, preactivations = 1, hidden = 2, last = 3, dHidden = 5, dInput = 6, recurrentTransposed = 7
        static let kernelTransposed = 8
    }

    /// Runs the layer over a batch of sequences; see ``LSTM/forward(parameters:input:batch:time:cache:)``
    /// for the contract. Returns `[batch, time, H]` or `[batch, H]`.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache
    ) -> UnsafeBufferPointer<Float> {
        forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: false)
    }

    /// ``forward(parameters:input:batch:time:cache:)``, keeping a pointer to `input` when `retainInput`.
    func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache, retainInput: Bool
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = batch, T = time
        precondition(parameters.count == parameterCount && input.count == B * T * F && T > 0)
        let backend = GemmBackend.active
        cache.batch = B; cache.time = T
        cache.keepInput(input, slot: Slot.x, retain: retainInput)
        let recurrent = parameters.slice(kernelCount, recurrentCount)
        let pre = cache.buffer(Slot.preactivations, count: B * T * H)
        let hidden = cache.buffer(Slot.hidden, count: B * T * H)
        projectInput(cache.input, kernel: parameters.slice(0, kernelCount), bias: parameters.from(kernelCount + recurrentCount),
                     projection: pre, rows: B * T, features: F, width: H, backend: backend)
        let s = T * H
        for t in 0..<T {
            if t > 0 {
                gemm(.none, .none, m: B, n: H, k: H, a: hidden.readOnly.from((t - 1) * H), lda: s, b: recurrent, ldb: H,
                     beta: 1, c: pre.from(t * H), ldc: s, backend: backend)
            }
            simpleRNNStepForward(preactivations: pre.readOnly.from(t * H), preactivationsStride: s,
                                 hidden: hidden.from(t * H), hiddenStride: s, batch: B, hiddenSize: H)
        }
        return sequenceOutput(hidden: hidden, last: cache.buffer(Slot.last, count: B * H),
                              returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
    }

    /// Backpropagation through time; see ``LSTM/backward(parameters:dOutput:cache:gradients:computeInputGradient:)``.
    /// Parameter gradients are **accumulated**; the returned input gradient is overwritten. The
    /// pre-activation gradients overwrite the pre-activations in the cache.
    @discardableResult
    public func backward(
        parameters: UnsafeBufferPointer<Float>, dOutput: UnsafeBufferPointer<Float>, cache: LayerCache,
        gradients: UnsafeMutableBufferPointer<Float>, computeInputGradient: Bool = true
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = cache.batch, T = cache.time
        precondition(parameters.count == parameterCount && gradients.count == parameterCount)
        precondition(dOutput.count == (returnSequences ? B * T * H : B * H))
        let backend = GemmBackend.active
        let recurrent = parameters.slice(kernelCount, recurrentCount)
        let x = cache.input
        precondition(x.count == B * T * F, "SimpleRNN.backward without a matching forward pass")
        let hidden = cache.existing(Slot.hidden, count: B * T * H).readOnly
        let dPre = cache.existing(Slot.preactivations, count: B * T * H)
        let dHidden = cache.buffer(Slot.dHidden, count: B * H)
        fill(dHidden, with: 0)
        let recurrentT = cache.buffer(Slot.recurrentTransposed, count: recurrentCount)
        transpose(recurrent, rows: H, columns: H, into: recurrentT)
        let s = T * H
        for t in stride(from: T - 1, through: 0, by: -1) {
            addOutputGradient(dOutput, step: t, into: dHidden, returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
            let dpt = dPre.from(t * H)
            simpleRNNStepBackward(hidden: hidden.from(t * H), hiddenStride: s, dHidden: dHidden.readOnly, dHiddenStride: H,
                                  dPreactivations: dpt, dPreactivationsStride: s, batch: B, hiddenSize: H)
            if t > 0 {
                gemm(.none, .none, m: B, n: H, k: H, a: dpt.readOnly, lda: s, b: recurrentT.readOnly, ldb: H, beta: 0, c: dHidden, ldc: H,
                     backend: backend)
            }
        }
        let dInput = computeInputGradient ? cache.buffer(Slot.dInput, count: B * T * F) : nil
        projectInputBackward(x: x, kernel: parameters.slice(0, kernelCount), dProjection: dPre.readOnly,
                             dKernel: gradients.slice(0, kernelCount), dBias: gradients.from(kernelCount + recurrentCount),
                             dInput: dInput, kernelTransposed: dInput == nil ? nil : cache.buffer(Slot.kernelTransposed, count: kernelCount),
                             rows: B * T, features: F, width: H, backend: backend)
        addRecurrentKernelGradient(hidden: hidden, dProjection: dPre, dRecurrent: gradients.slice(kernelCount, recurrentCount),
                                   batch: B, time: T, hiddenSize: H, width: H, backend: backend)
        return dInput?.readOnly ?? UnsafeBufferPointer(start: nil, count: 0)
    }
}

extension SimpleRNN {
    /// One step of the prediction path (see `PredictionWorkspace`): `[x_t | h_{t-1}] · [kernel; recurrent_kernel]`
    /// in one GEMM (the two arrays are adjacent in the parameters), then bias and tanh into `h_t`.
    func predictStep(
        parameters: UnsafeBufferPointer<Float>, buffers: StepBuffers, batch B: Int,
        next: UnsafeMutableBufferPointer<Float>?, nextStride: Int, backend: GemmBackend
    ) {
        let F = inputSize, H = hiddenSize, Z = F + H
        gemm(.none, .none, m: B, n: H, k: Z, a: buffers.z.readOnly, lda: Z, b: parameters.slice(0, Z * H), ldb: H,
             beta: 0, c: buffers.preactivations, ldc: H, backend: backend)
        simpleRNNStepPredict(preactivations: buffers.preactivations.readOnly, preactivationsStride: H, bias: parameters.slice(Z * H, H),
                             hidden: buffers.z.from(F), hiddenStride: Z, hiddenCopy: next, hiddenCopyStride: nextStride,
                             batch: B, hiddenSize: H)
    }
}
