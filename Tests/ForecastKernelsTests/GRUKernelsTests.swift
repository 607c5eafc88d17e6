import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct GRUKernelsTests {
    @Test(arguments: [(1, 1), (3, 5), (2, 7), (2, 37)], KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func gruResetAfterStepMatchesNaiveForwardAndFiniteDifferenceBackward(shape: (batch: Int, hidden: Int), isa: KernelISA) {
        KernelISA.on(isa) { checkResetAfter(batch: shape.batch, hidden: shape.hidden) }
    }

    /// The prediction step (biases added inside, state updated in place, copied for the next layer)
    /// against the naive step on every instruction set.
    @Test(arguments: KernelISA.allCases.filter { $0 <= KernelISA.supported })
    func gruPredictStepMatchesNaiveStep(isa: KernelISA) {
        KernelISA.on(isa) {
            let (batch, H, hs, h2s) = (3, 37, 40, 45)
            var g = SeededGenerator(seed: 11)
            let xp = uniformFloats(batch * 3 * H, in: -2...2, using: &g), rp = uniformFloats(batch * 3 * H, in: -2...2, using: &g)
            let bi = uniformFloats(3 * H, in: -1...1, using: &g), br = uniformFloats(3 * H, in: -1...1, using: &g)
            let hPrev = uniformFloats(batch * H, using: &g)
            var h = [Float](repeating: .nan, count: batch * hs), h2 = [Float](repeating: .nan, count: batch * h2s)
            for b in 0..<batch { for j in 0..<H { h[b * hs + j] = hPrev[b * H + j] } }
            xp.withUnsafeBufferPointer { x in rp.withUnsafeBufferPointer { r in bi.withUnsafeBufferPointer { bi in
                br.withUnsafeBufferPointer { br in h.withUnsafeMutableBufferPointer { h in h2.withUnsafeMutableBufferPointer { h2 in
                    gruStepPredict(inputProjection: x, inputProjectionStride: 3 * H, recurrentProjection: r, recurrentProjectionStride: 3 * H,
                                   inputBias: bi, recurrentBias: br, hidden: h, hiddenStride: hs, hiddenCopy: h2, hiddenCopyStride: h2s,
                                   batch: batch, hiddenSize: H)
                } } }
            } } }
            let withBias = { (v: [Float], bias: [Float]) in (0..<v.count).map { Double(v[$0]) + Double(bias[$0 % (3 * H)]) } }
            let ref = naiveGRUStepResetAfter(inputProjection: withBias(xp, bi), recurrentProjection: withBias(rp, br),
                                             previousHidden: hPrev.map(Double.init), batch: batch, hiddenSize: H)
            for b in 0..<batch {
                for j in 0..<H {
                    #expect(isClose(Double(h[b * hs + j]), ref.hidden[b * H + j], relative: 1e-5, absolute: 1e-5))
                    #expect(h2[b * h2s + j] == h[b * hs + j])
                }
            }
        }
    }

    func checkResetAfter(batch: Int, hidden H: Int) {
        var g = SeededGenerator(seed: UInt64(batch * 10 + H))
        let n3 = batch * 3 * H, n1 = batch * H
        let xp = uniformFloats(n3, in: -2...2, using: &g), rp = uniformFloats(n3, in: -2...2, using: &g)
        let hPrev = uniformFloats(n1, using: &g), dH = uniformFloats(n1, using: &g)
        var gates = [Float](repeating: 0, count: n3), h = [Float](repeating: 0, count: n1)
        xp.withUnsafeBufferPointer { x in rp.withUnsafeBufferPointer { r in hPrev.withUnsafeBufferPointer { hp in
            gates.withUnsafeMutableBufferPointer { gt in h.withUnsafeMutableBufferPointer { h in
                gruStepForwardResetAfter(inputProjection: x, inputProjectionStride: 3 * H, recurrentProjection: r,
                                         recurrentProjectionStride: 3 * H, previousHidden: hp, previousHiddenStride: H,
                                         gates: gt, gatesStride: 3 * H, hidden: h, hiddenStride: H, batch: batch, hiddenSize: H)
            } }
        } } }
        let ref = naiveGRUStepResetAfter(inputProjection: xp.map(Double.init), recurrentProjection: rp.map(Double.init),
                                         previousHidden: hPrev.map(Double.init), batch: batch, hiddenSize: H)
        for i in 0..<n3 { #expect(isClose(Double(gates[i]), ref.gates[i], relative: 1e-6, absolute: 1e-6)) }
        for i in 0..<n1 { #expect(isClose(Double(h[i]), ref.hidden[i], relative: 1e-6, absolute: 1e-6)) }

        var dX = [Float](repeating: .nan, count: n3), dP = dX, dHp = [Float](repeating: .nan, count: n1)
        gates.withUnsafeBufferPointer { gt in rp.withUnsafeBufferPointer { r in hPrev.withUnsafeBufferPointer { hp in
            dH.withUnsafeBufferPointer { dh in dX.withUnsafeMutableBufferPointer { dx in dP.withUnsafeMutableBufferPointer { dp in
                dHp.withUnsafeMutableBufferPointer { dhp in
                    gruStepBackwardResetAfter(gates: gt, gatesStride: 3 * H, recurrentProjection: r, recurrentProjectionStride: 3 * H,
                                              previousHidden: hp, previousHiddenStride: H, dHidden: dh, dHiddenStride: H,
                                              dInputProjection: dx, dInputProjectionStride: 3 * H,
                                              dRecurrentProjection: dp, dRecurrentProjectionStride: 3 * H,
                                              dPreviousHidden: dhp, dPreviousHiddenStride: H, batch: batch, hiddenSize: H)
                }
            } } }
        } } }
        let loss: ([Double]) -> Double = { v in
            let r = naiveGRUStepResetAfter(inputProjection: Array(v[0..<n3]), recurrentProjection: Array(v[n3..<(2 * n3)]),
                                           previousHidden: Array(v[(2 * n3)...]), batch: batch, hiddenSize: H)
            return zip(dH, r.hidden).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        let fd = centralDifferenceGradient(of: loss, at: (xp + rp + hPrev).map(Double.init))
        // Float32 kernel against a Double reference, with the gates of the rational sigmoid/tanh (absolute
        // error below 4e-7) inside the derivatives: 3e-5 relative with a 1e-3 floor, as for the LSTM step.
        #expect(maxRelativeError((dX + dP + dHp).map(Double.init), fd, floor: 1e-3) < 3e-5)
    }

    /// The two half-step kernels of `reset_after = false`, composed with the GEMMs as a layer does,
    /// against the naive whole step, forward and backward (gradients with respect to `x·W + b` and `h_{t-1}`).
    @Test(arguments: [(1, 1), (3, 5), (2, 4)])
    func gruResetBeforeHalfStepsComposeToTheNaiveStep(batch: Int, hidden H: Int) {
        var g = SeededGenerator(seed: UInt64(batch * 7 + H))
        let n3 = batch * 3 * H, n1 = batch * H, G = 3 * H
        let xp = uniformFloats(n3, in: -2...2, using: &g), u = uniformFloats(H * G, using: &g)
        let hPrev = uniformFloats(n1, using: &g), dH = uniformFloats(n1, using: &g)

        // Forward: A_zr += h·U_zr; gates; A_h += (r⊙h)·U_h; candidate and state.
        var a = xp, gates = [Float](repeating: 0, count: n3), rh = [Float](repeating: 0, count: n1), h = rh
        var uZR = [Float](repeating: 0, count: H * 2 * H), uH = [Float](repeating: 0, count: H * H)
        for p in 0..<H { for j in 0..<(2 * H) { uZR[p * 2 * H + j] = u[p * G + j] }; for j in 0..<H { uH[p * H + j] = u[p * G + 2 * H + j] } }
        var aZR = [Float](repeating: 0, count: batch * 2 * H)
        for b in 0..<batch { for j in 0..<(2 * H) { aZR[b * 2 * H + j] = a[b * G + j] } }
        naiveGemm(transA: false, transB: false, m: batch, n: 2 * H, k: H, alpha: 1, a: hPrev, lda: H, b: uZR, ldb: 2 * H, beta: 1, c: &aZR, ldc: 2 * H)
        for b in 0..<batch { for j in 0..<(2 * H) { a[b * G + j] = aZR[b * 2 * H + j] } }
        a.withUnsafeBufferPointer { a in hPrev.withUnsafeBufferPointer { hp in gates.withUnsafeMutableBufferPointer { gt in rh.withUnsafeMutableBufferPointer { rh in
            gruStepResetGateForward(preactivations: a, preactivationsStride: G, previousHidden: hp, previousHiddenStride: H,
                                    gates: gt, gatesStride: G, resetHidden: rh, resetHiddenStride: H, batch: batch, hiddenSize: H)
        } } } }
        var aH = [Float](repeating: 0, count: n1)
        for b in 0..<batch { for j in 0..<H { aH[b * H + j] = a[b * G + 2 * H + j] } }
        naiveGemm(transA: false, transB: false, m: batch, n: H, k: H, alpha: 1, a: rh, lda: H, b: uH, ldb: H, beta: 1, c: &aH, ldc: H)
        for b in 0..<batch { for j in 0..<H { a[b * G + 2 * H + j] = aH[b * H + j] } }
        a.withUnsafeBufferPointer { a in hPrev.withUnsafeBufferPointer { hp in gates.withUnsafeMutableBufferPointer { gt in h.withUnsafeMutableBufferPointer { h in
            gruStepCandidateForward(preactivations: a, preactivationsStride: G, previousHidden: hp, previousHiddenStride: H,
                                    gates: gt, gatesStride: G, hidden: h, hiddenStride: H, batch: batch, hiddenSize: H)
        } } } }
        let ud = u.map(Double.init)
        let ref = naiveGRUStepResetBefore(inputProjection: xp.map(Double.init), recurrentKernel: ud, previousHidden: hPrev.map(Double.init), batch: batch, hiddenSize: H)
        for i in 0..<n1 { #expect(isClose(Double(h[i]), ref.hidden[i], relative: 1e-5, absolute: 1e-6)) }
        for i in 0..<n3 { #expect(isClose(Double(gates[i]), ref.gates[i], relative: 1e-5, absolute: 1e-6)) }

        // Backward: candidate; d(r⊙h) = dA_h·U_hᵀ; reset gate; dh_{t-1} += dA_zr·U_zrᵀ.
        var dA = [Float](repeating: .nan, count: n3), dHp = [Float](repeating: .nan, count: n1)
        gates.withUnsafeBufferPointer { gt in hPrev.withUnsafeBufferPointer { hp in dH.withUnsafeBufferPointer { dh in
            dA.withUnsafeMutableBufferPointer { da in dHp.withUnsafeMutableBufferPointer { dhp in
                gruStepCandidateBackward(gates: gt, gatesStride: G, previousHidden: hp, previousHiddenStride: H, dHidden: dh, dHiddenStride: H,
                                         dPreactivations: da, dPreactivationsStride: G, dPreviousHidden: dhp, dPreviousHiddenStride: H,
                                         batch: batch, hiddenSize: H)
            } }
        } } }
        var dAH = [Float](repeating: 0, count: n1)
        for b in 0..<batch { for j in 0..<H { dAH[b * H + j] = dA[b * G + 2 * H + j] } }
        var dRH = [Float](repeating: 0, count: n1)
        naiveGemm(transA: false, transB: true, m: batch, n: H, k: H, alpha: 1, a: dAH, lda: H, b: uH, ldb: H, beta: 0, c: &dRH, ldc: H)
        gates.withUnsafeBufferPointer { gt in hPrev.withUnsafeBufferPointer { hp in dRH.withUnsafeBufferPointer { drh in
            dA.withUnsafeMutableBufferPointer { da in dHp.withUnsafeMutableBufferPointer { dhp in
                gruStepResetGateBackward(gates: gt, gatesStride: G, previousHidden: hp, previousHiddenStride: H, dResetHidden: drh,
                                         dResetHiddenStride: H, dPreactivations: da, dPreactivationsStride: G,
                                         dPreviousHidden: dhp, dPreviousHiddenStride: H, batch: batch, hiddenSize: H)
            } }
        } } }
        var dAZR = [Float](repeating: 0, count: batch * 2 * H)
        for b in 0..<batch { for j in 0..<(2 * H) { dAZR[b * 2 * H + j] = dA[b * G + j] } }
        naiveGemm(transA: false, transB: true, m: batch, n: H, k: 2 * H, alpha: 1, a: dAZR, lda: 2 * H, b: uZR, ldb: 2 * H, beta: 1, c: &dHp, ldc: H)

        let loss: ([Double]) -> Double = { v in
            let r = naiveGRUStepResetBefore(inputProjection: Array(v[0..<n3]), recurrentKernel: ud, previousHidden: Array(v[n3...]), batch: batch, hiddenSize: H)
            return zip(dH, r.hidden).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        let fd = centralDifferenceGradient(of: loss, at: (xp + hPrev).map(Double.init))
        // Float32 kernels and GEMMs against a Double reference: 1e-5 relative with a 1e-3 floor.
        #expect(maxRelativeError((dA + dHp).map(Double.init), fd, floor: 1e-3) < 1e-5)
    }
}
