import ForecastCore
import ForecastNN
import Testing
import _ForecastTestSupport

@Suite struct InitializersTests {
    @Test(arguments: [(3, 12), (4, 4), (7, 2)])
    func orthogonalHasOrthonormalRowsOrColumns(rows: Int, columns: Int) {
        var g = SeededGenerator(seed: 9)
        var w = [Float](repeating: 0, count: rows * columns)
        w.withUnsafeMutableBufferPointer { Initializers.orthogonal($0, rows: rows, columns: columns, using: &g) }
        // W Wᵀ = I when rows <= columns, else Wᵀ W = I; Float32 storage: 1e-6.
        let n = min(rows, columns)
        for a in 0..<n {
            for b in 0..<n {
                var d = 0.0
                if rows <= columns { for k in 0..<columns { d += Double(w[a * columns + k]) * Double(w[b * columns + k]) } }
                else { for k in 0..<rows { d += Double(w[k * columns + a]) * Double(w[k * columns + b]) } }
                #expect(abs(d - (a == b ? 1 : 0)) < 1e-6)
            }
        }
    }

    @Test func glorotUniformStaysWithinKerasLimitAndFillsIt() {
        var g = SeededGenerator(seed: 1)
        var w = [Float](repeating: 0, count: 20 * 40)
        w.withUnsafeMutableBufferPointer { Initializers.glorotUniform($0, fanIn: 20, fanOut: 40, using: &g) }
        let limit = Float((6.0 / 60).squareRoot())
        #expect(w.allSatisfy { abs($0) <= limit })
        #expect(w.max()! > 0.9 * limit && w.min()! < -0.9 * limit)
    }

    @Test func lstmStartsWithForgetBiasOneAndOtherBiasesZero() throws {
        var g = SeededGenerator(seed: 3)
        let model = try Network(architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [3], features: 2, horizon: 1), generator: &g)
        let biasStart = 2 * 12 + 3 * 12
        #expect(Array(model.parameters[biasStart..<(biasStart + 12)]) == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        var g2 = SeededGenerator(seed: 3)
        let again = try Network(architecture: #require(model.architecture), generator: &g2)
        #expect(again.parameters == model.parameters)
    }
}
