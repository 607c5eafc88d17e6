// Long short-term memory layer with Keras semantics and weight layout.
import ForecastCore
import ForecastKernels

/// An LSTM layer (Keras `keras.layers.LSTM` with its defaults) over `[batch, time, features]` inputs.
///
/// Gate order i (input), f (forget), c (cell candidate), o (output), as Keras:
/// ```
/// [i f c̃ o] = x_t · kernel + h_{t-1} · recurrentKernel + bias
/// i, f, o = sigmoid(·);  c̃ = tanh(·)
/// c_t = f ⊙ c_{t-1} + i ⊙ c̃;   h_t = o ⊙ tanh(c_t);   h_{-1} = c_{-1} = 0
/// ```
/// Parameters, in Keras `get_weights()` order so they load unchanged: `kernel [features, 4H]`,
/// `recurrent_kernel [H, 4H]`, `bias [4H]` (H = `hiddenSize`, each with column blocks i, f, c, o).
/// Initialization as Keras: kernel `glorot_uniform`, recurrent kernel `orthogonal`, bias zeros
/// except the forget block, which is 1 (`unit_forget_bias=True`).
///
/// `returnSequences`: `true` outputs `h_t` for every step, `[batch, time, H]` (what a following
/// recurrent layer needs); `false` outputs the last step only, `[batch, H]`.
///
/// Compute is Float32. Each step is one `[batch, F + H + 1] · [F + H + 1, 4H]` GEMM of `[x_t | h_{t-1} | 1]`
/// with `[kernel; recurrent_kernel; bias]` (adjacent in the parameters) plus one fused elementwise
/// kernel; nothing is allocated per step (buffers live in the ``LayerCache``). Backward is full
/// backpropagation through time over the window, with every weight gradient in one GEMM after it.
public struct LSTM: Sendable, Equatable {
    /// Features of each input step.
    public let inputSize: Int
    /// Units (H): size of the hidden and cell states.
    public let hiddenSize: Int
    /// Whether the output is every step's hidden state or only the last one.
    public let returnSequences: Bool

