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
/// and summed in Double) by central differences.
///
/// The perturbed values `x ± h` are formed in Float and the actual difference `(x+h) - (x-h)` is
/// used as the denominator, so rounding of the step does not bias the result. With Float32
/// forward passes, the rounding noise of the loss (about `|L|·1e-7`) divided by `2h` limits the
/// accuracy: `h = 1e-2` gives about 1e-5 absolute noise; the `O(h²)` truncation stays below 1e-4
/// relative for the smooth tanh/sigmoid networks tested here.
public func centralDifferenceGradient(
    of f: ([Float]) -> Double, at x: [Float], step h: Float = 1e-2
) -> [Double] {
    var point = x
    var gradient = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        let saved = point[i]
        let up = saved + h, down = saved - h
        point[i] = up
        let plus = f(point)
        point[i] = down
        let minus = f(point)
        point[i] = saved
        gradient[i] = (plus - minus) / (Double(up) - Double(down))
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
