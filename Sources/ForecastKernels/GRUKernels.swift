// Fused elementwise parts of one GRU step, forward and backward (Keras gate order z, r, h).
//
// B = batch, H = hidden size; matrices are passed as buffers starting at row 0 plus a row stride.
// Keras' update: h_t = z ⊙ h_{t-1} + (1 - z) ⊙ h̃.
//
// reset_after = true (Keras' default, and PyTorch's formula): one recurrent GEMM per step,
//   p = h_{t-1}·U + b_rec, z = σ(x_z + p_z), r = σ(x_r + p_r), h̃ = tanh(x_h + r ⊙ p_h).
// reset_after = false: the reset gate is applied before the candidate's recurrent GEMM,
//   z = σ(x_z + h_{t-1}·U_z), r = σ(x_r + h_{t-1}·U_r), h̃ = tanh(x_h + (r ⊙ h_{t-1})·U_h),
//   which needs two GEMMs per step, with a kernel on each side.
// The reset_after = true kernels are C (CForecastKernels, vectorized per CPU, rational tanh and sigmoid as the
// LSTM's); the reset_after = false ones are Swift loops.

internal import CForecastKernels

// MARK: reset_after = true

/// Gates and new state of one GRU step with `reset_after = true`.
///
/// - Parameters:
///   - inputProjection: `x·W + b_in`, `[B, 3H]`, blocks z, r, h.
///   - recurrentProjection: `h_{t-1}·U + b_rec`, `[B, 3H]`, blocks z, r, h.
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - gates: `z, r, h̃`, `[B, 3H]`, overwritten.
///   - hidden: `h_t`, `[B, H]`, overwritten.
public func gruStepForwardResetAfter(
    inputProjection: UnsafeBufferPointer<Float>, inputProjectionStride: Int,
    recurrentProjection: UnsafeBufferPointer<Float>, recurrentProjectionStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    gates: UnsafeMutableBufferPointer<Float>, gatesStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(inputProjection.count, rows: batch, columns: 3 * H, stride: inputProjectionStride, "gruStepForwardResetAfter inputProjection")
    checkRows(recurrentProjection.count, rows: batch, columns: 3 * H, stride: recurrentProjectionStride, "gruStepForwardResetAfter recurrentProjection")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepForwardResetAfter previousHidden")
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepForwardResetAfter gates")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "gruStepForwardResetAfter hidden")
    guard batch > 0, H > 0 else { return }
    cfk_gru_forward(inputProjection.baseAddress!, inputProjectionStride, recurrentProjection.baseAddress!, recurrentProjectionStride,
                    previousHidden.baseAddress!, previousHiddenStride, gates.baseAddress!, gatesStride,
                    hidden.baseAddress!, hiddenStride, batch, H)
}

