// Plain-loop reference implementations of the ForecastKernels operations, in Double, for tests.
// Each is written from the formula in the kernel's doc comment, independently of the kernel code.
import Foundation

public func naiveSigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

/// `C = alpha · op(A) · op(B) + beta · C`, row-major with strides, accumulated in Double.
public func naiveGemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: inout [Float], ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transA ? a[p * lda + i] : a[i * lda + p]
                let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                s += Double(av) * Double(bv)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            c[i * ldc + j] = Float(Double(alpha) * s + old)
        }
    }
}

/// One LSTM step's elementwise part from pre-activations `[B, 4H]` (blocks i, f, c, o) and
/// `c_{t-1}` `[B, H]`, all contiguous. Returns gate activations, `c_t`, `tanh(c_t)` and `h_t`.
public func naiveLSTMStep(
    preactivations: [Double], previousCell: [Double], batch: Int, hiddenSize H: Int
) -> (gates: [Double], cell: [Double], tanhCell: [Double], hidden: [Double]) {
    var gates = [Double](repeating: 0, count: batch * 4 * H)
    var cell = [Double](repeating: 0, count: batch * H)
    var tanhCell = cell, hidden = cell
    for b in 0..<batch {
        for j in 0..<H {
            let base = b * 4 * H
            let i = naiveSigmoid(preactivations[base + j])
            let f = naiveSigmoid(preactivations[base + H + j])
            let g = Foundation.tanh(preactivations[base + 2 * H + j])
            let o = naiveSigmoid(preactivations[base + 3 * H + j])
            gates[base + j] = i; gates[base + H + j] = f; gates[base + 2 * H + j] = g; gates[base + 3 * H + j] = o
            let c = f * previousCell[b * H + j] + i * g
            cell[b * H + j] = c
            tanhCell[b * H + j] = Foundation.tanh(c)
            hidden[b * H + j] = o * Foundation.tanh(c)
        }
    }
    return (gates, cell, tanhCell, hidden)
}

/// One GRU step's elementwise part with `reset_after = true`: from `x·W + b_in` and
/// `h_{t-1}·U + b_rec` (both `[B, 3H]`, blocks z, r, h) and `h_{t-1}`. Returns gates and `h_t`.
public func naiveGRUStepResetAfter(
    inputProjection: [Double], recurrentProjection: [Double], previousHidden: [Double],
    batch: Int, hiddenSize H: Int
) -> (gates: [Double], hidden: [Double]) {
    var gates = [Double](repeating: 0, count: batch * 3 * H)
    var hidden = [Double](repeating: 0, count: batch * H)
    for b in 0..<batch {
        for j in 0..<H {
            let base = b * 3 * H
            let z = naiveSigmoid(inputProjection[base + j] + recurrentProjection[base + j])
            let r = naiveSigmoid(inputProjection[base + H + j] + recurrentProjection[base + H + j])
            let c = Foundation.tanh(inputProjection[base + 2 * H + j] + r * recurrentProjection[base + 2 * H + j])
            gates[base + j] = z; gates[base + H + j] = r; gates[base + 2 * H + j] = c
            hidden[b * H + j] = z * previousHidden[b * H + j] + (1 - z) * c
        }
    }
    return (gates, hidden)
}

/// One whole GRU step with `reset_after = false`, given the recurrent kernel `U` `[H, 3H]`:
/// pre-activations `x·W + b` `[B, 3H]` (without any recurrent term) and `h_{t-1}` `[B, H]`.
public func naiveGRUStepResetBefore(
    inputProjection: [Double], recurrentKernel: [Double], previousHidden: [Double],
    batch: Int, hiddenSize H: Int
) -> (gates: [Double], hidden: [Double]) {
    var gates = [Double](repeating: 0, count: batch * 3 * H)
    var hidden = [Double](repeating: 0, count: batch * H)
    for b in 0..<batch {
        var z = [Double](repeating: 0, count: H), r = z
        for j in 0..<H {
            var az = inputProjection[b * 3 * H + j], ar = inputProjection[b * 3 * H + H + j]
            for p in 0..<H {
                az += previousHidden[b * H + p] * recurrentKernel[p * 3 * H + j]
                ar += previousHidden[b * H + p] * recurrentKernel[p * 3 * H + H + j]
            }
            z[j] = naiveSigmoid(az); r[j] = naiveSigmoid(ar)
        }
        for j in 0..<H {
            var ah = inputProjection[b * 3 * H + 2 * H + j]
            for p in 0..<H { ah += r[p] * previousHidden[b * H + p] * recurrentKernel[p * 3 * H + 2 * H + j] }
            let c = Foundation.tanh(ah)
            gates[b * 3 * H + j] = z[j]; gates[b * 3 * H + H + j] = r[j]; gates[b * 3 * H + 2 * H + j] = c
            hidden[b * H + j] = z[j] * previousHidden[b * H + j] + (1 - z[j]) * c
        }
    }
    return (gates, hidden)
}
