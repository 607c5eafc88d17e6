import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct AdamKernelTests {
    /// Every compiled copy against the formula written out in Double; 37 elements run full vectors and a tail.
    @Test(arguments: KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func adamUpdateMatchesItsFormulaOnEveryInstructionSet(isa: KernelISA) {
        var g = SeededGenerator(seed: 9)
        let n = 37
        var w = uniformFloats(n, using: &g), m = uniformFloats(n, in: -0.1...0.1, using: &g)
        var v = uniformFloats(n, in: 0...0.01, using: &g)
        let grad = uniformFloats(n, using: &g)
        let (alpha, b1, b2, eps): (Float, Float, Float, Float) = (3e-4, 0.1, 0.001, 1e-7)
        var expected: [(w: Double, m: Double, v: Double)] = []
        for i in 0..<n {
            let mi = Double(m[i]) + (Double(grad[i]) - Double(m[i])) * Double(b1)
            let vi = Double(v[i]) + (Double(grad[i]) * Double(grad[i]) - Double(v[i])) * Double(b2)
            expected.append((Double(w[i]) - Double(alpha) * mi / (vi.squareRoot() + Double(eps)), mi, vi))
        }
        KernelISA.on(isa) {
            w.withUnsafeMutableBufferPointer { w in grad.withUnsafeBufferPointer { gr in
                m.withUnsafeMutableBufferPointer { m in v.withUnsafeMutableBufferPointer { v in
                    adamUpdate(parameters: w, gradients: gr, m: m, v: v, alpha: alpha, oneMinusBeta1: b1, oneMinusBeta2: b2, epsilon: eps)
                } }
            } }
        }
        for i in 0..<n {
            #expect(isClose(Double(m[i]), expected[i].m, relative: 1e-6, absolute: 1e-9))
            #expect(isClose(Double(v[i]), expected[i].v, relative: 1e-6, absolute: 1e-12))
            #expect(isClose(Double(w[i]), expected[i].w, relative: 1e-6, absolute: 1e-7))
        }
    }

    @Test(arguments: KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func sumOfSquaresAndScaleMatchTheirFormulasOnEveryInstructionSet(isa: KernelISA) {
        var g = SeededGenerator(seed: 10)
        var x = uniformFloats(37, using: &g)
        let expected = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        KernelISA.on(isa) {
            #expect(isClose(x.withUnsafeBufferPointer { sumOfSquares($0) }, expected, relative: 1e-12))
            x.withUnsafeMutableBufferPointer { scale($0, by: 0.5) }
        }
        #expect(isClose(x.reduce(0.0) { $0 + Double($1) * Double($1) }, expected / 4, relative: 1e-12))
    }
}
