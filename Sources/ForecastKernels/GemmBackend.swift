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
    /// ``openBLAS``, until a program assigns, for example, ``fastest``.
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

    /// The faster backend on this machine, measured once per process on the GEMMs of one LSTM step
    /// (`[64, 64] · [64, 256]` and its two backward products, best of several runs at 1 thread,
    /// about 2 ms in all). `--blas auto` uses it.
    public static var fastest: GemmBackend { fastestMeasured }

    private static let fastestMeasured: GemmBackend = {
        let (m, n, k) = (64, 256, 64)
        let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k), b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        for i in 0..<(m * k) { a[i] = Float(i % 7) * 0.1 }
        for i in 0..<(k * n) { b[i] = Float(i % 5) * 0.1 }
        let saved = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(saved) }
        let clock = ContinuousClock()
        var best: [GemmBackend: Duration] = [:]
        for round in 0..<3 {
            for backend in GemmBackend.allCases {
                let t0 = clock.now
                for _ in 0..<8 {
                    rawGemm(.none, .none, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: c, ldc: n, backend: backend)
                    rawGemm(.none, .transposed, m: m, n: k, k: n, alpha: 1, a: c, lda: n, b: b, ldb: n, beta: 0, c: a, ldc: k, backend: backend)
                    rawGemm(.transposed, .none, m: k, n: n, k: m, alpha: 1, a: a, lda: k, b: c, ldb: n, beta: 0, c: b, ldc: n, backend: backend)
                }
                let d = clock.now - t0
                if round > 0 { best[backend] = min(best[backend] ?? d, d) }  // round 0 warms up
            }
        }
        return GemmBackend.allCases.min { best[$0]! < best[$1]! }!
    }()
}
