// Gated recurrent unit layer with Keras semantics and weight layout (both reset_after variants).
import ForecastCore
import ForecastKernels

/// A GRU layer (Keras `keras.layers.GRU` with its defaults) over `[batch, time, features]` inputs.
///
/// Gate order z (update), r (reset), h (candidate), as Keras, and Keras' state update
/// `h_t = z ⊙ h_{t-1} + (1 - z) ⊙ h̃`, with `h_{-1} = 0`:
/// - `resetAfter = true` (Keras' default, and what PyTorch computes):
///   ```
///   [x_z x_r x_h] = x_t · kernel + bias[0];   [p_z p_r p_h] = h_{t-1} · recurrentKernel + bias[1]
///   z = σ(x_z + p_z);   r = σ(x_r + p_r);   h̃ = tanh(x_h + r ⊙ p_h)
///   ```
///   parameters `kernel [features, 3H]`, `recurrent_kernel [H, 3H]`, `bias [2, 3H]` (row 0 input
///   bias, row 1 recurrent bias).
/// - `resetAfter = false`: `z = σ(x_z + h_{t-1}·U_z)`, `r = σ(x_r + h_{t-1}·U_r)`,
///   `h̃ = tanh(x_h + (r ⊙ h_{t-1})·U_h)` with `[x_z x_r x_h] = x_t · kernel + bias`;
///   parameters `kernel [features, 3H]`, `recurrent_kernel [H, 3H]`, `bias [3H]`.
///
/// Arrays are in Keras `get_weights()` order, so they load unchanged. Initialization as Keras:
/// kernel `glorot_uniform`, recurrent kernel `orthogonal`, biases zeros.
///
/// `returnSequences`: `true` outputs every `h_t`, `[batch, time, H]`; `false` the last, `[batch, H]`.
/// Float32; input projection of all steps in one GEMM; one recurrent GEMM per step (two with
/// `resetAfter = false`); no allocation per step; backward is full backpropagation through time.
public struct GRU: Sendable, Equatable {
    /// Features of each input step.
    public let inputSize: Int
    /// Units (H): size of the hidden state.
    public let hiddenSize: Int
    /// Whether the output is every step's hidden state or only the last one.
    public let returnSequences: Bool
    /// Whether the reset gate multiplies the recurrent projection after the matrix product (Keras'
    /// default, `true`) or the previous state before it.
    public let resetAfter: Bool

