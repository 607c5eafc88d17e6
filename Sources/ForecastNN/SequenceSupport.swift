// Steps shared by the recurrent layers: the step inputs stacked with the previous hidden state (LSTM) or
// the input projection of all steps in one GEMM before the time loop (SimpleRNN, GRU), the output of the
// last step, and the weight/input gradients in one GEMM after the loop.
import ForecastCore
import ForecastKernels

/// Runs `work` over the windows `0..<batch` of a layer's batch, split in two halves on two threads when
/// a spare thread is waiting (``SpareThreads``: a backtest's worker with no fit left), else whole.
///
/// Only with oneDNN on one thread per GEMM: its single-threaded sgemm computes every element of C the
/// same way whatever M (or N) the call has, so cutting the rows (or columns) changes no bit, and the
/// numbers never depend on whether a spare thread happened to be waiting (a test pins this).
/// OpenBLAS picks other kernels for small matrices, so it always runs whole. Halves have at least 16
/// windows.
func overRows(_ batch: Int, backend: GemmBackend, _ work: (Range<Int>) -> Void) {
    overHalves(batch, minimum: 16, backend: backend, work)
}

/// ``overRows(_:backend:_:)`` over the columns of a weight gradient (halves of at least 32 columns).
func overColumns(_ columns: Int, backend: GemmBackend, _ work: (Range<Int>) -> Void) {
    overHalves(columns, minimum: 32, backend: backend, work)
}

private func overHalves(_ count: Int, minimum: Int, backend: GemmBackend, _ work: (Range<Int>) -> Void) {
    guard backend == .oneDNN, BLASThreads.forThisThread == 1 else { return work(0..<count) }
    SpareThreads.current.split(count, minimum: minimum) { part in BLASThreads.withThisThread(1) { work(part) } }
}

/// Stacked step inputs of a layer whose parameters start with `kernel [F, W]`, `recurrent_kernel [H, W]`
/// and `bias [W]`, adjacent: together the `(F + H + 1) × W` matrix `[kernel; recurrent_kernel; bias]`.
///
/// Row `(b, t)` of the buffer (`[B, T, F + H + 1]`, batch-major) is `[x_{b,t} | h_{b,t-1} | 1]`
/// (`h_{b,-1} = 0`), so one GEMM per step gives `x_t · kernel + h_{t-1} · recurrent_kernel + bias`
/// (no separate input projection or bias pass), and after backpropagation one GEMM of the whole
/// buffer with the pre-activation gradients gives the gradients of all three arrays.
struct StackedStepInputs {
    let batch: Int, time: Int, features: Int, hiddenSize: Int
    /// Floats per row: `F + H + 1`.
    var width: Int { features + hiddenSize + 1 }

    /// Writes every row's `x` part and its 1, and `h_{-1} = 0` into the rows of step 0.
    func stack(_ x: UnsafeBufferPointer<Float>, into z: UnsafeMutableBufferPointer<Float>) {
        let (B, T, F, H, Z) = (batch, time, features, hiddenSize, width)
        precondition(x.count == B * T * F && z.count == B * T * Z)
        copyRows(x, sourceStride: F, to: z, destinationStride: Z, rows: B * T, columns: F)
        for r in 0..<(B * T) { z[r * Z + F + H] = 1 }
        for b in 0..<B { fill(z.slice(b * T * Z + F, H), with: 0) }
    }

    /// Where `h_t` goes: the `h` part of the rows of step `t + 1` (`[B, H]` at ``hiddenStride``), or
    /// `nil` for the last step.
    func hiddenSlot(step t: Int, in z: UnsafeMutableBufferPointer<Float>) -> UnsafeMutableBufferPointer<Float>? {
        t + 1 < time ? z.from((t + 1) * width + features) : nil
    }

    /// Row stride of ``hiddenSlot(step:in:)``: `T · (F + H + 1)`.
    var hiddenStride: Int { time * width }