    public init(inputSize: Int, hiddenSize: Int, returnSequences: Bool) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.returnSequences = returnSequences
    }

    private var G: Int { 4 * hiddenSize }
    private var kernelCount: Int { inputSize * G }
    private var recurrentCount: Int { hiddenSize * G }

    /// Number of Floats of this layer in a flat parameter buffer: `(features + H + 1) · 4H`.
    public var parameterCount: Int { kernelCount + recurrentCount + G }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, G]), ("recurrent_kernel", [hiddenSize, G]), ("bias", [G])]
    }

    /// Writes Keras' initial values into `parameters` (`parameterCount` Floats), drawing the kernel,
    /// then the recurrent kernel, from `generator`.
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        precondition(parameters.count == parameterCount)
        Initializers.glorotUniform(parameters.slice(0, kernelCount), fanIn: inputSize, fanOut: G, using: &generator)
        Initializers.orthogonal(parameters.slice(kernelCount, recurrentCount), rows: hiddenSize, columns: G, using: &generator)
        let bias = parameters.from(kernelCount + recurrentCount)
        fill(bias, with: 0)
        fill(bias.slice(hiddenSize, hiddenSize), with: 1)
    }

    // Cache slots. The gate gradients overwrite the gate activations in place (slot gates).
    private enum Slot {
        static let stacked = 0, gates = 1, cells = 2, tanhCells = 3, hidden = 4, zeros = 5, last = 6
        static let dHidden = 8, dCell = 9, dInput = 10, recurrentTransposed = 11, kernelTransposed = 12
    }

    /// Runs the layer over a batch of sequences.
    ///
    /// Each step is one `[batch, F + H + 1] · [F + H + 1, 4H]` GEMM of the stacked step inputs
    /// `[x_t | h_{t-1} | 1]` (see `StackedStepInputs`) with `[kernel; recurrent_kernel; bias]`, then the
    /// fused gate kernel.
    ///
    /// - Parameters:
    ///   - parameters: this layer's `parameterCount` Floats.
    ///   - input: `[batch, time, inputSize]`, row-major (copied into the cache's stacked step inputs).
    ///   - cache: receives what ``backward(parameters:dOutput:cache:gradients:computeInputGradient:)`` needs.
    /// - Returns: `[batch, time, H]` when `returnSequences`, else `[batch, H]`; valid until the next
    ///   forward pass with the same cache.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        batch: Int, time: Int, cache: LayerCache
    ) -> UnsafeBufferPointer<Float> {
        let H = hiddenSize, F = inputSize, B = batch, T = time
        precondition(parameters.count == parameterCount && input.count == B * T * F && T > 0)
        let backend = GemmBackend.active
        cache.batch = B; cache.time = T
        let Z = F + H + 1
        let weights = parameters.slice(0, Z * G)
        let stacked = cache.buffer(Slot.stacked, count: B * T * Z)
        let gates = cache.buffer(Slot.gates, count: B * T * G)
        let cells = cache.buffer(Slot.cells, count: B * T * H)
        let tanhCells = cache.buffer(Slot.tanhCells, count: B * T * H)
        let hidden = cache.buffer(Slot.hidden, count: B * T * H)
        let zeros = cache.buffer(Slot.zeros, count: B * H)
        fill(zeros, with: 0)

        let (gStride, hStride) = (T * G, T * H)
        // Windows are independent until the weight gradients: any rows may run on their own.
        overRows(B, backend: backend) { rows in
            let (b0, n) = (rows.lowerBound, rows.count)
            let steps = StackedStepInputs(batch: n, time: T, features: F, hiddenSize: H)
            let z = stacked.slice(b0 * T * Z, n * T * Z)
            steps.stack(input.slice(b0 * T * F, n * T * F), into: z)
            let (g, c, tc, h) = (gates.slice(b0 * gStride, n * gStride), cells.slice(b0 * hStride, n * hStride),
                                 tanhCells.slice(b0 * hStride, n * hStride), hidden.slice(b0 * hStride, n * hStride))
            for t in 0..<T {
                let gt = g.from(t * G)
                gemm(.none, .none, m: n, n: G, k: Z, a: z.readOnly.from(t * Z), lda: T * Z, b: weights, ldb: G,
                     beta: 0, c: gt, ldc: gStride, backend: backend)
                let (cPrev, cPrevStride) = t > 0 ? (c.readOnly.from((t - 1) * H), hStride) : (zeros.readOnly.slice(b0 * H, n * H), H)
                lstmStepForward(gates: gt, gatesStride: gStride, previousCell: cPrev, previousCellStride: cPrevStride,
                                cell: c.from(t * H), cellStride: hStride, tanhCell: tc.from(t * H), tanhCellStride: hStride,
                                hidden: h.from(t * H), hiddenStride: hStride,
                                hiddenCopy: steps.hiddenSlot(step: t, in: z), hiddenCopyStride: steps.hiddenStride,
                                batch: n, hiddenSize: H)
            }
        }
        return sequenceOutput(hidden: hidden, last: cache.buffer(Slot.last, count: B * H),
                              returnSequences: returnSequences, batch: B, time: T, hiddenSize: H)
    }

    /// Backpropagation through time over the whole window of the last forward pass.
    ///
    /// The gate gradients overwrite the gate activations in the cache, so a second backward pass
    /// needs a new forward pass. The kernel, recurrent kernel and bias gradients are one GEMM after
    /// the time loop.
    ///
    /// - Parameters:
    ///   - dOutput: gradient with respect to the output: `[batch, time, H]` or `[batch, H]`.
    ///   - gradients: this layer's `parameterCount` Floats, same layout as the parameters;
    ///     **accumulated** (`+=`), so zero them before a batch.
    ///   - computeInputGradient: `false` skips the input gradient (first layer).
    /// - Returns: the gradient with respect to the input, `[batch, time, inputSize]`, overwritten in
    ///   the cache; empty when `computeInputGradient` is `false`.
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
        // Gate activations in; gate gradients out, in place.
        let dGates = cache.existing(Slot.gates, count: B * T * G)
        let cells = cache.existing(Slot.cells, count: B * T * H).readOnly
        let tanhCells = cache.existing(Slot.tanhCells, count: B * T * H).readOnly
        let zeros = cache.existing(Slot.zeros, count: B * H).readOnly
        let dHidden = cache.buffer(Slot.dHidden, count: B * H)
        let dCell = cache.buffer(Slot.dCell, count: B * H)
        fill(dHidden, with: 0)
        fill(dCell, with: 0)
        let recurrentT = cache.buffer(Slot.recurrentTransposed, count: recurrentCount)
        transpose(recurrent, rows: H, columns: G, into: recurrentT)

        let (gStride, hStride) = (T * G, T * H)
        overRows(B, backend: backend) { rows in
            let (b0, n) = (rows.lowerBound, rows.count)
            let dOut = returnSequences ? dOutput.slice(b0 * hStride, n * hStride) : dOutput.slice(b0 * H, n * H)
            let (dg, c, tc) = (dGates.slice(b0 * gStride, n * gStride), cells.slice(b0 * hStride, n * hStride),
                               tanhCells.slice(b0 * hStride, n * hStride))
            let (dh, dc) = (dHidden.slice(b0 * H, n * H), dCell.slice(b0 * H, n * H))
            for t in stride(from: T - 1, through: 0, by: -1) {
                // dh holds dL/dh_t through h_{t+1}; add what reaches h_t from the output.
                addOutputGradient(dOut, step: t, into: dh, returnSequences: returnSequences, batch: n, time: T, hiddenSize: H)
                let (cPrev, cPrevStride) = t > 0 ? (c.from((t - 1) * H), hStride) : (zeros.slice(b0 * H, n * H), H)
                let dgt = dg.from(t * G)
                lstmStepBackward(gates: dgt.readOnly, gatesStride: gStride, previousCell: cPrev, previousCellStride: cPrevStride,
                                 tanhCell: tc.from(t * H), tanhCellStride: hStride, dHidden: dh.readOnly, dHiddenStride: H,
                                 dCell: dc, dCellStride: H, dGates: dgt, dGatesStride: gStride, batch: n, hiddenSize: H)
                if t > 0 {
                    // dL/dh_{t-1} through the recurrence (the weight gradients come after the loop).
                    gemm(.none, .none, m: n, n: H, k: G, a: dgt.readOnly, lda: gStride, b: recurrentT.readOnly, ldb: H,
                         beta: 0, c: dh, ldc: H, backend: backend)
                }
            }
        }
        return steps.finishBackward(stacked, dPreactivations: dGates.readOnly, columns: G, kernel: parameters.slice(0, kernelCount),
                                    into: gradients, dInput: computeInputGradient ? cache.buffer(Slot.dInput, count: B * T * F) : nil,
                                    kernelTransposed: cache.buffer(Slot.kernelTransposed, count: kernelCount), backend: backend)
    }
}

extension LSTM {
    /// One step of the prediction path (see `PredictionWorkspace`): `[x_t | h_{t-1}] · [kernel; recurrent_kernel]`
    /// in one GEMM (the two arrays are adjacent in the parameters), then bias, gates and the cell
    /// state (`buffers.state`, `[B, H]`) into `h_t`.
    func predictStep(
        parameters: UnsafeBufferPointer<Float>, buffers: StepBuffers, batch B: Int,
        next: UnsafeMutableBufferPointer<Float>?, nextStride: Int, backend: GemmBackend
    ) {
        let F = inputSize, H = hiddenSize, Z = F + H
        gemm(.none, .none, m: B, n: G, k: Z, a: buffers.z.readOnly, lda: Z, b: parameters.slice(0, Z * G), ldb: G,
             beta: 0, c: buffers.preactivations, ldc: G, backend: backend)
        lstmStepPredict(gates: buffers.preactivations.readOnly, gatesStride: G, bias: parameters.slice(Z * G, G),
                        cell: buffers.state!, cellStride: H, hidden: buffers.z.from(F), hiddenStride: Z,
                        hiddenCopy: next, hiddenCopyStride: nextStride, batch: B, hiddenSize: H)
    }
}
