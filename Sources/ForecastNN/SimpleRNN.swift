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
/// Float32; one `[batch, F + H + 1] · [F + H + 1, H]` GEMM per step of `[x_t | h_{t-1} | 1]` with
/// `[kernel; recurrent_kernel; bias]`; no allocation per step; backward is full backpropagation through
/// time, with every weight gradient in one GEMM after it.
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
        static let stacked = 0, preactivations = 1, hidden = 2, last = 3, dHidden = 5, dInput = 6, recurrentTransposed = 7
        static let kernelTransposed = 8
    }

    /// Runs the layer over a batch of sequences; see ``LSTM/forward(parameters:input:batch:time:cache:)``
    /// for the contract (each step one GEMM of the stacked step inputs `[x_t | h_{t-1} | 1]`). Returns
    /// `[batch, time, H]` or `[batch, H]`.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = batch, T = time
        precondition(parameters.count == parameterCount && input.count == B * T * F && T > 0)
        let backend = GemmBackend.active
        cache.batch = B; cache.time = T
        let Z = F + H + 1
        let stacked = cache.buffer(Slot.stacked, count: B * T * Z)
        let weights = parameters.slice(0, Z * H)
        let pre = cache.buffer(Slot.preactivations, count: B * T * H)
        let hidden = cache.buffer(Slot.hidden, count: B * T * H)
        let s = T * H
        overRows(B, backend: backend) { rows in
            let (b0, n) = (rows.lowerBound, rows.count)
            let steps = StackedStepInputs(batch: n, time: T, features: F, hiddenSize: H)
            let z = stacked.slice(b0 * T * Z, n * T * Z)
            steps.stack(input.slice(b0 * T * F, n * T * F), into: z)
            let (p, h) = (pre.slice(b0 * s, n * s), hidden.slice(b0 * s, n * s))
            for t in 0..<T {
                gemm(.none, .none, m: n, n: H, k: Z, a: z.readOnly.from(t * Z), lda: T * Z, b: weights, ldb: H,
                     beta: 0, c: p.from(t * H), ldc: s, backend: backend)
                simpleRNNStepForward(preactivations: p.readOnly.from(t * H), preactivationsStride: s,
                                     hidden: h.from(t * H), hiddenStride: s, batch: n, hiddenSize: H)
                steps.stackHidden(h.readOnly, step: t, into: z)
            }
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
        let steps = StackedStepInputs(batch: B, time: T, features: F, hiddenSize: H)
        let stacked = cache.existing(Slot.stacked, count: B * T * steps.width).readOnly
        let recurrent = parameters.slice(kernelCount, recurrentCount)
        let hidden = cache.existing(Slot.hidden, count: B * T * H).readOnly
        let dPre = cache.existing(Slot.preactivations, count: B * T * H)
        let dHidden = cache.buffer(Slot.dHidden, count: B * H)
        fill(dHidden, with: 0)
        let recurrentT = cache.buffer(Slot.recurrentTransposed, count: recurrentCount)
        transpose(recurrent, rows: H, columns: H, into: recurrentT)
        let s = T * H
        overRows(B, backend: backend) { rows in
            let (b0, n) = (rows.lowerBound, rows.count)
            let dOut = returnSequences ? dOutput.slice(b0 * s, n * s) : dOutput.slice(b0 * H, n * H)
            let (h, dp, dh) = (hidden.slice(b0 * s, n * s), dPre.slice(b0 * s, n * s), dHidden.slice(b0 * H, n * H))
            for t in stride(from: T - 1, through: 0, by: -1) {
                addOutputGradient(dOut, step: t, into: dh, returnSequences: returnSequences, batch: n, time: T, hiddenSize: H)
                let dpt = dp.from(t * H)
                simpleRNNStepBackward(hidden: h.from(t * H), hiddenStride: s, dHidden: dh.readOnly, dHiddenStride: H,
                                      dPreactivations: dpt, dPreactivationsStride: s, batch: n, hiddenSize: H)
                if t > 0 {
                    gemm(.none, .none, m: n, n: H, k: H, a: dpt.readOnly, lda: s, b: recurrentT.readOnly, ldb: H, beta: 0, c: dh,
                         ldc: H, backend: backend)
                }
            }
        }
        return steps.finishBackward(stacked, dPreactivations: dPre.readOnly, columns: H, kernel: parameters.slice(0, kernelCount),
                                    into: gradients, dInput: computeInputGradient ? cache.buffer(Slot.dInput, count: B * T * F) : nil,
                                    kernelTransposed: cache.buffer(Slot.kernelTransposed, count: kernelCount), backend: backend)
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