    /// The end of a backward pass: ``addWeightGradient(_:dPreactivations:columns:into:backend:)``, then, when
    /// `dInput` (`[B, T, F]`) is given, the input gradient `dPreactivations · kernelᵀ` into it (`kernelTransposed`,
    /// `[W, F]`, is scratch). Returns the input gradient, or an empty buffer.
    func finishBackward(
        _ z: UnsafeBufferPointer<Float>, dPreactivations: UnsafeBufferPointer<Float>, columns W: Int,
        kernel: UnsafeBufferPointer<Float>, into gradients: UnsafeMutableBufferPointer<Float>,
        dInput: UnsafeMutableBufferPointer<Float>?, kernelTransposed: @autoclosure () -> UnsafeMutableBufferPointer<Float>,
        backend: GemmBackend
    ) -> UnsafeBufferPointer<Float> {
        addWeightGradient(z, dPreactivations: dPreactivations, columns: W, into: gradients, backend: backend)
        guard let dInput else { return UnsafeBufferPointer(start: nil, count: 0) }
        inputGradient(dPreactivations, kernel: kernel, into: dInput, kernelTransposed: kernelTransposed(), rows: batch * time,
                      features: features, width: W, time: time, backend: backend)
        return dInput.readOnly
    }

    /// `gradients[0 ..< (F + H + 1)·W] += zᵀ · dPreactivations` (`[B, T, W]`): the kernel, recurrent
    /// kernel and bias gradients at once, over all `B·T` rows.
    func addWeightGradient(
        _ z: UnsafeBufferPointer<Float>, dPreactivations: UnsafeBufferPointer<Float>, columns W: Int,
        into gradients: UnsafeMutableBufferPointer<Float>, backend: GemmBackend
    ) {
        let weights = gradients.slice(0, width * W)
        overColumns(W, backend: backend) { columns in
            gemm(.transposed, .none, m: width, n: columns.count, k: batch * time, a: z, lda: width,
                 b: dPreactivations.from(columns.lowerBound), ldb: W, beta: 1, c: weights.from(columns.lowerBound), ldc: W,
                 backend: backend)
        }
    }
}

/// Computes `projection = x · kernel (+ bias)` for all `B·T` rows of `x` (`[B, T, F]`) at once:
/// `[B·T, G]`, which is `[B, T, G]` batch-major.
func projectInput(
    _ x: UnsafeBufferPointer<Float>,
    kernel: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?,
    projection: UnsafeMutableBufferPointer<Float>, rows: Int, features: Int, width: Int, backend: GemmBackend
) {
    gemm(.none, .none, m: rows, n: width, k: features, a: x, lda: features, b: kernel, ldb: width,
         beta: 0, c: projection, ldc: width, backend: backend)
    if let bias { addRowVector(bias, to: projection, rows: rows, columns: width, stride: width) }
}

/// `dRecurrent += Σ_{b, t ≥ 1} h[b, t-1]ᵀ · d[b, t]` in one GEMM over all `B·T - 1` row pairs
/// (`hidden` `[B, T, H]`, `dProjection` `[B, T, W]`), instead of one small GEMM per step.
///
/// Flat row `r` of `hidden` is paired with row `r + 1` of `dProjection`; the pairs that cross from
/// window `b` to `b + 1` (`h[b, T-1]` with `d[b+1, 0]`) must not count, so the rows `d[b, 0]` of
/// windows `b >= 1` are **zeroed first**: call this after every other use of `dProjection`.
func addRecurrentKernelGradient(
    hidden: UnsafeBufferPointer<Float>, dProjection: UnsafeMutableBufferPointer<Float>,
    dRecurrent: UnsafeMutableBufferPointer<Float>, batch B: Int, time T: Int, hiddenSize H: Int, width W: Int,
    backend: GemmBackend
) {
    guard T > 1 else { return }
    for b in 1..<max(B, 1) { fill(dProjection.slice(b * T * W, W), with: 0) }
    gemm(.transposed, .none, m: H, n: W, k: B * T - 1, a: hidden, lda: H, b: dProjection.readOnly.from(W), ldb: W,
         beta: 1, c: dRecurrent, ldc: W, backend: backend)
}