/// Gradients through the elementwise part of one GRU step with `reset_after = true`.
///
/// - Parameters:
///   - gates: `z, r, h̃` from the forward step, `[B, 3H]`.
///   - recurrentProjection: `h_{t-1}·U + b_rec` from the forward step, `[B, 3H]` (only block h is read).
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - dHidden: total gradient with respect to `h_t`, `[B, H]`.
///   - dInputProjection: gradient with respect to `x·W + b_in`, `[B, 3H]`, overwritten.
///   - dRecurrentProjection: gradient with respect to `h_{t-1}·U + b_rec`, `[B, 3H]`, overwritten.
///   - dPreviousHidden: `[B, H]`, overwritten with the direct part `dH ⊙ z`; the caller adds
///     `dRecurrentProjection · Uᵀ` (a GEMM with `beta = 1`).
public func gruStepBackwardResetAfter(
    gates: UnsafeBufferPointer<Float>, gatesStride: Int,
    recurrentProjection: UnsafeBufferPointer<Float>, recurrentProjectionStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    dHidden: UnsafeBufferPointer<Float>, dHiddenStride: Int,
    dInputProjection: UnsafeMutableBufferPointer<Float>, dInputProjectionStride: Int,
    dRecurrentProjection: UnsafeMutableBufferPointer<Float>, dRecurrentProjectionStride: Int,
    dPreviousHidden: UnsafeMutableBufferPointer<Float>, dPreviousHiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepBackwardResetAfter gates")
    checkRows(recurrentProjection.count, rows: batch, columns: 3 * H, stride: recurrentProjectionStride, "gruStepBackwardResetAfter recurrentProjection")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepBackwardResetAfter previousHidden")
    checkRows(dHidden.count, rows: batch, columns: H, stride: dHiddenStride, "gruStepBackwardResetAfter dHidden")
    checkRows(dInputProjection.count, rows: batch, columns: 3 * H, stride: dInputProjectionStride, "gruStepBackwardResetAfter dInputProjection")
    checkRows(dRecurrentProjection.count, rows: batch, columns: 3 * H, stride: dRecurrentProjectionStride, "gruStepBackwardResetAfter dRecurrentProjection")
    checkRows(dPreviousHidden.count, rows: batch, columns: H, stride: dPreviousHiddenStride, "gruStepBackwardResetAfter dPreviousHidden")
    guard batch > 0, H > 0 else { return }
    cfk_gru_backward(gates.baseAddress!, gatesStride, recurrentProjection.baseAddress!, recurrentProjectionStride,
                     previousHidden.baseAddress!, previousHiddenStride, dHidden.baseAddress!, dHiddenStride,
                     dInputProjection.baseAddress!, dInputProjectionStride, dRecurrentProjection.baseAddress!,
                     dRecurrentProjectionStride, dPreviousHidden.baseAddress!, dPreviousHiddenStride, batch, H)
}

/// One GRU step with `reset_after = true` for prediction only (no activations kept).
///
/// - Parameters:
///   - inputProjection: `x_t · kernel` **without** bias, `[B, 3H]`, blocks z, r, h.
///   - recurrentProjection: `h_{t-1} · recurrentKernel` **without** bias, `[B, 3H]`.
///   - inputBias, recurrentBias: `[3H]` each (Keras' `bias[0]` and `bias[1]`).
///   - hidden: `[B, H]`, in and out: `h_{t-1}` on entry, `h_t` on exit.
///   - hiddenCopy: when given, `h_t` is also written here (the next layer's input), `[B, H]`.
public func gruStepPredict(
    inputProjection: UnsafeBufferPointer<Float>, inputProjectionStride: Int,
    recurrentProjection: UnsafeBufferPointer<Float>, recurrentProjectionStride: Int,
    inputBias: UnsafeBufferPointer<Float>, recurrentBias: UnsafeBufferPointer<Float>,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    hiddenCopy: UnsafeMutableBufferPointer<Float>?, hiddenCopyStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(inputProjection.count, rows: batch, columns: 3 * H, stride: inputProjectionStride, "gruStepPredict inputProjection")
    checkRows(recurrentProjection.count, rows: batch, columns: 3 * H, stride: recurrentProjectionStride, "gruStepPredict recurrentProjection")
    precondition(inputBias.count >= 3 * H && recurrentBias.count >= 3 * H, "gruStepPredict: biases need 3H values")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "gruStepPredict hidden")
    if let hiddenCopy { checkRows(hiddenCopy.count, rows: batch, columns: H, stride: hiddenCopyStride, "gruStepPredict hiddenCopy") }
    guard batch > 0, H > 0 else { return }
    cfk_gru_predict(inputProjection.baseAddress!, inputProjectionStride, recurrentProjection.baseAddress!, recurrentProjectionStride,
                    inputBias.baseAddress!, recurrentBias.baseAddress!, hidden.baseAddress!, hiddenStride,
                    hiddenCopy?.baseAddress, hiddenCopyStride, batch, H)
}

// MARK: reset_after = false

