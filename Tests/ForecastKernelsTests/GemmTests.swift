import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct GemmTests {
    /// Awkward sizes: 1, odd, prime, and beyond OpenBLAS' small-matrix blocks.
    static let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (1, 7, 3), (5, 1, 13), (3, 11, 1), (17, 13, 31), (37, 29, 67)]

    static let transposes = [(Transpose.none, Transpose.none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)]

    @Test(arguments: transposes, GemmBackend.allCases)
    func gemmMatchesNaiveLoopForEveryTransposeAndAwkwardSizes(transposes: (Transpose, Transpose), backend: GemmBackend) {
        GemmBackend.with(backend) { check(transA: transposes.0, transB: transposes.1) }
    }

    func check(transA: Transpose, transB: Transpose) {
        var g = SeededGenerator(seed: 1)
        for (m, n, k) in Self.shapes {
            for (alpha, beta): (Float, Float) in [(1, 0), (0.5, 1), (-2, 0.25)] {
                // Row strides larger than the matrices, as for one step of a sequence.
                let lda = (transA == .none ? k : m) + 2, ldb = (transB == .none ? n : k) + 1, ldc = n + 3
                let a = uniformFloats((transA == .none ? m : k) * lda, using: &g)
                let b = uniformFloats((transB == .none ? k : n) * ldb, using: &g)
                var c = uniformFloats(m * ldc, using: &g)
                var expected = c
                naiveGemm(transA: transA == .transposed, transB: transB == .transposed, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &expected, ldc: ldc)
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                                 beta: beta, c: c, ldc: ldc)
                        }
                    }
                }
                // Float32 sums of up to 67 products of values in [-1, 1]: allow 1e-5 of the sum's scale.
                for i in 0..<c.count {
                    #expect(isClose(Double(c[i]), Double(expected[i]), relative: 1e-5, absolute: 1e-5 * Double(k)),
                            "m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta) index \(i)")
                }
            }
        }
    }

    @Test(arguments: GemmBackend.allCases)
    func gemmWithBetaZeroIgnoresNaNInOutput(backend: GemmBackend) {
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        var c: [Float] = [.nan]
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            gemm(.none, .none, m: 1, n: 1, k: 2, a: a, lda: 2, b: b, ldb: 1, c: c, ldc: 1, backend: backend)
        } } }
        #expect(c == [11])
    }

    @Test(arguments: GemmBackend.allCases)
    func gemmWithEmptyInnerDimensionScalesOutputByBeta(backend: GemmBackend) {
        let empty: [Float] = []
        var c: [Float] = [2, .nan]
        empty.withUnsafeBufferPointer { e in c.withUnsafeMutableBufferPointer { c in
            gemm(.none, .none, m: 1, n: 1, k: 0, a: e, lda: 0, b: e, ldb: 1, beta: 0.5, c: c, ldc: 1, backend: backend)
        } }
        #expect(c[0] == 1)
    }

    @Test func backendsAreNamedAndScopedPerTask() {
        #expect(GemmBackend.allCases.map(\.name) == ["openblas", "onednn"])
        #expect(GemmBackend(name: "oneDNN") == .oneDNN && GemmBackend(name: "mkl") == nil)
        GemmBackend.with(.oneDNN) { #expect(GemmBackend.active == .oneDNN) }
        GemmBackend.with(.openBLAS) { #expect(GemmBackend.active == .openBLAS) }
        #expect(GemmBackend.preferred == (KernelISA.supported >= .avx2 ? .oneDNN : .openBLAS))
    }
}
