import ForecastCore
import ForecastNN
import Testing
import _ForecastTestSupport

@Suite struct DenseTests {
    @Test func denseComputesAffineMapAndItsGradients() {
        let dense = Dense(inputSize: 3, units: 2)
        // kernel [[1, 2], [3, 4], [5, 6]], bias [0.5, -1]; x = [[1, 0, -1], [2, 1, 0]].
        let p: [Float] = [1, 2, 3, 4, 5, 6, 0.5, -1]
        let x: [Float] = [1, 0, -1, 2, 1, 0]
        var y = [Float](repeating: .nan, count: 4)
        p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer {
            dense.forward(parameters: p, input: x, output: $0, rows: 2)
        } } }
        let expected: [Float] = [-3.5, -5, 5.5, 7]  // [1-5+0.5, 2-6-1, 2+3+0.5, 4+4-1]
        #expect(y == expected)

        let dY: [Float] = [1, 0, 0, 2]
        var gradients = [Float](repeating: 0, count: 8), dX = [Float](repeating: .nan, count: 6)
        p.withUnsafeBufferPointer { p in x.withUnsafeBufferPointer { x in dY.withUnsafeBufferPointer { d in
            gradients.withUnsafeMutableBufferPointer { gr in dX.withUnsafeMutableBufferPointer { dx in
                dense.backward(parameters: p, input: x, dOutput: d, rows: 2, gradients: gr, dInput: dx)
            } }
        } } }
        // dW = xᵀ dY = [[1, 4], [0, 2], [-1, 0]]; db = [1, 2]; dX = dY Wᵀ = [[1, 3, 5], [4, 8, 12]].
        #expect(gradients == [1, 4, 0, 2, -1, 0, 1, 2])
        #expect(dX == [1, 3, 5, 4, 8, 12])
    }
}