/// First half of a GRU step with `reset_after = false`: update and reset gates, and `r ⊙ h_{t-1}`.
///
/// - Parameters:
///   - preactivations: `[B, 3H]`; blocks z and r hold `x·W + b + h_{t-1}·U` (block h is not read).
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - gates: `[B, 3H]`; blocks z and r overwritten with `σ(·)`, block h untouched.
///   - resetHidden: `r ⊙ h_{t-1}`, `[B, H]`, overwritten: the left operand of the candidate's GEMM.
public func gruStepResetGateForward(
    preactivations: UnsafeBufferPointer<Float>, preactivationsStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    gates: UnsafeMutableBufferPointer<Float>, gatesStride: Int,
    resetHidden: UnsafeMutableBufferPointer<Float>, resetHiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(preactivations.count, rows: batch, columns: 3 * H, stride: preactivationsStride, "gruStepResetGateForward preactivations")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepResetGateForward previousHidden")
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepResetGateForward gates")
    checkRows(resetHidden.count, rows: batch, columns: H, stride: resetHiddenStride, "gruStepResetGateForward resetHidden")
    guard batch > 0, H > 0 else { return }
    for b in 0..<batch {
        let az = preactivations.baseAddress! + b * preactivationsStride
        let ar = az + H
        let hp = previousHidden.baseAddress! + b * previousHiddenStride
        let gz = gates.baseAddress! + b * gatesStride
        let gr = gz + H
        let rh = resetHidden.baseAddress! + b * resetHiddenStride
        for j in 0..<H {
            let z = fastSigmoid(az[j]), r = fastSigmoid(ar[j])
            gz[j] = z; gr[j] = r
            rh[j] = r * hp[j]
        }
    }
}

/// Second half of a GRU step with `reset_after = false`: candidate and new state.
///
/// - Parameters:
///   - preactivations: `[B, 3H]`; block h holds `x_h + (r ⊙ h_{t-1})·U_h` (blocks z, r not read).
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - gates: `[B, 3H]`; block z is read, block h overwritten with `h̃`.
///   - hidden: `h_t`, `[B, H]`, overwritten.
public func gruStepCandidateForward(
    preactivations: UnsafeBufferPointer<Float>, preactivationsStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    gates: UnsafeMutableBufferPointer<Float>, gatesStride: Int,
    hidden: UnsafeMutableBufferPointer<Float>, hiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(preactivations.count, rows: batch, columns: 3 * H, stride: preactivationsStride, "gruStepCandidateForward preactivations")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepCandidateForward previousHidden")
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepCandidateForward gates")
    checkRows(hidden.count, rows: batch, columns: H, stride: hiddenStride, "gruStepCandidateForward hidden")
    guard batch > 0, H > 0 else { return }
    for b in 0..<batch {
        let ah = preactivations.baseAddress! + b * preactivationsStride + 2 * H
        let hp = previousHidden.baseAddress! + b * previousHiddenStride
        let gz = gates.baseAddress! + b * gatesStride
        let gh = gz + 2 * H
        let h = hidden.baseAddress! + b * hiddenStride
        for j in 0..<H {
            let z = gz[j], c = fastTanh(ah[j])
            gh[j] = c
            h[j] = z * hp[j] + (1 - z) * c
        }
    }
}

