// Central finite differences for gradient checks.

/// Gradient of `f` at `x` by central differences `(f(x + h e_i) - f(x - h e_i)) / 2h`, in Double.
///
/// For a Double function the error is `O(h²)`; `h = 1e-5` gives about 1e-9 relative.
public func centralDifferenceGradient(
    of f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-5
) -> [Double] {
    var point = x
    var gradient = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        let saved = point[i]
        point[i] = saved + h
        let plus = f(point)
        point[i] = saved - h
        let minus = f(point)
        point[i] = saved
        gradient[i] = (plus - minus) / (2 * h)
    }
    return gradient
}

/// Gradient of a function of Float32 parameters (typically a model's loss, computed in Float32
/// and summed in Double) by the fourth-order central difference
/// `(8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h`.
///
/// `h` defaults to `2⁻⁴`, a power of two, so `x ± h` and `x ± 2h` are exact in Float. The step is
/// large on purpose: the Float32 forward pass carries rounding noise of about 1e-6 in the loss,
/// which the difference divides by the step, while the fourth-order stencil keeps the `O(h⁴)`
/// truncation small. Measured on the tiny networks of the tests: about 1e-4 relative error
/// (entries compared at a scale of at least 1e-2) at `h = 2⁻⁴`, against 2e-4 at `2⁻⁵`, 1e-3 at
/// `2⁻⁷` (noise-bound) and 2e-3 at `2⁻³` (truncation-bound).
public func centralDifferenceGradient(
    of f: ([Float]) -> Double, at x: [Float], step h: Float = 0x1p-4
) -> [Double] {
    var point = x
    var gradient = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        let saved = point[i]
        func at(_ v: Float) -> Double { point[i] = v; return f(point) }
        let near = at(saved + h) - at(saved - h)
        let far = at(saved + 2 * h) - at(saved - 2 * h)
        point[i] = saved
        gradient[i] = (8 * near - far) / (12 * Double(h))
    }
    return gradient
}

/// Largest `|a - b| / max(|a|, |b|, floor)` over the elements: the relative error of a gradient
/// check, with `floor` keeping near-zero entries from dominating.
public func maxRelativeError(_ a: [Double], _ b: [Double], floor: Double) -> Double {
    precondition(a.count == b.count, "maxRelativeError: \(a.count) vs \(b.count) elements")
    var worst = 0.0
    for i in 0..<a.count {
        let scale = max(abs(a[i]), abs(b[i]), floor)
        worst = max(worst, abs(a[i] - b[i]) / scale)
    }
    return worst
}

/// Relative error of an analytic gradient of a Float32 function against central differences
/// (see ``centralDifferenceGradient(of:at:step:)-(([Float])->Double,_,_)``), with `floor` as the
/// smallest scale an entry is compared at.
public func gradientCheckError(
    analytic: [Float], of f: ([Float]) -> Double, at x: [Float], step h: Float = 0x1p-4, floor: Double = 1e-2
) -> Double {
    let numeric = centralDifferenceGradient(of: f, at: x, step: h)
    return maxRelativeError(analytic.map(Double.init), numeric, floor: floor)
}
