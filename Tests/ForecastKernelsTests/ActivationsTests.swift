import Foundation
import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct ActivationsTests {
    @Test(arguments: [1, 7, 31, 257], KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func activationsAndDerivativesMatchNaiveLoop(count: Int, isa: KernelISA) {
        KernelISA.on(isa) { check(count: count) }
    }

    func check(count: Int) {
        var g = SeededGenerator(seed: UInt64(count))
        let x = uniformFloats(count, in: -6...6, using: &g), dY = uniformFloats(count, using: &g)
        var s = [Float](repeating: 0, count: count), t = s, ds = s, dt = s
        x.withUnsafeBufferPointer { x in
            s.withUnsafeMutableBufferPointer { sigmoidForward(x, $0) }
            t.withUnsafeMutableBufferPointer { tanhForward(x, $0) }
        }
        s.withUnsafeBufferPointer { y in dY.withUnsafeBufferPointer { d in ds.withUnsafeMutableBufferPointer { sigmoidBackward(y: y, dY: d, dX: $0) } } }
        t.withUnsafeBufferPointer { y in dY.withUnsafeBufferPointer { d in dt.withUnsafeMutableBufferPointer { tanhBackward(y: y, dY: d, dX: $0) } } }
        for i in 0..<count {
            let sv = naiveSigmoid(Double(x[i])), tv = Foundation.tanh(Double(x[i]))
            #expect(isClose(Double(s[i]), sv, relative: 3e-7))
            #expect(isClose(Double(t[i]), tv, relative: 3e-7))
            // Derivatives from outputs: 1e-6 absolute covers the output's own 3e-7 error times |dY| <= 1.
            #expect(isClose(Double(ds[i]), Double(dY[i]) * sv * (1 - sv), relative: 1e-5, absolute: 1e-6))
            #expect(isClose(Double(dt[i]), Double(dY[i]) * (1 - tv * tv), relative: 1e-5, absolute: 1e-6))
        }
    }

    @Test func activationsWorkInPlace() {
        var x: [Float] = [-1, 0, 2]
        x.withUnsafeMutableBufferPointer { tanhForward(UnsafeBufferPointer($0), $0) }
        #expect(isClose(Double(x[0]), Foundation.tanh(-1), relative: 3e-7))
        #expect(x[1] == 0)
    }
}