/// Gradients of ``projectInput``: `dKernel += xᵀ · dProjection`, `dBias += column sums`,
/// `dInput = dProjection · kernelᵀ` (overwritten, when given; then `kernelTransposed`, `[width, features]`
/// scratch, is required and receives `kernelᵀ` first so the product runs untransposed, see
/// ``transpose(_:rows:columns:into:)``).
func projectInputBackward(
    x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>, dProjection: UnsafeBufferPointer<Float>,
    dKernel: UnsafeMutableBufferPointer<Float>, dBias: UnsafeMutableBufferPointer<Float>?,
    dInput: UnsafeMutableBufferPointer<Float>?, kernelTransposed: UnsafeMutableBufferPointer<Float>?,
    rows: Int, features: Int, width: Int, backend: GemmBackend = .active
) {
    gemm(.transposed, .none, m: features, n: width, k: rows, a: x, lda: features, b: dProjection, ldb: width,
         beta: 1, c: dKernel, ldc: width, backend: backend)
    if let dBias { addColumnSums(of: dProjection, rows: rows, columns: width, stride: width, into: dBias) }
    guard let dInput else { return }
    guard let kernelTransposed else { preconditionFailure("projectInputBackward: dInput needs kernelTransposed scratch") }
    inputGradient(dProjection, kernel: kernel, into: dInput, kernelTransposed: kernelTransposed, rows: rows, features: features,
                  width: width, backend: backend)
}

/// `dInput = dProjection · kernelᵀ` (`[rows, features]`, overwritten); `kernelTransposed` (`[width, features]`
/// scratch) receives `kernelᵀ` first so the product runs untransposed. With `time` (the steps per window,
/// when `rows` is `batch · time`) the windows may run in two halves (``overRows(_:backend:_:)``).
func inputGradient(
    _ dProjection: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>, into dInput: UnsafeMutableBufferPointer<Float>,
    kernelTransposed: UnsafeMutableBufferPointer<Float>, rows: Int, features: Int, width: Int, time: Int = 0,
    backend: GemmBackend
) {
    transpose(kernel, rows: features, columns: width, into: kernelTransposed)
    let kernelT = kernelTransposed.readOnly
    guard time > 0 else {
        return gemm(.none, .none, m: rows, n: features, k: width, a: dProjection, lda: width, b: kernelT, ldb: features,
                    beta: 0, c: dInput, ldc: features, backend: backend)
    }
    overRows(rows / time, backend: backend) { windows in
        let (r0, n) = (windows.lowerBound * time, windows.count * time)
        gemm(.none, .none, m: n, n: features, k: width, a: dProjection.from(r0 * width), lda: width, b: kernelT, ldb: features,
             beta: 0, c: dInput.from(r0 * features), ldc: features, backend: backend)
    }
}

/// The layer output: the whole hidden sequence `[B, T, H]`, or the last step copied into `last`
/// (`[B, H]`).
func sequenceOutput(
    hidden: UnsafeMutableBufferPointer<Float>, last: UnsafeMutableBufferPointer<Float>,
    returnSequences: Bool, batch: Int, time: Int, hiddenSize: Int
) -> UnsafeBufferPointer<Float> {
    if returnSequences { return hidden.readOnly }
    copyRows(hidden.readOnly.from((time - 1) * hiddenSize), sourceStride: time * hiddenSize,
             to: last, destinationStride: hiddenSize, rows: batch, columns: hiddenSize)
    return last.readOnly
}

/// Adds the gradient arriving from the layer's output at step `t` into `dHidden` (`[B, H]`):
/// row `t` of `dOutput` `[B, T, H]` with sequences, or all of `dOutput` `[B, H]` at the last step.
func addOutputGradient(
    _ dOutput: UnsafeBufferPointer<Float>, step t: Int, into dHidden: UnsafeMutableBufferPointer<Float>,
    returnSequences: Bool, batch: Int, time: Int, hiddenSize: Int
) {
    if returnSequences {
        addRows(dOutput.from(t * hiddenSize), sourceStride: time * hiddenSize, into: dHidden,
                destinationStride: hiddenSize, rows: batch, columns: hiddenSize)
    } else if t == time - 1 {
        addRows(dOutput, sourceStride: hiddenSize, into: dHidden, destinationStride: hiddenSize, rows: batch, columns: hiddenSize)
    }
}
