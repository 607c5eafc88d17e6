import ArgumentParser
import ForecastKernels

/// `--blas`: which GEMM library runs the matrix products, and how the choice is written into
/// reproducibility stamps.
enum GemmChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// oneDNN on AVX2 / AVX-512 CPUs, OpenBLAS elsewhere (``GemmBackend/preferred``): a rule, not a
    /// timing, so reruns on one machine always pick the same library.
    case auto
    /// OpenBLAS (`cblas_sgemm`), with the kernels its environment selects.
    case openblas
    /// oneDNN (`dnnl_sgemm`), AVX-512 where the CPU has it.
    case onednn

    /// The backend this choice resolves to.
    var backend: GemmBackend {
        switch self {
        case .auto: GemmBackend.preferred
        case .openblas: .openBLAS
        case .onednn: .oneDNN
        }
    }

    /// Makes this choice the process' GEMM backend.
    func apply() { GemmBackend.active = backend }

    /// The GEMM library in use and the instruction set of the elementwise kernels, as written into
    /// reproducibility stamps: for example `onednn; kernels avx512`.
    static var current: String {
        "\(GemmBackend.active.name); kernels \(KernelISA.current.name)"
    }
}
