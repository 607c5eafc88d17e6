// Steps shared by every recurrent layer: the input projection of all steps in one GEMM before the
// time loop, the output of the last step, and the weight/input gradients in one GEMM after it.
import ForecastKernels

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
    transpose(kernel, rows: features, columns: width, into: kernelTransposed)
    gemm(.none, .none, m: rows, n: features, k: width, a: dProjection, lda: width, b: kernelTransposed.readOnly, ldb: features,
         beta: 0, c: dInput, ldc: features, backend: backend)
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
