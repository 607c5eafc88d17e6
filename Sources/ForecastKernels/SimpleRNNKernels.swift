// Elementwise part of one SimpleRNN step (tanh), forward and backward. B = batch, H = hidden size.
// The loops are C (CForecastKernels), vectorized for the CPU's widest vectors.
internal import CForecastKernels

/// `h_t = tanh(a)` for the pre-activations `a = x·W + h_{t-1}·U + b`.
///
/// - Parameters:
///   - preactivations: `[B, H]` at its stride.
///   - hidden: `[B, H]`, overwritten (may be the same memory as `preactivations`, same stride).
public func simpleRNNStepForward(
    preactivations: UnsafeBufferPointer<Float>, preactivationsStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(preactivations.count, rows: batch, columns: H, stride: preactivationsStride, "simpleRNNStepForward preactivations")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "simpleRNNStepForward hidden")
    guard batch > 0, H > 0 else { return }
    cfk_tanh_rows(preactivations.baseAddress!, preactivationsStride, hidden.baseAddress!, hiddenStride, batch, H)
}

/// `dA = dH ⊙ (1 - h_t²)`: gradient with respect to the pre-activations of one SimpleRNN step.
///
/// - Parameters:
///   - hidden: `h_t`, `[B, H]`.
///   - dHidden: total gradient with respect to `h_t`, `[B, H]`.
///   - dPreactivations: `[B, H]`, overwritten.
public func simpleRNNStepBackward(
    hidden: UnsafeBufferPointer<Float>, hiddenStride: Int,
    dHidden: UnsafeBufferPointer<Float>, dHiddenStride: Int,
    dPreactivations: UnsafeMutableBufferPointer<Float>, dPreactivationsStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "simpleRNNStepBackward hidden")
    checkRows(dHidden.count, rows: batch, columns: H, stride: dHiddenStride, "simpleRNNStepBackward dHidden")
    checkRows(dPreactivations.count, rows: batch, columns: H, stride: dPreactivationsStride, "simpleRNNStepBackward dPreactivations")
    guard batch > 0, H > 0 else { return }
    cfk_tanh_backward_rows(hidden.baseAddress!, hiddenStride, dHidden.baseAddress!, dHiddenStride,
                           dPreactivations.baseAddress!, dPreactivationsStride, batch, H)
}

/// One SimpleRNN step for prediction: `h_t = tanh(a + bias)`.
///
/// - Parameters:
///   - preactivations: `[B, H]`, `x·W + h·U` without the bias; read only.
///   - bias: `[H]`.
///   - hidden: `h_t`, `[B, H]`, overwritten.
///   - hiddenCopy: when given, a second destination of `h_t`.
public func simpleRNNStepPredict(
    preactivations: UnsafeBufferPointer<Float>, preactivationsStride: Int, bias: UnsafeBufferPointer<Float>,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    hiddenCopy: UnsafeMutableBufferPointer<Float>?, hiddenCopyStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(preactivations.count, rows: batch, columns: H, stride: preactivationsStride, "simpleRNNStepPredict preactivations")
    precondition(bias.count >= H, "simpleRNNStepPredict bias: \(bias.count) values, expected \(H)")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "simpleRNNStepPredict hidden")
    if let hiddenCopy { checkRows(hiddenCopy.count, rows: batch, columns: H, stride: hiddenCopyStride, "simpleRNNStepPredict hiddenCopy") }
    guard batch > 0, H > 0 else { return }
    cfk_rnn_predict(preactivations.baseAddress!, preactivationsStride, bias.baseAddress!, hidden.baseAddress!, hiddenStride,
                    hiddenCopy?.baseAddress, hiddenCopyStride, batch, H)
}
