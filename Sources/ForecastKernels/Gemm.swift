// General matrix multiply: the one GEMM every layer calls, row-major, with the backend behind it.
internal import CBLAS
import Synchronization

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable, Equatable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose of the stored matrix.
    case transposed
}

/// The library that carries out ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
///
/// Only OpenBLAS exists today. The choice is made at run time through ``GemmBackend/active``, so a
/// second backend (oneDNN's `dnnl_sgemm`, which is row-major with the same arguments) can be added as
/// a new case without touching any caller.
public enum GemmBackend: UInt8, Sendable, CaseIterable, Codable {
    /// OpenBLAS `cblas_sgemm` (Debian `libopenblas-dev`).
    case openBLAS = 0

    private static let storage = Atomic<UInt8>(GemmBackend.openBLAS.rawValue)

    /// The backend used by every ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` call of this
    /// process. Default: ``openBLAS``.
    public static var active: GemmBackend {
        get { GemmBackend(rawValue: storage.load(ordering: .relaxed)) ?? .openBLAS }
        set { storage.store(newValue.rawValue, ordering: .relaxed) }
    }
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
///
/// Sizes of zero are allowed and leave `C` scaled by `beta` (untouched when `m` or `n` is 0).
/// Buffers must not overlap `c`. Which library runs is ``GemmBackend/active``.
public func gemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafeBufferPointer<Float>, lda: Int,
    b: UnsafeBufferPointer<Float>, ldb: Int,
    beta: Float = 0,
    c: UnsafeMutableBufferPointer<Float>, ldc: Int
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
    switch GemmBackend.active {
    case .openBLAS:
        cblas_sgemm(
            CblasRowMajor,
            transA == .none ? CblasNoTrans : CblasTrans,
            transB == .none ? CblasNoTrans : CblasTrans,
            blasint(m), blasint(n), blasint(k), alpha,
            a.baseAddress, blasint(lda), b.baseAddress, blasint(ldb),
            beta, c.baseAddress, blasint(ldc))
    }
}