    public init(inputSize: Int, hiddenSize: Int, returnSequences: Bool, resetAfter: Bool = true) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.returnSequences = returnSequences
        self.resetAfter = resetAfter
    }

    private var G: Int { 3 * hiddenSize }
    private var kernelCount: Int { inputSize * G }
    private var recurrentCount: Int { hiddenSize * G }
    private var biasCount: Int { resetAfter ? 2 * G : G }

    /// Number of Floats of this layer in a flat parameter buffer: `(features + H + 2) · 3H` with
    /// `resetAfter`, else `(features + H + 1) · 3H`.
    public var parameterCount: Int { kernelCount + recurrentCount + biasCount }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, G]), ("recurrent_kernel", [hiddenSize, G]), ("bias", resetAfter ? [2, G] : [G])]
    }

    /// Writes Keras' initial values into `parameters`.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        precondition(parameters.count == parameterCount)
        Initializers.glorotUniform(parameters.slice(0, kernelCount), fanIn: inputSize, fanOut: G, using: &generator)
        Initializers.orthogonal(parameters.slice(kernelCount, recurrentCount), rows: hiddenSize, columns: G, using: &generator)
        fill(parameters.from(kernelCount + recurrentCount), with: 0)
    }

    private enum Slot {
        static let x = 0, inputProjection = 1, recurrentProjection = 2, gates = 3, hidden = 4, zeros = 5, last = 6
        static let dInputProjection = 7, dRecurrentProjection = 8, dHiddenA = 9, dHiddenB = 10, dInput = 11
        static let recurrentTransposed = 12, kernelTransposed = 13
        static let resetHidden = 2, dResetHidden = 8  // reset_after = false reuses the recurrent-projection slots
    }

    /// Runs the layer over a batch of sequences; see ``LSTM/forward(parameters:input:batch:time:cache:)``
    /// for the contract. Returns `[batch, time, H]` or `[batch, H]`.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache
    ) -> UnsafeBufferPointer<Float> {
        forward(parameters: parameters, input: input, batch: batch, time: time, cache: cache, retainInput: false)
    }

    /// ``forward(parameters:input:batch:time:cache:)``; with `retainInput` the cache keeps a pointer
    /// to `input` instead of a copy, and the caller keeps it unchanged until the backward pass.
    func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache, retainInput: Bool
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = batch, T = time
        precondition(parameters.count == parameterCount && input.count == B * T * F && T > 0)
        cache.batch = B; cache.time = T
        let recurrent = parameters.slice(kernelCount, recurrentCount)
        let bias = parameters.from(kernelCount + recurrentCount)
        cache.keepInput(input, slot: Slot.x, retain: retainInput)
        let xp = cache.buffer(Slot.inputProjection, count: B * T * G)
        let gates = cache.buffer(Slot.gates, count: B * T * G)
        let hidden = cache.buffer(Slot.hidden, count: B * T * H)
        let zeros = cache.buffer(Slot.zeros, count: B * H)
        fill(zeros, with: 0)
        projectInput(cache.input, kernel: parameters.slice(0, kernelCount), bias: bias.slice(0, G),
                     projection: xp, rows: B * T, features: F, width: G, backend: .active)
        let (gs, hs) = (T * G, T * H)
        if resetAfter {
            let rp = cache.buffer(Slot.recurrentProjection, count: B * T * G)
            let recurrentBias = bias.slice(G, G)
            for t in 0..<T {
                let rpt = rp.from(t * G)
                if t > 0 {
                    gemm(.none, .none, m: B, n: G, k: H, a: hidden.readOnly.from((t - 1) * H), lda: hs, b: recurrent, ldb: G,
                         beta: 0, c: rpt, ldc: gs)
                } else {
                    for b in 0..<B { fill(rpt.slice(b * gs, G), with: 0) }
                }
                addRowVector(recurrentBias, to: rpt, rows: B, columns: G, stride: gs)
                let (hPrev, hPrevStride) = t > 0 ? (hidden.readOnly.from((t - 1) * H), hs) : (zeros.readOnly, H)
                gruStepForwardResetAfter(inputProjection: xp.readOnly.from(t * G), inputProjectionStride: gs,
                                         recurrentProjection: rpt.readOnly, recurrentProjectionStride: gs,
                                         previousHidden: hPrev, previousHiddenStride: hPrevStride,
                                         gates: gates.from(t * G), gatesStride: gs, hidden: hidden.from(t * H), hiddenStride: hs,
                                         batch: B, hiddenSize: H)
            }
        } else {
            let rh = cache.buffer(Slot.resetHidden, count: B * T * H)
            for t in 0..<T {
                let at = xp.from(t * G)
                if t > 0 {
                    gemm(.none, .none, m: B, n: 2 * H, k: H, a: hidden.readOnly.from((t - 1) * H), lda: hs, b: recurrent, ldb: G,
                         beta: 1, c: at, ldc: gs)
                }
                let (hPrev, hPrevStride) = t > 0 ? (hidden.readOnly.from((t - 1) * H), hs) : (zeros.readOnly, H)
                gruStepResetGateForward(preactivations: at.readOnly, preactivationsStride: gs, previousHidden: hPrev,
                                        previousHiddenStride: hPrevStride, gates: gates.from(t * G), gatesStride: gs,
                                        resetHidden: rh.from(t * H), resetHiddenStride: hs, batch: B, hiddenSize: H)
                if t > 0 {
                    gemm(.none, .none, m: B, n: H, k: H, a: rh.readOnly.from(t * H), lda: hs, b: recurrent.from(2 * H), ldb: G,
                         beta: 1, c: at.from(2 * H), ldc: gs)
                }
                gruStepCandidateForward(preactivations: at.readOnly, preactivationsStride: gs, previousHidden: hPrev,
                                        previousHiddenStride: hPrevStride, gates: gates.from(t * G), gatesStride: gs,
                                        hidden: hidden.from(t * H), hiddenStride: hs, batch: B, hiddenSize: H)
            }
        }
        return sequenceOutput(hidden: hidden, last: cache.buffer(Slot.last, count: B * H),
                              returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
    }

    /// Backpropagation through time; see ``LSTM/backward(parameters:dOutput:cache:gradients:computeInputGradient:)``.
    /// Parameter gradients are **accumulated**; the returned input gradient is overwritten.
    @discardableResult
    public func backward(
        parameters: UnsafeBufferPointer<Float>, dOutput: UnsafeBufferPointer<Float>, cache: LayerCache,
        gradients: UnsafeMutableBufferPointer<Float>, computeInputGradient: Bool = true
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = cache.batch, T = cache.time
        precondition(parameters.count == parameterCount && gradients.count == parameterCount)
        precondition(dOutput.count == (returnSequences ? B * T * H : B * H))
        let recurrent = parameters.slice(kernelCount, recurrentCount)
        let dRecurrent = gradients.slice(kernelCount, recurrentCount)
        let dBias = gradients.from(kernelCount + recurrentCount)
        let x = cache.input
        precondition(x.count == B * T * F, "GRU.backward without a matching forward pass")
        let gates = cache.existing(Slot.gates, count: B * T * G).readOnly
        let hidden = cache.existing(Slot.hidden, count: B * T * H).readOnly
        let zeros = cache.existing(Slot.zeros, count: B * H).readOnly
        let dxp = cache.buffer(Slot.dInputProjection, count: B * T * G)
        // Gradient with respect to h_t (current step) and h_{t-1} (being built), swapped each step.
        var dHidden = cache.buffer(Slot.dHiddenA, count: B * H)
        var dPrevious = cache.buffer(Slot.dHiddenB, count: B * H)
        fill(dHidden, with: 0)
        let (gs, hs) = (T * G, T * H)
        if resetAfter {
            let rp = cache.existing(Slot.recurrentProjection, count: B * T * G).readOnly
            let drp = cache.buffer(Slot.dRecurrentProjection, count: B * T * G)
            let recurrentT = cache.buffer(Slot.recurrentTransposed, count: recurrentCount)
            transpose(recurrent, rows: H, columns: G, into: recurrentT)
            for t in stride(from: T - 1, through: 0, by: -1) {
                addOutputGradient(dOutput, step: t, into: dHidden, returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
                let (hPrev, hPrevStride) = t > 0 ? (hidden.from((t - 1) * H), hs) : (zeros, H)
                let drpt = drp.from(t * G)
                gruStepBackwardResetAfter(gates: gates.from(t * G), gatesStride: gs, recurrentProjection: rp.from(t * G),
                                          recurrentProjectionStride: gs, previousHidden: hPrev, previousHiddenStride: hPrevStride,
                                          dHidden: dHidden.readOnly, dHiddenStride: H,
                                          dInputProjection: dxp.from(t * G), dInputProjectionStride: gs,
                                          dRecurrentProjection: drpt, dRecurrentProjectionStride: gs,
                                          dPreviousHidden: dPrevious, dPreviousHiddenStride: H, batch: B, hiddenSize: H)
                if t > 0 {
                    // dL/dh_{t-1} through the recurrence (the recurrent kernel's gradient comes after the loop).
                    gemm(.none, .none, m: B, n: H, k: G, a: drpt.readOnly, lda: gs, b: recurrentT.readOnly, ldb: H,
                         beta: 1, c: dPrevious, ldc: H)
                }
                swap(&dHidden, &dPrevious)
            }
            // The recurrent bias is added at every step, t = 0 included; its sums come first, because the
            // kernel's gradient (one GEMM over all steps) zeroes the t = 0 rows it must not pair.
            addColumnSums(of: drp.readOnly, rows: B * T, columns: G, stride: G, into: dBias.slice(G, G))
            addRecurrentKernelGradient(hidden: hidden, dProjection: drp, dRecurrent: dRecurrent, batch: B, time: T,
                                       hiddenSize: H, width: G, backend: .active)
        } else {
            let rh = cache.existing(Slot.resetHidden, count: B * T * H).readOnly
            let drh = cache.buffer(Slot.dResetHidden, count: B * H)
            for t in stride(from: T - 1, through: 0, by: -1) {
                addOutputGradient(dOutput, step: t, into: dHidden, returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
                let (hPrev, hPrevStride) = t > 0 ? (hidden.from((t - 1) * H), hs) : (zeros, H)
                let dat = dxp.from(t * G), gt = gates.from(t * G)
                gruStepCandidateBackward(gates: gt, gatesStride: gs, previousHidden: hPrev, previousHiddenStride: hPrevStride,
                                         dHidden: dHidden.readOnly, dHiddenStride: H, dPreactivations: dat, dPreactivationsStride: gs,
                                         dPreviousHidden: dPrevious, dPreviousHiddenStride: H, batch: B, hiddenSize: H)
                gemm(.none, .transposed, m: B, n: H, k: H, a: dat.readOnly.from(2 * H), lda: gs, b: recurrent.from(2 * H), ldb: G,
                     beta: 0, c: drh, ldc: H)
                gruStepResetGateBackward(gates: gt, gatesStride: gs, previousHidden: hPrev, previousHiddenStride: hPrevStride,
                                         dResetHidden: drh.readOnly, dResetHiddenStride: H, dPreactivations: dat,
                                         dPreactivationsStride: gs, dPreviousHidden: dPrevious, dPreviousHiddenStride: H,
                                         batch: B, hiddenSize: H)
                if t > 0 {
                    gemm(.none, .transposed, m: B, n: H, k: 2 * H, a: dat.readOnly, lda: gs, b: recurrent, ldb: G,
                         beta: 1, c: dPrevious, ldc: H)
                    gemm(.transposed, .none, m: H, n: 2 * H, k: B, a: hidden.from((t - 1) * H), lda: hs, b: dat.readOnly, ldb: gs,
                         beta: 1, c: dRecurrent, ldc: G)
                    gemm(.transposed, .none, m: H, n: H, k: B, a: rh.from(t * H), lda: hs, b: dat.readOnly.from(2 * H), ldb: gs,
                         beta: 1, c: dRecurrent.from(2 * H), ldc: G)
                }
                swap(&dHidden, &dPrevious)
            }
        }
        let dInput = computeInputGradient ? cache.buffer(Slot.dInput, count: B * T * F) : nil
        projectInputBackward(x: x, kernel: parameters.slice(0, kernelCount), dProjection: dxp.readOnly,
                             dKernel: gradients.slice(0, kernelCount), dBias: dBias.slice(0, G), dInput: dInput,
                             kernelTransposed: dInput == nil ? nil : cache.buffer(Slot.kernelTransposed, count: kernelCount),
                             rows: B * T, features: F, width: G)
        return dInput?.readOnly ?? UnsafeBufferPointer(start: nil, count: 0)
    }
}

extension GRU {
    /// One step of the prediction path (`resetAfter` only; see `PredictionWorkspace`): `x_t · kernel`
    /// into the pre-activations and `h_{t-1} · recurrent_kernel` into `buffers.state` (`[B, 3H]`) apart,
    /// as the reset gate multiplies the second one's candidate block; the step kernel adds both biases.
    func predictStep(
        parameters: UnsafeBufferPointer<Float>, buffers: StepBuffers, batch B: Int,
        next: UnsafeMutableBufferPointer<Float>?, nextStride: Int, backend: GemmBackend
    ) {
        precondition(resetAfter, "GRU.predictStep: reset_after = false has no prediction step")
        let F = inputSize, H = hiddenSize, Z = F + H
        let rp = buffers.state!
        let biases = parameters.slice(Z * G, 2 * G)
        gemm(.none, .none, m: B, n: G, k: F, a: buffers.z.readOnly, lda: Z, b: parameters.slice(0, F * G), ldb: G,
             beta: 0, c: buffers.preactivations, ldc: G, backend: backend)
        gemm(.none, .none, m: B, n: G, k: H, a: buffers.z.readOnly.from(F), lda: Z, b: parameters.slice(F * G, H * G), ldb: G,
             beta: 0, c: rp, ldc: G, backend: backend)
        gruStepPredict(inputProjection: buffers.preactivations.readOnly, inputProjectionStride: G,
                       recurrentProjection: rp.readOnly, recurrentProjectionStride: G,
                       inputBias: biases.slice(0, G), recurrentBias: biases.slice(G, G),
                       hidden: buffers.z.from(F), hiddenStride: Z, hiddenCopy: next, hiddenCopyStride: nextStride,
                       batch: B, hiddenSize: H)
    }
}
