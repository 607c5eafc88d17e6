// Scalar exp, sigmoid and tanh written so that loops over them vectorize: no libm calls, no
// branches (only selects), no trapping Float→Int conversions.

/// `e^x` to about 1.5e-7 relative error for `x` in `[-87.3, 88]`; clamped outside that range
/// (so `fastExp(-1000)` is about `1.2e-38`, not 0, and `fastExp(1000)` about `1.6e38`, not ∞).
///
/// Cody–Waite reduction `x = n·ln2 + r`, `|r| <= ln2/2` (with `ln2` split into an exact high part
/// and a correction), Cephes' degree-5 minimax polynomial for `e^r`, and `2^n` built from the bits
/// of the rounded `x·log2(e) + 1.5·2^23` (the "magic number" round-to-nearest), so nothing in it
/// blocks auto-vectorization.
@inlinable @inline(__always)
public func fastExp(_ x: Float) -> Float {
    let xc = min(max(x, -87.3), 88.0)
    let magic: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer
    let t = xc * 1.442_695_04 + magic
    let n = t - magic
    var r = xc - n * 0.693_359_375
    r = r - n * -2.121_944_40e-4
    var p: Float = 1.987_569_150_0e-4
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let e = p * (r * r) + r + 1
    // t's bit pattern is 0x4B40_0000 + n; shift n + 127 into the exponent field to get 2^n.
    let scale = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    return e * scale
}

/// Logistic function `1 / (1 + e^-x)`, to about 2e-7 relative error where it is above 1e-30.
@inlinable @inline(__always)
public func fastSigmoid(_ x: Float) -> Float {
    1 / (1 + fastExp(-x))
}

/// Hyperbolic tangent to about 2e-7 relative error.
///
/// `|x| < 0.5`: its Taylor series to `x^15` (truncation below 1e-8 relative); otherwise
/// `1 - 2 / (e^{2|x|} + 1)` with the sign of `x`. Both are computed and one is selected, so a loop
/// over it has no branch.
@inlinable @inline(__always)
public func fastTanh(_ x: Float) -> Float {
    let ax = abs(x)
    let large = 1 - 2 / (fastExp(2 * ax) + 1)
    let x2 = x * x
    var p: Float = -1.455_834_387_7e-3  // -929569/638512875
    p = p * x2 + 3.592_128_036_3e-3     // 21844/6081075
    p = p * x2 - 8.863_235_529_9e-3     // -1382/155925
    p = p * x2 + 2.186_948_853_6e-2     // 62/2835
    p = p * x2 - 5.396_825_396_8e-2     // -17/315
    p = p * x2 + 1.333_333_333_3e-1     // 2/15
    p = p * x2 - 3.333_333_333_3e-1     // -1/3
    let small = x + x * x2 * p
    let signedLarge = x < 0 ? -large : large
    return ax < 0.5 ? small : signedLarge
}
