// Prediction without a training workspace: all layers advance together step by step, each step one
// GEMM per layer over `[x_t | h_{t-1}]`, and nothing of a step is kept once the next one starts.
import ForecastKernels

/// Buffers of ``StackedRegressor``'s prediction path for stacks of LSTM, SimpleRNN and GRU
/// (`reset_after = true`) layers (one per thread, reused across chunks of windows).
///
/// Per layer `l` with input size `F` and `H` units it holds `z = [x_t | h_{t-1}]` (`[B, F + H]`), the
/// step's pre-activations (`[B, G]`, G = 4H for LSTM, H for SimpleRNN) and, for LSTM, the cell state
/// (`[B, H]`): O(batch · units) memory whatever the window length, instead of the `[B, T, ·]` activations
/// the training forward pass keeps. Because a layer's kernel `[F, G]` and recurrent kernel `[H, G]` are
/// adjacent in the parameter buffer, they are one `[F + H, G]` matrix and each step of each layer is the
/// single GEMM `z · [kernel; recurrent_kernel]`; the bias is added by the step kernel, which writes `h_t`
/// both into the layer's own `z` and into the next layer's `z` (its `x_t`). Layers run interleaved:
/// step `t` of layer `l + 1` follows step `t` of layer `l`.
///
/// A GRU layer (`reset_after = true`) needs `x_t · kernel` and `h_{t-1} · recurrent_kernel` apart (the
/// reset gate multiplies the second one's candidate block), so its step is two GEMMs, into the
/// pre-activations and a second `[B, 3H]` buffer, and the step kernel adds both biases.
final class PredictionWorkspace {
    private let buffers = LayerCache()

    /// Whether `model` can use this path (GRU layers with `reset_after = false` use the training
    /// forward pass).
    static func supports(_ model: StackedRegressor) -> Bool {
        model.layers.allSatisfy { if case .gru(let g) = $0 { g.resetAfter } else { true } }
    }

    /// Forecasts of `batch` windows `input` (`[batch, time, features]`) into `output` (`[batch, horizon]`).
    func predict(_ model: StackedRegressor, input: UnsafeBufferPointer<Float>, batch B: Int, time T: Int,
                 output: UnsafeMutableBufferPointer<Float>) {
        let layers = model.layers, L = layers.count, F0 = model.architecture.features
        precondition(input.count == B * T * F0 && output.count == B * model.head.units && T > 0)
        let backend = GemmBackend.active
        // Slots: 3l = z, 3l + 1 = pre-activations, 3l + 2 = cell (LSTM) or recurrent projection (GRU).
        var z: [UnsafeMutableBufferPointer<Float>] = [], pre: [UnsafeMutableBufferPointer<Float>] = []
        var cell: [UnsafeMutableBufferPointer<Float>?] = [], recurrentProjection: [UnsafeMutableBufferPointer<Float>?] = []
        var width: [Int] = []
        for (l, layer) in layers.enumerated() {
            let F = layer.inputSize, H = layer.hiddenSize
            let G = switch layer { case .lstm: 4 * H; case .gru: 3 * H; case .simpleRNN: H }
            let zl = buffers.buffer(3 * l, count: B * (F + H))
            fill(zl, with: 0)
            z.append(zl)
            pre.append(buffers.buffer(3 * l + 1, count: B * G))
            cell.append(nil)
            recurrentProjection.append(nil)
            switch layer {
            case .lstm:
                let c = buffers.buffer(3 * l + 2, count: B * H)
                fill(c, with: 0)
                cell[l] = c
            case .gru:
                recurrentProjection[l] = buffers.buffer(3 * l + 2, count: B * G)
            case .simpleRNN:
                break
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
                    let next = l + 1 < L ? z[l + 1] : nil
                    let nextStride = l + 1 < L ? layers[l + 1].inputSize + layers[l + 1].hiddenSize : 0
                    if let rp = recurrentProjection[l] {
                        // GRU: x_t · kernel and h_{t-1} · recurrent_kernel apart; biases [2, 3H] follow.
                        let biases = p.slice(model.parameterOffsets[l] + Z * G, 2 * G)
                        gemm(.none, .none, m: B, n: G, k: F, a: z[l].readOnly, lda: Z, b: weights.slice(0, F * G), ldb: G,
                             beta: 0, c: pre[l], ldc: G, backend: backend)
                        gemm(.none, .none, m: B, n: G, k: H, a: z[l].readOnly.from(F), lda: Z, b: weights.from(F * G), ldb: G,
                             beta: 0, c: rp, ldc: G, backend: backend)
                        gruStepPredict(inputProjection: pre[l].readOnly, inputProjectionStride: G,
                                       recurrentProjection: rp.readOnly, recurrentProjectionStride: G,
                                       inputBias: biases.slice(0, G), recurrentBias: biases.slice(G, G),
                                       hidden: z[l].from(F), hiddenStride: Z, hiddenCopy: next, hiddenCopyStride: nextStride,
                                       batch: B, hiddenSize: H)
                        continue
                    }
                    let bias = p.slice(model.parameterOffsets[l] + Z * G, G)
                    gemm(.none, .none, m: B, n: G, k: Z, a: z[l].readOnly, lda: Z, b: weights, ldb: G,
                         beta: 0, c: pre[l], ldc: G, backend: backend)
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
