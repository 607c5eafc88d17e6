import ForecastCore
import ForecastKernels
import ForecastNN
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct DenseTests {
    @Test func denseComputesAffineMapAndItsGradients() {
        let dense = Dense(inputSize: 3, units: 2)
        // kernel [[1, 2], [3, 4], [5, 6]], bias [0.5, -1]; x = [[1, 0, -1], [2, 1, 0]].
        let p: [Float] = [1, 2, 3, 4, 5, 6, 0.5, -1]
        let x: [Float] = [1, 0, -1, 2, 1, 0]
        let cache = LayerCache()
        let y = p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in
            Array(dense.forward(parameters: p, input: x, rows: 2, cache: cache))
        } }
        let expected: [Float] = [-3.5, -5, 5.5, 7]  // [1-5+0.5, 2-6-1, 2+3+0.5, 4+4-1]
        #expect(y == expected)

        let dY: [Float] = [1, 0, 0, 2]
        var gradients = [Float](repeating: 0, count: 8), dX: [Float] = []
        p.withUnsafeBufferPointer { p in dY.withUnsafeBufferPointer { d in
            gradients.withUnsafeMutableBufferPointer { gr in
                dX = Array(dense.backward(parameters: p, dOutput: d, cache: cache, gradients: gr))
            }
        } }
        // dW = xᵀ dY = [[1, 4], [0, 2], [-1, 0]]; db = [1, 2]; dX = dY Wᵀ = [[1, 3, 5], [4, 8, 12]].
        #expect(gradients == [1, 4, 0, 2, -1, 0, 1, 2])
        #expect(dX == [1, 3, 5, 4, 8, 12])
    }

    /// Every activation's derivative against central differences in Double, at points away from the
    /// kinks of relu, relu6, hard_sigmoid, elu, selu and softsign.
    @Test(arguments: Activation.allCases)
    func activationDerivativeMatchesCentralDifferences(activation: Activation) {
        for x in [-4.2, -2.5, -0.7, -0.2, 0.3, 0.9, 2.1, 4.4, 6.8] {
            let numeric = (activation.apply(x + 1e-6) - activation.apply(x - 1e-6)) / 2e-6
            #expect(isClose(activation.derivative(x), numeric, relative: 1e-6, absolute: 1e-8), "\(activation) at \(x)")
        }
    }

    /// A Dense layer with a smooth activation: parameter and input gradients against finite
    /// differences of the Float32 forward pass (as RecurrentLayerTests). Activations with a kink or a
    /// jump in the second derivative at 0 (relu, elu, softsign, …) are left to the test above: the
    /// step of 2⁻⁴ straddles it.
    @Test(arguments: [Activation.linear, .tanh, .sigmoid, .softplus, .silu, .gelu, .exponential], GemmBackend.allCases)
    func denseGradientsMatchFiniteDifferences(activation: Activation, backend: GemmBackend) {
        GemmBackend.with(backend) {
            let dense = Dense(inputSize: 3, units: 2, activation: activation), rows = 4
            var g = SeededGenerator(seed: 8)
            let parameters = uniformFloats(dense.parameterCount, in: -0.8...0.8, using: &g)
            let input = uniformFloats(rows * 3, using: &g), c = uniformFloats(rows * 2, using: &g)
            let cache = LayerCache()
            func loss(_ p: [Float], _ x: [Float]) -> Double {
                p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in
                    zip(dense.forward(parameters: p, input: x, rows: rows, cache: cache), c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                } }
            }
            _ = loss(parameters, input)
            var gradients = [Float](repeating: 0, count: dense.parameterCount), dInput: [Float] = []
            parameters.withUnsafeBufferPointer { p in c.withUnsafeBufferPointer { c in gradients.withUnsafeMutableBufferPointer {
                dInput = Array(dense.backward(parameters: p, dOutput: c, cache: cache, gradients: $0))
            } } }
            #expect(gradientCheckError(analytic: gradients, of: { loss($0, input) }, at: parameters) < RecurrentLayerTests.gradientTolerance)
            #expect(gradientCheckError(analytic: dInput, of: { loss(parameters, $0) }, at: input) < RecurrentLayerTests.gradientTolerance)
        }
    }
}
