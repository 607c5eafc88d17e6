// Prediction without a training workspace: all layers advance together step by step, each step one
// GEMM per layer over `[x_t | h_{t-1}]`, and nothing of a step is kept once the next one starts.
import ForecastKernels

/// Buffers of ``StackedRegressor``'s prediction path for stacks of LSTM and SimpleRNN layers (one per
/// thread, reused across chunks of windows).
///
/// Per layer `l` with input size `F` and `H` units it holds `z = [x_t | h_{t-1}]` (`[B, F + H]`), the
/// step's pre-activations (`[B, G]`, G = 4H for LSTM, H for SimpleRNN) and, for LSTM, the cell state
/// (`[B, H]`): O(batch · units) memory whatever the window length, instead of the `[B, T, ·]` activations
/// the training forward pass keeps. Because a layer's kernel `[F, G]` and recurrent kernel `[H, G]` are
/// adjacent in the parameter buffer, they are one `[F + H, G]` matrix and each step of each layer is the
/// single GEMM `z · [kernel; recurrent_kernel]`; the bias is added by the step kernel, which writes `h_t`
/// both into the layer's own `z` and into the next layer's `z` (its `x_t`). Layers run interleaved:
/// step `t` of layer `l + 1` follows step `t` of layer `l`.
final class PredictionWorkspace {
    private let buffers = LayerCache()

    /// Whether `model` can use this path (GRU layers use the training forward pass).
    static func supports(_ model: StackedRegressor) -> Bool {
        model.layers.allSatisfy { if case .gru = $0 { false } else { true } }
    }

    /// Forecasts of `batch` windows `input` (`[batch, time, features]`) into `output` (`[batch, horizon]`).
    func predict(_ model: StackedRegressor, input: UnsafeBufferPointer<Float>, batch B: Int, time T: Int,
                 output: UnsafeMutableBufferPointer<Float>) {
        let layers = model.layers, L = layers.count, F0 = model.architecture.features
        precondition(input.count == B * T * F0 && output.count == B * model.head.units && T > 0)
        let backend = GemmBackend.active
        // Slots: 3l = z, 3l + 1 = pre-activations, 3l + 2 = cell.
        var z: [UnsafeMutableBufferPointer<Float>] = [], pre: [UnsafeMutableBufferPointer<Float>] = []
        var cell: [UnsafeMutableBufferPointer<Float>?] = [], width: [Int] = []
        for (l, layer) in layers.enumerated() {
            let F = layer.inputSize, H = layer.hiddenSize
            var isLSTM = false
            if case .lstm = layer { isLSTM = true }
            let G = isLSTM ? 4 * H : H
            let zl = buffers.buffer(3 * l, count: B * (F + H))
            fill(zl, with: 0)
            z.append(zl)
            pre.append(buffers.buffer(3 * l + 1, count: B * G))
            if isLSTM {
                let c = buffers.buffer(3 * l + 2, count: B * H)
                fill(c, with: 0)
                cell.append(c)
            } else {
                cell.append(nil)
            }
            width.append(G)
        }
        model.parameters.withUnsafeBufferPointer { p in
            for t in 0..<T {
                copyRows(input.from(t * F0), sourceStride: T * F0, to: z[0], destinationStride: layers[0].inputSize + layers[0].hiddenSize,
                         rows: B, columns: F0)
                for l in 0..<L {
                    let F = layers[l].inputSize, H = layers[l].hiddenSize, Z = F + H, G = width[l]
                    let weights = p.slice(model.parameterOffsets[l], Z * G)
                    let bias = p.slice(model.parameterOffsets[l] + Z * G, G)
                    gemm(.none, .none, m: B, n: G, k: Z, a: z[l].readOnly, lda: Z, b: weights, ldb: G,
                         beta: 0, c: pre[l], ldc: G, backend: backend)
                    let next = l + 1 < L ? z[l + 1] : nil
                    let nextStride = l + 1 < L ? layers[l + 1].inputSize + layers[l + 1].hiddenSize : 0
                    if let c = cell[l] {
                        lstmStepPredict(gates: pre[l].readOnly, gatesStride: G, bias: bias, cell: c, cellStride: H,
                                        hidden: z[l].from(F), hiddenStride: Z, hiddenCopy: next, hiddenCopyStride: nextStride,
                                        batch: B, hiddenSize: H)
                    } else {
                        simpleRNNStepPredict(preactivations: pre[l].readOnly, preactivationsStride: G, bias: bias,
                                             hidden: z[l].from(F), hiddenStride: Z, hiddenCopy: next, hiddenCopyStride: nextStride,
                                             batch: B, hiddenSize: H)
                    }
                }
            }
            let last = layers[L - 1], Z = last.inputSize + last.hiddenSize, K = model.head.units
            let head = p.from(model.parameterOffsets[L])
            gemm(.none, .none, m: B, n: K, k: last.hiddenSize, a: z[L - 1].readOnly.from(last.inputSize), lda: Z,
                 b: head.slice(0, last.hiddenSize * K), ldb: K, beta: 0, c: output, ldc: K, backend: backend)
            addRowVector(head.slice(last.hiddenSize * K, K), to: output, rows: B, columns: K, stride: K)
        }
    }
}
