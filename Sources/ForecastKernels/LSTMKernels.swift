// Fused elementwise part of one LSTM step, forward and backward (Keras gate order i, f, c, o).
//
// B = batch, H = hidden size. Every matrix argument is given as a buffer that starts at its row 0
// plus a row stride (see Elementwise.swift), so a step of a `[B, T, ·]` sequence is passed without
// copying. The loops are C (CForecastKernels), vectorized for the CPU's widest vectors.
internal import CForecastKernels

/// Gate activations and state update of one LSTM step.
///
/// - Parameters:
///   - gates: `[B, 4H]` at `gatesStride`: on entry the pre-activations `x·W + h·U + b` in blocks
///     i, f, c, o; on exit the activations `σ(i), σ(f), tanh(c̃), σ(o)` (overwritten in place).
///   - previousCell: `c_{t-1}`, `[B, H]`.
///   - cell: `c_t = f ⊙ c_{t-1} + i ⊙ c̃`, `[B, H]`, overwritten.
///   - tanhCell: `tanh(c_t)`, `[B, H]`, overwritten (kept for the backward pass).
///   - hidden: `h_t = o ⊙ tanh(c_t)`, `[B, H]`, overwritten.
///   - hiddenCopy: when given, `[B, H]` at `hiddenCopyStride` that receives `h_t` too (the next step's
///     stacked input), written from registers.
public func lstmStepForward(
    gates: UnsafeMutableBufferPointer<Float>, gatesStride: Int,
    previousCell: UnsafeBufferPointer<Float>, previousCellStride: Int,
    cell: UnsafeMutableBufferPointer<Float>, cellStride: Int,
    tanhCell: UnsafeMutableBufferPointer<Float>, tanhCellStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    hiddenCopy: UnsafeMutableBufferPointer<Float>? = nil, hiddenCopyStride: Int = 0,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 4 * H, stride: gatesStride, "lstmStepForward gates")
    checkRows(previousCell.count, rows: batch, columns: H, stride: previousCellStride, "lstmStepForward previousCell")
    checkRows(cell.count, rows: batch, columns: H, stride: cellStride, "lstmStepForward cell")
    checkRows(tanhCell.count, rows: batch, columns: H, stride: tanhCellStride, "lstmStepForward tanhCell")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "lstmStepForward hidden")
    if let hiddenCopy { checkRows(hiddenCopy.count, rows: batch, columns: H, stride: hiddenCopyStride, "lstmStepForward hiddenCopy") }
    guard batch > 0, H > 0 else { return }
    cfk_lstm_forward(gates.baseAddress!, gatesStride, previousCell.baseAddress!, previousCellStride, cell.baseAddress!, cellStride,
                     tanhCell.baseAddress!, tanhCellStride, hidden.baseAddress!, hiddenStride, hiddenCopy?.baseAddress, hiddenCopyStride,
                     batch, H)
}

/// Gradients through the elementwise part of one LSTM step.
///
/// - Parameters:
///   - gates: the activations ``lstmStepForward`` left, `[B, 4H]`.
///   - previousCell: `c_{t-1}`, `[B, H]`.
///   - tanhCell: `tanh(c_t)`, `[B, H]`.
///   - dHidden: total gradient of the loss with respect to `h_t` (from the output and from step
///     `t + 1`), `[B, H]`.
///   - dCell: `[B, H]`, in and out: on entry the gradient reaching `c_t` from step `t + 1` (zeros at
///     the last step); on exit the gradient with respect to `c_{t-1}` (overwritten in place).
///   - dGates: gradients with respect to the pre-activations, blocks i, f, c, o, `[B, 4H]`, overwritten.
///     May be the same memory as `gates` (same stride): each element is read before it is overwritten.
public func lstmStepBackward(
    gates: UnsafeBufferPointer<Float>, gatesStride: Int,
    previousCell: UnsafeBufferPointer<Float>, previousCellStride: Int,
    tanhCell: UnsafeBufferPointer<Float>, tanhCellStride: Int,
    dHidden: UnsafeBufferPointer<Float>, dHiddenStride: Int,
    dCell: UnsafeMutableBufferPointer<Float>, dCellStride: Int,
    dGates: UnsafeMutableBufferPointer<Float>, dGatesStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 4 * H, stride: gatesStride, "lstmStepBackward gates")
    checkRows(previousCell.count, rows: batch, columns: H, stride: previousCellStride, "lstmStepBackward previousCell")
    checkRows(tanhCell.count, rows: batch, columns: H, stride: tanhCellStride, "lstmStepBackward tanhCell")
    checkRows(dHidden.count, rows: batch, columns: H, stride: dHiddenStride, "lstmStepBackward dHidden")
    checkRows(dCell.count, rows: batch, columns: H, stride: dCellStride, "lstmStepBackward dCell")
    checkRows(dGates.count, rows: batch, columns: 4 * H, stride: dGatesStride, "lstmStepBackward dGates")
    guard batch > 0, H > 0 else { return }
    cfk_lstm_backward(gates.baseAddress!, gatesStride, previousCell.baseAddress!, previousCellStride, tanhCell.baseAddress!, tanhCellStride,
                      dHidden.baseAddress!, dHiddenStride, dCell.baseAddress!, dCellStride, dGates.baseAddress!, dGatesStride, batch, H)
}

/// One LSTM step for prediction: no activations or `tanh(c_t)` kept for a backward pass.
///
/// - Parameters:
///   - gates: `[B, 4H]`, `x·W + h·U` without the bias, blocks i, f, c, o; read only.
///   - bias: `[4H]`, added here.
///   - cell: `[B, H]`, in `c_{t-1}`, out `c_t` (in place).
///   - hidden: `h_t`, `[B, H]`, overwritten.
///   - hiddenCopy: when given, a second destination of `h_t` (for example the next layer's input).
public func lstmStepPredict(
    gates: UnsafeBufferPointer<Float>, gatesStride: Int, bias: UnsafeBufferPointer<Float>,
    cell: UnsafeMutableBufferPointer<Float>, cellStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    hiddenCopy: UnsafeMutableBufferPointer<Float>?, hiddenCopyStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 4 * H, stride: gatesStride, "lstmStepPredict gates")
    precondition(bias.count >= 4 * H, "lstmStepPredict bias: \(bias.count) values, expected \(4 * H)")
    checkRows(cell.count, rows: batch, columns: H, stride: cellStride, "lstmStepPredict cell")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "lstmStepPredict hidden")
    if let hiddenCopy { checkRows(hiddenCopy.count, rows: batch, columns: H, stride: hiddenCopyStride, "lstmStepPredict hiddenCopy") }
    guard batch > 0, H > 0 else { return }
    cfk_lstm_predict(gates.baseAddress!, gatesStride, bias.baseAddress!, cell.baseAddress!, cellStride,
                     hidden.baseAddress!, hiddenStride, hiddenCopy?.baseAddress, hiddenCopyStride, batch, H)
}
