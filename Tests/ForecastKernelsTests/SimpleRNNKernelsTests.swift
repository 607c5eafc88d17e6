import Foundation
import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct SimpleRNNKernelsTests {
    @Test(arguments: [5, 37], KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func simpleRNNStepIsTanhAndItsDerivativeOnStridedRows(hidden H: Int, isa: KernelISA) {
        KernelISA.on(isa) { check(hidden: H) }
    }

    @Test(arguments: KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func simpleRNNPredictStepAddsTheBiasAndWritesBothDestinations(isa: KernelISA) {
        KernelISA.on(isa) {
            let (batch, H, hs) = (2, 19, 23)
            var g = SeededGenerator(seed: 6)
            let a = uniformFloats(batch * H, in: -3...3, using: &g), bias = uniformFloats(H, in: -1...1, using: &g)
            var h = [Float](repeating: .nan, count: batch * hs), h2 = [Float](repeating: .nan, count: batch * H)
            a.withUnsafeBufferPointer { a in bias.withUnsafeBufferPointer { b in h.withUnsafeMutableBufferPointer { h in
                h2.withUnsafeMutableBufferPointer { h2 in
                    simpleRNNStepPredict(preactivations: a, preactivationsStride: H, bias: b, hidden: h, hiddenStride: hs,
                                         hiddenCopy: h2, hiddenCopyStride: H, batch: batch, hiddenSize: H)
                }
            } } }
            for r in 0..<batch {
                for j in 0..<H {
                    let t = Foundation.tanh(Double(a[r * H + j]) + Double(bias[j]))
                    #expect(isClose(Double(h[r * hs + j]), t, relative: 1e-6, absolute: 1e-6))
                    #expect(h2[r * H + j] == h[r * hs + j])
                }
            }
        }
    }

    func check(hidden H: Int) {
        var g = SeededGenerator(seed: 5)
        let batch = 3, stride = H + 6
        let pre = uniformFloats(batch * stride, in: -3...3, using: &g)
        let dH = uniformFloats(batch * H, using: &g)
        var h = [Float](repeating: 0, count: batch * H), dA = h
        pre.withUnsafeBufferPointer { p in h.withUnsafeMutableBufferPointer {
            simpleRNNStepForward(preactivations: p, preactivationsStride: stride, hidden: $0, hiddenStride: H, batch: batch, hiddenSize: H)
        } }
        h.withUnsafeBufferPointer { h in dH.withUnsafeBufferPointer { d in dA.withUnsafeMutableBufferPointer {
            simpleRNNStepBackward(hidden: h, hiddenStride: H, dHidden: d, dHiddenStride: H, dPreactivations: $0, dPreactivationsStride: H, batch: batch, hiddenSize: H)
        } } }
        for b in 0..<batch {
            for j in 0..<H {
                let t = Foundation.tanh(Double(pre[b * stride + j]))
                #expect(isClose(Double(h[b * H + j]), t, relative: 5e-7))  // rational tanh: below 4e-7
                #expect(isClose(Double(dA[b * H + j]), Double(dH[b * H + j]) * (1 - t * t), relative: 1e-5, absolute: 1e-6))
            }
        }
    }
}
