// Thread control of the BLAS library behind ``gemm``.
internal import CBLAS

/// Thread count and kernel name of the BLAS library behind ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
///
/// Per-step GEMMs of a recurrent layer are small (`[batch, hiddenSize] · [hiddenSize, 4·hiddenSize]`);
/// they run best on 1 thread. Results are bit-identical from run to run only for the same thread count.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses from now on (clamped to at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, min(count, Int(Int32.max)))))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// The name of the kernel family OpenBLAS picked for this CPU (e.g. `"Haswell"`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
