/// Tolerances used by numeric tests, each with the reason it is that size.
public enum Tolerance {
    /// Float32 arithmetic on values of order 1, a few dozen operations deep: about 100 ulps.
    public static let float32 = 1e-5
    /// Double arithmetic that should agree to rounding.
    public static let double = 1e-12
}

/// Whether `a` and `b` agree to a relative error of `relative`, with `absolute` as the floor for
/// values near zero.
public func isClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
    if a == b { return true }
    if a.isNaN || b.isNaN { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
