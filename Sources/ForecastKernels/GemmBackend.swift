// Which library carries out gemm: OpenBLAS or oneDNN, chosen at run time.
import Synchronization
internal import CDNNL

/// The library that carries out ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:backend:)``.
///
/// Both are row-major single-precision GEMMs with the same arguments. OpenBLAS runs the kernels
/// its environment selects (`OPENBLAS_CORETYPE`); oneDNN picks its own by CPUID (AVX-512 where the
/// CPU has it), which is about twice as fast on such CPUs when OpenBLAS is held to AVX2. Results of
/// the two differ in the last bits; for a given backend, thread count and CPU they are
/// bit-identical from run to run.
public enum GemmBackend: UInt8, Sendable, CaseIterable, Codable {
    /// OpenBLAS `cblas_sgemm` (Debian `libopenblas-dev`).
    case openBLAS = 0
    /// oneDNN `dnnl_sgemm` (Debian `libdnnl-dev`).
    case oneDNN = 1

    /// The name used on the command line and in reproducibility stamps: `openblas`, `onednn`.
    public var name: String {
        switch self {
        case .openBLAS: "openblas"
        case .oneDNN: "onednn"
        }
    }

    /// The backend named `name` (`openblas`, `onednn`; case-insensitive), or `nil`.
    public init?(name: String) {
        guard let b = GemmBackend.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = b
    }

    private static let storage = Atomic<UInt8>(GemmBackend.openBLAS.rawValue)

    /// A backend set for the current task and its children only (tests run both backends side by side).
    @TaskLocal public static var scoped: GemmBackend?

    /// The backend every ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:backend:)`` call of this process
    /// uses unless told otherwise: ``scoped`` when set, else what was last assigned here. Default:
    /// ``openBLAS``, until a program assigns, for example, ``preferred``.
    public static var active: GemmBackend {
        get { scoped ?? GemmBackend(rawValue: storage.load(ordering: .relaxed)) ?? .openBLAS }
        set { storage.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// Runs `body` with ``active`` set to `backend` for the current task (and the tasks it creates).
    public static func with<R>(_ backend: GemmBackend, _ body: () throws -> R) rethrows -> R {
        try $scoped.withValue(backend, operation: body)
    }

    /// The backend `--blas auto` uses: oneDNN on CPUs with AVX2 or AVX-512 (where its JIT kernels
    /// ran the GEMMs of an LSTM step about twice as fast as OpenBLAS held to AVX2, see
    /// `Scripts/bench --kernels`), OpenBLAS elsewhere. A rule on CPU features rather than a timing, so
    /// the same machine always makes the same choice and reruns give the same numbers.
    public static var preferred: GemmBackend { KernelISA.supported >= .avx2 ? .oneDNN : .openBLAS }
}
