// Steps shared by every recurrent layer: the input projection of all steps in one GEMM before the
// time loop, the output of the last step, and the weight/input gradients in one GEMM after it.
import ForecastKernels

/// Copies `input` (`[B, T, F]`) into `x` and computes `projection = x · kernel (+ bias)` for all
/// `B·T` rows at once: `[B·T, G]`, which is `[B, T, G]` batch-major.
func projectInput(
    _ input: UnsafeBufferPointer<Float>, into x: UnsafeMutableBufferPointer<Float>,
    kernel: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?,
    projection: UnsafeMutableBufferPointer<Float>, rows: Int, features: Int, width: Int
) {
    copyRows(input, sourceStride: features, to: x, destinationStride: features, rows: rows, columns: features)
    gemm(.none, .none, m: rows, n: width, k: features, a: x.readOnly, lda: features, b: kernel, ldb: width,
         beta: 0, c: projection, ldc: width)
    if let bias { addRowVector(bias, to: projection, rows: rows, columns: width, stride: width) }
}

/// Gradients of ``projectInput``: `dKernel += xᵀ · dProjection`, `dBias += column sums`,
/// `dInput = dProjection · kernelᵀ` (overwritten, when given).
func projectInputBackward(
    x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>, dProjection: UnsafeBufferPointer<Float>,
    dKernel: UnsafeMutableBufferPointer<Float>, dBias: UnsafeMutableBufferPointer<Float>?,
    dInput: UnsafeMutableBufferPointer<Float>?, rows: Int, features: Int, width: Int
) {
    gemm(.transposed, .none, m: features, n: width, k: rows, a: x, lda: features, b: dProjection, ldb: width,
         beta: 1, c: dKernel, ldc: width)
    if let dBias { addColumnSums(of: dProjection, rows: rows, columns: width, stride: width, into: dBias) }
    if let dInput {
        gemm(.none, .transposed, m: rows, n: features, k: width, a: dProjection, lda: width, b: kernel, ldb: width,
             beta: 0, c: dInput, ldc: features)
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
