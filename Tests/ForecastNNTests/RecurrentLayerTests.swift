import ForecastCore
import ForecastKernels
import ForecastNN
import Testing
import _ForecastTestSupport

/// Gradient checks of each layer on its own: L = Σ c ⊙ output with fixed random `c`, so
/// dL/dOutput = c, against central differences of the Float32 forward pass summed in Double.
@Suite struct RecurrentLayerTests {
    static let (batch, time, features, hidden) = (2, 3, 2, 3)

    /// Fourth-order central differences (h = 2⁻⁴) of a Float32 forward pass agree with the analytic
    /// gradients to about 1e-4 relative (entries compared at a scale of at least 1e-2; see
    /// `centralDifferenceGradient`); 5e-4 leaves a factor 5, while a wrong term gives errors of order 1.
    static let gradientTolerance = 5e-4

    static func layers() -> [Layer] {
        var result: [Layer] = []
        for sequences in [true, false] {
            result.append(.simpleRNN(SimpleRNN(inputSize: features, hiddenSize: hidden, returnSequences: sequences)))
            result.append(.lstm(LSTM(inputSize: features, hiddenSize: hidden, returnSequences: sequences)))
            result.append(.gru(GRU(inputSize: features, hiddenSize: hidden, returnSequences: sequences, resetAfter: true)))
            result.append(.gru(GRU(inputSize: features, hiddenSize: hidden, returnSequences: sequences, resetAfter: false)))
        }
        return result
    }

    @Test(arguments: layers(), GemmBackend.allCases)
    func layerGradientsMatchFiniteDifferences(layer: Layer, backend: GemmBackend) {
        GemmBackend.with(backend) { check(layer) }
    }

    func check(_ layer: Layer) {
        let (B, T, F, H) = (Self.batch, Self.time, Self.features, Self.hidden)
        var g = SeededGenerator(seed: 11)
        // Random weights (not Keras' initializers) so every path carries signal.
        let parameters = uniformFloats(layer.parameterCount, in: -0.8...0.8, using: &g)
        let input = uniformFloats(B * T * F, using: &g)
        let outCount = layer.returnSequences ? B * T * H : B * H
        let c = uniformFloats(outCount, using: &g)
        let cache = LayerCache()

        func loss(_ p: [Float], _ x: [Float]) -> Double {
            p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in
                let y = layer.forward(parameters: p, input: x, batch: B, time: T, cache: cache)
                return zip(y, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            } }
        }
        _ = loss(parameters, input)
        var gradients = [Float](repeating: 0, count: layer.parameterCount)
        var dInput = [Float]()
        parameters.withUnsafeBufferPointer { p in c.withUnsafeBufferPointer { c in gradients.withUnsafeMutableBufferPointer { gr in
            dInput = Array(layer.backward(parameters: p, dOutput: c, cache: cache, gradients: gr))
        } } }
        let parameterError = gradientCheckError(analytic: gradients, of: { loss($0, input) }, at: parameters)
        let inputError = gradientCheckError(analytic: dInput, of: { loss(parameters, $0) }, at: input)
        #expect(parameterError < Self.gradientTolerance)
        #expect(inputError < Self.gradientTolerance)
    }

    @Test func backwardAccumulatesIntoGradients() {
        let layer = LSTM(inputSize: 2, hiddenSize: 3, returnSequences: false)
        var g = SeededGenerator(seed: 2)
        let p = uniformFloats(layer.parameterCount, using: &g), x = uniformFloats(2 * 4 * 2, using: &g), c = uniformFloats(2 * 3, using: &g)
        let cache = LayerCache()
        var once = [Float](repeating: 0, count: layer.parameterCount)
        var twice = once
        p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in c.withUnsafeBufferPointer { c in
            // A backward pass consumes its forward pass (gate gradients overwrite the activations).
            _ = layer.forward(parameters: p, input: x, batch: 2, time: 4, cache: cache)
            once.withUnsafeMutableBufferPointer { _ = layer.backward(parameters: p, dOutput: c, cache: cache, gradients: $0) }
            twice.withUnsafeMutableBufferPointer {
                _ = layer.forward(parameters: p, input: x, batch: 2, time: 4, cache: cache)
                layer.backward(parameters: p, dOutput: c, cache: cache, gradients: $0)
                _ = layer.forward(parameters: p, input: x, batch: 2, time: 4, cache: cache)
                layer.backward(parameters: p, dOutput: c, cache: cache, gradients: $0)
            }
        } } }
        for i in 0..<once.count { #expect(isClose(Double(twice[i]), 2 * Double(once[i]), relative: 1e-6, absolute: 1e-7)) }
    }

    @Test func reusedCacheGivesTheSameOutputForASmallerBatchAfterALargerOne() {
        let layer = GRU(inputSize: 2, hiddenSize: 3, returnSequences: true, resetAfter: false)
        var g = SeededGenerator(seed: 4)
        let p = uniformFloats(layer.parameterCount, using: &g)
        let big = uniformFloats(5 * 4 * 2, using: &g)
        let small = Array(big[0..<(2 * 4 * 2)])
        let fresh = LayerCache(), reused = LayerCache()
        p.withUnsafeBufferPointer { p in
            let a = big.withUnsafeBufferPointer { Array(layer.forward(parameters: p, input: $0, batch: 5, time: 4, cache: reused)) }
            let b = small.withUnsafeBufferPointer { Array(layer.forward(parameters: p, input: $0, batch: 2, time: 4, cache: reused)) }
            let c = small.withUnsafeBufferPointer { Array(layer.forward(parameters: p, input: $0, batch: 2, time: 4, cache: fresh)) }
            #expect(b == c)
            #expect(Array(a[0..<b.count]) == b)  // windows are independent of each other
        }
    }
}

extension Layer: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .simpleRNN(let l): "SimpleRNN(returnSequences: \(l.returnSequences))"
        case .lstm(let l): "LSTM(returnSequences: \(l.returnSequences))"
        case .gru(let l): "GRU(resetAfter: \(l.resetAfter), returnSequences: \(l.returnSequences))"
        case .dense(let l): "Dense(\(l.activation))"
        }
    }
}
