// Thread control of the GEMM libraries behind gemm.
internal import CBLAS
internal import CDNNL

/// Thread count and kernel name of the GEMM libraries behind ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:backend:)``.
///
/// Per-step GEMMs of a recurrent layer are small (`[batch, hiddenSize] · [hiddenSize, 4·hiddenSize]`);
/// they run best on 1 thread. Results are bit-identical from run to run only for the same thread count.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS (process-wide) and oneDNN (OpenMP; for the calling
    /// thread) use from now on (clamped to at least 1).
    public static func set(_ count: Int) {
        let n = Int32(max(1, min(count, Int(Int32.max))))
        openblas_set_num_threads(n)
        omp_set_num_threads(n)
    }

    /// Sets oneDNN's OpenMP threads for the calling thread only (worker threads that call GEMMs).
    public static func setForThisThread(_ count: Int) {
        omp_set_num_threads(Int32(max(1, min(count, Int(Int32.max)))))
    }

    /// Runs `body` with oneDNN's OpenMP threads of the calling thread set to `count`, then restores
    /// them: a computation whose sums must not depend on what ran before on the thread (a
    /// forecast after training, or from a saved model, gives the same bits).
    public static func withThisThread<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let before = omp_get_max_threads()
        omp_set_num_threads(Int32(max(1, min(count, Int(Int32.max)))))
        defer { omp_set_num_threads(before) }
        return try body()
    }

    /// oneDNN's OpenMP threads for the calling thread.
    public static var forThisThread: Int { Int(omp_get_max_threads()) }

    /// The number of threads OpenBLAS currently uses.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// The name of the kernel family OpenBLAS picked for this CPU (e.g. `"Haswell"`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
