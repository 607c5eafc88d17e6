import Foundation
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct FastMathTests {
    /// A dense grid including both sides of tanh's 0.5 switch and the clamping limits.
    static let grid: [Float] = stride(from: Float(-30), through: 30, by: 0.0137).map { $0 } + [0, 1e-6, -1e-6, 0.4999, 0.5, 0.5001, -0.5]

    @Test func fastExpIsWithinTwoTenthsOfAMicroRelative() {
        for x in stride(from: Float(-87), through: 88, by: 0.0371) {
            let exact = Foundation.exp(Double(x))
            // 2e-7 relative: the polynomial's 1e-7 plus the final Float rounding.
            #expect(isClose(Double(fastExp(x)), exact, relative: 2e-7), "x = \(x)")
        }
        #expect(fastExp(-1000) > 0 && fastExp(-1000) < 1e-37)
        #expect(fastExp(1000).isFinite)
    }

    @Test func fastSigmoidAndTanhAreAccurateToAboutTwoTenthsOfAMicro() {
        for x in Self.grid {
            let s = naiveSigmoid(Double(x)), t = Foundation.tanh(Double(x))
            #expect(isClose(Double(fastSigmoid(x)), s, relative: 3e-7), "sigmoid(\(x))")
            // 3e-7 relative: error of e^{2|x|} scaled by (1 - tanh²)/ (2 tanh) near |x| = 0.5, plus rounding.
            #expect(isClose(Double(fastTanh(x)), t, relative: 3e-7), "tanh(\(x))")
        }
        #expect(fastTanh(100) == 1 && fastTanh(-100) == -1)
        #expect(fastSigmoid(-100) >= 0 && fastSigmoid(100) == 1)
    }
}
