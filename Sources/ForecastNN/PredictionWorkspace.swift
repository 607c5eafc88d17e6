// Prediction without a training workspace: all layers advance together step by step, each step one
// GEMM per layer over `[x_t | h_{t-1}]`, and nothing of a step is kept once the next one starts.
import ForecastKernels

/// One layer's buffers on the prediction path.
struct StepBuffers {
    /// `[B, F + H]`: the step's input `x_t` in the first `F` columns, the layer's last output (`h_{t-1}`,
    /// or a Dense layer's `y_{t-1}`) in the last `H`.
    var z: UnsafeMutableBufferPointer<Float>
    /// `[B, G]`: the step's pre-activations (``Layer/gateWidth``).
    var preactivations: UnsafeMutableBufferPointer<Float>
    /// LSTM: the cell state `[B, H]`; GRU: the recurrent projection `[B, 3H]`; else `nil`.
    var state: UnsafeMutableBufferPointer<Float>?
}

/// Buffers of ``Network``'s prediction path (one per thread, reused across chunks of windows), for
/// networks whose layers all have a prediction step (every kind but GRU with `reset_after = false`).
///
/// The layers up to the last recurrent one run step by step, interleaved (step `t` of layer `l + 1`
/// follows step `t` of layer `l`); per layer `l` with input size `F` and `H` units the workspace holds
/// `z = [x_t | h_{t-1}]` (`[B, F + H]`), the step's pre-activations (`[B, G]`, G = 4H for LSTM, 3H for
/// GRU, H for SimpleRNN) and, for LSTM, the cell state (`[B, H]`): O(batch · units) memory whatever the
/// window length, instead of the `[B, T, ·]` activations the training forward pass keeps. Because a
/// layer's kernel `[F, G]` and recurrent kernel `[H, G]` are adjacent in the parameter buffer, they are
/// one `[F + H, G]` matrix and each step of each layer is the single GEMM `z · [kernel; recurrent_kernel]`
/// (two for GRU, see ``GRU``'s `predictStep`); the step kernel writes `h_t` both into the layer's own
/// `z` and into the next layer's `z` (its `x_t`). The Dense layers after the last recurrent layer then
/// map its final state once.
final class PredictionWorkspace {
    private let buffers = LayerCache()

    /// Whether `network` can use this path.
    static func supports(_ network: Network) -> Bool {
        network.layers.allSatisfy(\.hasPredictionStep)
    }

    /// Forecasts of `batch` windows `input` (`[batch, time, features]`) into `output` (`[batch, outputs]`).
    func predict(_ network: Network, input: UnsafeBufferPointer<Float>, batch B: Int, time T: Int,
                 output: UnsafeMutableBufferPointer<Float>) {
        let layers = network.layers, F0 = network.features
        precondition(input.count == B * T * F0 && output.count == B * network.outputs && T > 0)
        guard let last = layers.lastIndex(where: \.isRecurrent) else { preconditionFailure("a network has a recurrent layer") }
        let backend = GemmBackend.active
        // Slots: 3l = z, 3l + 1 = pre-activations, 3l + 2 = cell (LSTM) or recurrent projection (GRU);
        // 3 · layers.count + i: the outputs of the Dense layers after the last recurrent one.
        var steps: [StepBuffers] = []
        for (l, layer) in layers[...last].enumerated() {
            let Z = layer.inputSize + layer.units, G = layer.gateWidth
            let z = buffers.buffer(3 * l, count: B * Z)
            fill(z, with: 0)
            var state: UnsafeMutableBufferPointer<Float>?
            if let carried = layer.stepState {
                state = buffers.buffer(3 * l + 2, count: B * carried.count)
                if carried.zeroed { fill(state!, with: 0) }
            }
            steps.append(StepBuffers(z: z, preactivations: buffers.buffer(3 * l + 1, count: B * G), state: state))
        }
        network.parameters.withUnsafeBufferPointer { p in
            for t in 0..<T {
                copyRows(input.from(t * F0), sourceStride: T * F0, to: steps[0].z, destinationStride: layers[0].inputSize + layers[0].units,
                         rows: B, columns: F0)
                for l in 0...last {
                    let next = l < last ? steps[l + 1].z : nil
                    let nextStride = l < last ? layers[l + 1].inputSize + layers[l + 1].units : 0
                    layers[l].predictStep(parameters: network.layerParameters(l, in: p), buffers: steps[l], batch: B,
                                          next: next, nextStride: nextStride, backend: backend)
                }
            }
            // The Dense layers on the last recurrent layer's final state (or that state itself).
            var x = steps[last].z.readOnly.from(layers[last].inputSize), stride = layers[last].inputSize + layers[last].units
            if last == layers.count - 1 {
                copyRows(x, sourceStride: stride, to: output, destinationStride: layers[last].units, rows: B, columns: layers[last].units)
            }
            for l in (last + 1)..<layers.count {
                guard case .dense(let dense) = layers[l] else { preconditionFailure("only Dense layers follow the last recurrent layer") }
                let y = l == layers.count - 1 ? output : buffers.buffer(3 * layers.count + l, count: B * dense.units)
                dense.apply(parameters: network.layerParameters(l, in: p), input: x, inputStride: stride, output: y, rows: B, backend: backend)
                (x, stride) = (y.readOnly, dense.units)
            }
        }
    }
}
