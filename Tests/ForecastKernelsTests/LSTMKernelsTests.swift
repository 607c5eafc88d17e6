import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct LSTMKernelsTests {
    /// Every compiled copy (baseline, AVX2, AVX-512, as far as this CPU has them); H = 37 runs full
    /// 16- and 8-wide vectors and a tail.
    @Test(arguments: [(1, 1), (3, 5), (2, 7), (2, 37)], KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func lstmStepMatchesNaiveForwardAndFiniteDifferenceBackward(shape: (batch: Int, hidden: Int), isa: KernelISA) {
        KernelISA.on(isa) { check(batch: shape.batch, hidden: shape.hidden) }
    }

    /// The prediction step: bias added inside, cell in place, h written to two strided places.
    @Test(arguments: KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func lstmPredictStepMatchesNaiveStep(isa: KernelISA) {
        KernelISA.on(isa) {
            let (batch, H, hs, h2s) = (3, 37, 40, 45)
            var g = SeededGenerator(seed: 9)
            let pre = uniformFloats(batch * 4 * H, in: -3...3, using: &g)
            let bias = uniformFloats(4 * H, in: -1...1, using: &g)
            let cPrev = uniformFloats(batch * H, in: -2...2, using: &g)
            let unbiased = (0..<pre.count).map { pre[$0] - bias[$0 % (4 * H)] }
            var c = cPrev
            var h = [Float](repeating: .nan, count: batch * hs), h2 = [Float](repeating: .nan, count: batch * h2s)
            unbiased.withUnsafeBufferPointer { a in bias.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                h.withUnsafeMutableBufferPointer { h in h2.withUnsafeMutableBufferPointer { h2 in
                    lstmStepPredict(gates: a, gatesStride: 4 * H, bias: b, cell: c, cellStride: H, hidden: h, hiddenStride: hs,
                                    hiddenCopy: h2, hiddenCopyStride: h2s, batch: batch, hiddenSize: H)
                } }
            } } }
            let ref = naiveLSTMStep(preactivations: pre.map(Double.init), previousCell: cPrev.map(Double.init), batch: batch, hiddenSize: H)
            for b in 0..<batch {
                for j in 0..<H {
                    #expect(isClose(Double(c[b * H + j]), ref.cell[b * H + j], relative: 1e-5, absolute: 1e-5))
                    #expect(isClose(Double(h[b * hs + j]), ref.hidden[b * H + j], relative: 1e-5, absolute: 1e-5))
                    #expect(h2[b * h2s + j] == h[b * hs + j])
                }
            }
        }
    }

    func check(batch: Int, hidden H: Int) {
        var g = SeededGenerator(seed: UInt64(batch * 100 + H))
        let pre = uniformFloats(batch * 4 * H, in: -3...3, using: &g)
        let cPrev = uniformFloats(batch * H, in: -2...2, using: &g)
        let dH = uniformFloats(batch * H, using: &g), dCNext = uniformFloats(batch * H, using: &g)

        var gates = pre
        var c = [Float](repeating: 0, count: batch * H), tc = c, h = c
        gates.withUnsafeMutableBufferPointer { gates in cPrev.withUnsafeBufferPointer { cp in
            c.withUnsafeMutableBufferPointer { c in tc.withUnsafeMutableBufferPointer { tc in h.withUnsafeMutableBufferPointer { h in
                lstmStepForward(gates: gates, gatesStride: 4 * H, previousCell: cp, previousCellStride: H,
                                cell: c, cellStride: H, tanhCell: tc, tanhCellStride: H, hidden: h, hiddenStride: H,
                                batch: batch, hiddenSize: H)
            } } }
        } }
        let ref = naiveLSTMStep(preactivations: pre.map(Double.init), previousCell: cPrev.map(Double.init), batch: batch, hiddenSize: H)
        // Values of order 1 through two fast transcendentals: 1e-6 absolute.
        for i in 0..<gates.count { #expect(isClose(Double(gates[i]), ref.gates[i], relative: 1e-6, absolute: 1e-6)) }
        for i in 0..<h.count {
            #expect(isClose(Double(c[i]), ref.cell[i], relative: 1e-6, absolute: 1e-6))
            #expect(isClose(Double(h[i]), ref.hidden[i], relative: 1e-6, absolute: 1e-6))
        }

        var dC = dCNext
        var dGates = [Float](repeating: .nan, count: batch * 4 * H)
        gates.withUnsafeBufferPointer { gates in cPrev.withUnsafeBufferPointer { cp in tc.withUnsafeBufferPointer { tc in
            dH.withUnsafeBufferPointer { dh in dC.withUnsafeMutableBufferPointer { dc in dGates.withUnsafeMutableBufferPointer { dg in
                lstmStepBackward(gates: gates, gatesStride: 4 * H, previousCell: cp, previousCellStride: H,
                                 tanhCell: tc, tanhCellStride: H, dHidden: dh, dHiddenStride: H,
                                 dCell: dc, dCellStride: H, dGates: dg, dGatesStride: 4 * H, batch: batch, hiddenSize: H)
            } } }
        } } }
        // L = Σ dH·h_t + Σ dCNext·c_t as a function of (pre-activations, c_{t-1}), in Double.
        let n = batch * 4 * H
        let loss: ([Double]) -> Double = { x in
            let r = naiveLSTMStep(preactivations: Array(x[0..<n]), previousCell: Array(x[n...]), batch: batch, hiddenSize: H)
            var s = 0.0
            for i in 0..<(batch * H) { s += Double(dH[i]) * r.hidden[i] + Double(dCNext[i]) * r.cell[i] }
            return s
        }
        let fd = centralDifferenceGradient(of: loss, at: pre.map(Double.init) + cPrev.map(Double.init))
        // Float32 kernel against a Double reference: 3e-5 relative with a 1e-3 floor (the gradients are built
        // from the forward activations, whose rational tanh/sigmoid carry up to 4e-7 absolute error).
        #expect(maxRelativeError((dGates + dC).map(Double.init), fd, floor: 1e-3) < 3e-5)

        // In place: the gate gradients overwrite the activations and give the same values.
        var inPlace = gates, dC2 = dCNext
        inPlace.withUnsafeMutableBufferPointer { gt in cPrev.withUnsafeBufferPointer { cp in tc.withUnsafeBufferPointer { tc in
            dH.withUnsafeBufferPointer { dh in dC2.withUnsafeMutableBufferPointer { dc in
                lstmStepBackward(gates: UnsafeBufferPointer(gt), gatesStride: 4 * H, previousCell: cp, previousCellStride: H,
                                 tanhCell: tc, tanhCellStride: H, dHidden: dh, dHiddenStride: H,
                                 dCell: dc, dCellStride: H, dGates: gt, dGatesStride: 4 * H, batch: batch, hiddenSize: H)
            } }
        } } }
        #expect(inPlace == dGates)
        #expect(dC2 == dC)
    }
}
