import ForecastKernels

/// The GEMM implementation in use, as written into reproducibility stamps.
enum GemmChoice {
    static var current: String {
        switch GemmBackend.active {
        case .openBLAS: return "openblas"
        }
    }
}