/// Backward of ``gruStepCandidateForward``.
///
/// - Parameters:
///   - gates: `z, r, h̃`, `[B, 3H]`.
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - dHidden: total gradient with respect to `h_t`, `[B, H]`.
///   - dPreactivations: `[B, 3H]`; blocks z and h overwritten (block r is left for
///     ``gruStepResetGateBackward``).
///   - dPreviousHidden: `[B, H]`, overwritten with the direct part `dH ⊙ z`.
public func gruStepCandidateBackward(
    gates: UnsafeBufferPointer<Float>, gatesStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    dHidden: UnsafeBufferPointer<Float>, dHiddenStride: Int,
    dPreactivations: UnsafeMutableBufferPointer<Float>, dPreactivationsStride: Int,
    dPreviousHidden: UnsafeMutableBufferPointer<Float>, dPreviousHiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepCandidateBackward gates")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepCandidateBackward previousHidden")
    checkRows(dHidden.count, rows: batch, columns: H, stride: dHiddenStride, "gruStepCandidateBackward dHidden")
    checkRows(dPreactivations.count, rows: batch, columns: 3 * H, stride: dPreactivationsStride, "gruStepCandidateBackward dPreactivations")
    checkRows(dPreviousHidden.count, rows: batch, columns: H, stride: dPreviousHiddenStride, "gruStepCandidateBackward dPreviousHidden")
    guard batch > 0, H > 0 else { return }
    for b in 0..<batch {
        let gz = gates.baseAddress! + b * gatesStride
        let gh = gz + 2 * H
        let hp = previousHidden.baseAddress! + b * previousHiddenStride
        let dh = dHidden.baseAddress! + b * dHiddenStride
        let daz = dPreactivations.baseAddress! + b * dPreactivationsStride
        let dah = daz + 2 * H
        let dhp = dPreviousHidden.baseAddress! + b * dPreviousHiddenStride
        for j in 0..<H {
            let z = gz[j], c = gh[j], d = dh[j]
            daz[j] = d * (hp[j] - c) * z * (1 - z)
            dah[j] = d * (1 - z) * (1 - c * c)
            dhp[j] = d * z
        }
    }
}

/// Backward of ``gruStepResetGateForward``, given the gradient reaching `r ⊙ h_{t-1}`.
///
/// - Parameters:
///   - gates: `z, r, h̃`, `[B, 3H]` (block r is read).
///   - previousHidden: `h_{t-1}`, `[B, H]`.
///   - dResetHidden: gradient with respect to `r ⊙ h_{t-1}` (`dA_h · U_hᵀ`), `[B, H]`.
///   - dPreactivations: `[B, 3H]`; block r overwritten.
///   - dPreviousHidden: `[B, H]`; accumulates `dResetHidden ⊙ r`.
public func gruStepResetGateBackward(
    gates: UnsafeBufferPointer<Float>, gatesStride: Int,
    previousHidden: UnsafeBufferPointer<Float>, previousHiddenStride: Int,
    dResetHidden: UnsafeBufferPointer<Float>, dResetHiddenStride: Int,
    dPreactivations: UnsafeMutableBufferPointer<Float>, dPreactivationsStride: Int,
    dPreviousHidden: UnsafeMutableBufferPointer<Float>, dPreviousHiddenStride: Int,
    batch: Int, hiddenSize: Int
) {
    let H = hiddenSize
    checkRows(gates.count, rows: batch, columns: 3 * H, stride: gatesStride, "gruStepResetGateBackward gates")
    checkRows(previousHidden.count, rows: batch, columns: H, stride: previousHiddenStride, "gruStepResetGateBackward previousHidden")
    checkRows(dResetHidden.count, rows: batch, columns: H, stride: dResetHiddenStride, "gruStepResetGateBackward dResetHidden")
    checkRows(dPreactivations.count, rows: batch, columns: 3 * H, stride: dPreactivationsStride, "gruStepResetGateBackward dPreactivations")
    checkRows(dPreviousHidden.count, rows: batch, columns: H, stride: dPreviousHiddenStride, "gruStepResetGateBackward dPreviousHidden")
    guard batch > 0, H > 0 else { return }
    for b in 0..<batch {
        let gr = gates.baseAddress! + b * gatesStride + H
        let hp = previousHidden.baseAddress! + b * previousHiddenStride
        let drh = dResetHidden.baseAddress! + b * dResetHiddenStride
        let dar = dPreactivations.baseAddress! + b * dPreactivationsStride + H
        let dhp = dPreviousHidden.baseAddress! + b * dPreviousHiddenStride
        for j in 0..<H {
            let r = gr[j], g = drh[j]
            dar[j] = g * hp[j] * r * (1 - r)
            dhp[j] += g * r
        }
    }
}
