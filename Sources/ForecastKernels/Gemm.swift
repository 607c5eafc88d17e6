// General matrix multiply: the one GEMM every layer calls, row-major, with the backend behind it.
internal import CBLAS
internal import CDNNL

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable, Equatable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose of the stored matrix.
    case transposed
}

/// Single-precision matrix product, row-major: `C = alpha · op(A) · op(B) + beta · C`.
///
/// - Parameters:
///   - transA, transB: whether `A` / `B` are used transposed.
///   - m, n, k: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`.
///   - a: `A` as stored: `[m, k]` (`lda >= k`) or, transposed, `[k, m]` (`lda >= m`).
///   - b: `B` as stored: `[k, n]` (`ldb >= n`) or, transposed, `[n, k]` (`ldb >= k`).
///   - c: `[m, n]` with row stride `ldc >= n`; overwritten when `beta == 0` (its old contents,
///     even NaN, are ignored), accumulated into when `beta == 1`.
///   - lda, ldb, ldc: row strides in elements, so a matrix can be a strided view (one time step of
///     a `[batch, time, features]` sequence has stride `time * features`).
///   - backend: the library that runs it. Default: ``GemmBackend/active``.
///
/// Sizes of zero are allowed and leave `C` scaled by `beta` (untouched when `m` or `n` is 0).
/// Buffers must not overlap `c`.
public func gemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafeBufferPointer<Float>, lda: Int,
    b: UnsafeBufferPointer<Float>, ldb: Int,
    beta: Float = 0,
    c: UnsafeMutableBufferPointer<Float>, ldc: Int,
    backend: GemmBackend = .active
) {
    if m == 0 || n == 0 { return }
    precondition(ldc >= n, "gemm: ldc \(ldc) < n \(n)")
    precondition(c.count >= (m - 1) * ldc + n, "gemm: C has \(c.count) elements, needs [\(m), \(n)] at stride \(ldc)")
    if k == 0 {
        // BLAS leaves C scaled by beta; do it ourselves so beta == 0 also clears NaN.
        for i in 0..<m {
            let row = c.baseAddress! + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
        }
        return
    }
    let (aRows, aCols) = transA == .none ? (m, k) : (k, m)
    let (bRows, bCols) = transB == .none ? (k, n) : (n, k)
    precondition(lda >= aCols && a.count >= (aRows - 1) * lda + aCols, "gemm: A too small for [\(aRows), \(aCols)] at stride \(lda)")
    precondition(ldb >= bCols && b.count >= (bRows - 1) * ldb + bCols, "gemm: B too small for [\(bRows), \(bCols)] at stride \(ldb)")
    rawGemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
            beta: beta, c: c.baseAddress!, ldc: ldc, backend: backend)
}

/// ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:backend:)`` on raw pointers, without the checks
/// (callers inside the package that have already checked their shapes). `m, n, k > 0`.
@usableFromInline
func rawGemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, backend: GemmBackend
) {
    switch backend {
    case .openBLAS:
        cblas_sgemm(
            CblasRowMajor,
            transA == .none ? CblasNoTrans : CblasTrans,
            transB == .none ? CblasNoTrans : CblasTrans,
            blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    case .oneDNN:
        let status = dnnl_sgemm(
            transA == .none ? CChar(UInt8(ascii: "N")) : CChar(UInt8(ascii: "T")),
            transB == .none ? CChar(UInt8(ascii: "N")) : CChar(UInt8(ascii: "T")),
            dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), alpha, a, dnnl_dim_t(lda), b, dnnl_dim_t(ldb),
            beta, c, dnnl_dim_t(ldc))
        precondition(status == dnnl_success, "dnnl_sgemm failed with status \(status.rawValue) for m=\(m) n=\(n) k=\(k)")
    }
}
