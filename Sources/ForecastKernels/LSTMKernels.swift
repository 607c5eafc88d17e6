// Fused elementwise part of one LSTM step, forward and backward (Keras gate order i, f, c, o).
//
// B = batch, H = hidden size. Every matrix argument is given as a buffer that starts at its row 0
// plus a row stride (see Elementwise.swift), so a step of a `[B, T, ·]` sequence is passed without
// copying. Each row is processed with per-row base pointers and an inner loop over `j` only, so the
// loops vectorize.

/// Gate activations and state update of one LSTM step.
///
/// - Parameters:
///   - gates: `[B, 4H]` at `gatesStride`: on entry the pre-activations `x·W + h·U + b` in blocks
///     i, f, c, o; on exit the activations `σ(i), σ(f), tanh(c̃), σ(o)` (overwritten in place).
///   - previousCell: `c_{t-1}`, `[B, H]`.
///   - cell: `c_t = f ⊙ c_{t-1} + i ⊙ c̃`, `[B, H]`, overwritten.
///   - tanhCell: `tanh(c_t)`, `[B, H]`, overwritten (kept for the backward pass).
///   - hidden: `h_t = o ⊙ tanh(c_t)`, `[B, H]`, overwritten.
public func lstmStepForward(
    gates: UnsafeMutableBufferPointer<Float>, gatesStride: Int,
    previousCell: UnsafeBufferPointer<Float>, previousCellStride: Int,
    cell: UnsafeMutableBufferPointer<Float>, cellStride: Int,
    tanhCell: UnsafeMutableBufferPointer<Float>, tanhCellStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 4 * H, stride: gatesStride, "lstmStepForward gates")
    checkRows(previousCell.count, rows: batch, columns: H, stride: previousCellStride, "lstmStepForward previousCell")
    checkRows(cell.count, rows: batch, columns: H, stride: cellStride, "lstmStepForward cell")
    checkRows(tanhCell.count, rows: batch, columns: H, stride: tanhCellStride, "lstmStepForward tanhCell")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "lstmStepForward hidden")
    guard batch > 0, H > 0 else { return }
    for b in 0..<batch {
        let gi = gates.baseAddress! + b * gatesStride
        let gf = gi + H, gc = gi + 2 * H, go = gi + 3 * H
        let cp = previousCell.baseAddress! + b * previousCellStride
        let c = cell.baseAddress! + b * cellStride
        let tc = tanhCell.baseAddress! + b * tanhCellStride
        let h = hidden.baseAddress! + b * hiddenStride
        for j in 0..<H {
            let i = fastSigmoid(gi[j]), f = fastSigmoid(gf[j])
            let g = fastTanh(gc[j]), o = fastSigmoid(go[j])
            gi[j] = i; gf[j] = f; gc[j] = g; go[j] = o
            let cn = f * cp[j] + i * g
            c[j] = cn
            let t = fastTanh(cn)
            tc[j] = t
            h[j] = o * t
        }
    }
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
    for b in 0..<batch {
        let gi = gates.baseAddress! + b * gatesStride
        let gf = gi + H, gc = gi + 2 * H, go = gi + 3 * H
        let cp = previousCell.baseAddress! + b * previousCellStride
        let tc = tanhCell.baseAddress! + b * tanhCellStride
        let dh = dHidden.baseAddress! + b * dHiddenStride
        let dc = dCell.baseAddress! + b * dCellStride
        let di = dGates.baseAddress! + b * dGatesStride
        let df = di + H, dg = di + 2 * H, dout = di + 3 * H
        for j in 0..<H {
            let i = gi[j], f = gf[j], g = gc[j], o = go[j], t = tc[j], d = dh[j]
            let dcTotal = dc[j] + d * o * (1 - t * t)
            dout[j] = d * t * o * (1 - o)
            di[j] = dcTotal * g * i * (1 - i)
            dg[j] = dcTotal * i * (1 - g * g)
            df[j] = dcTotal * cp[j] * f * (1 - f)
            dc[j] = dcTotal * f
        }
    }
}
