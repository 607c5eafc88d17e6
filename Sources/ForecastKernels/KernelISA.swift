// The instruction set the C elementwise kernels run with, chosen from CPUID at start-up.
internal import CForecastKernels

/// The vector instruction set of the elementwise kernels (gates, Adam, clipping, bias sums).
///
/// Each kernel is compiled three times; the widest level the CPU supports is used unless a lower
/// one is set (to compare them, or to test every copy on one machine). Results of different levels
/// differ in the last bits (FMA contraction, summation width).
public enum KernelISA: Int, Sendable, CaseIterable, Comparable {
    /// Baseline x86-64 (SSE2): any x86_64 CPU.
    case baseline = 0
    /// AVX2 with FMA.
    case avx2 = 1
    /// AVX-512 (F, VL, DQ, BW).
    case avx512 = 2

    /// The level in use.
    public static var current: KernelISA { KernelISA(rawValue: Int(cfk_isa_level())) ?? .baseline }

    /// The widest level this CPU supports.
    public static var supported: KernelISA { KernelISA(rawValue: Int(cfk_isa_supported())) ?? .baseline }

    /// Uses `level`, lowered to what the CPU supports, from now on (process-wide); returns the level in use.
    @discardableResult
    public static func set(_ level: KernelISA) -> KernelISA {
        KernelISA(rawValue: Int(cfk_isa_set(Int32(level.rawValue)))) ?? .baseline
    }

    /// Runs `body` with `level` (lowered to what the CPU supports) on the calling thread only, then
    /// restores the process' level there. `body` must not suspend or hop threads (tests of each copy).
    public static func on<R>(_ level: KernelISA, _ body: () throws -> R) rethrows -> R {
        cfk_isa_set_thread(Int32(level.rawValue))
        defer { cfk_isa_set_thread(-1) }
        return try body()
    }

    /// `baseline`, `avx2` or `avx512`.
    public var name: String {
        switch self {
        case .baseline: "baseline"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    public static func < (a: KernelISA, b: KernelISA) -> Bool { a.rawValue < b.rawValue }
}
