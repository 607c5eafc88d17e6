// The elementwise update of Adam over one flat buffer, vectorized in C.
internal import CForecastKernels

/// One Adam update of every element, Keras 3's arithmetic in Float32:
/// ```
/// m += (g - m) · oneMinusBeta1;  v += (g² - v) · oneMinusBeta2;  w -= alpha · m / (sqrt(v) + epsilon)
/// ```
/// `alpha` is the bias-corrected step `lr · sqrt(1 - beta2^t) / (1 - beta1^t)`. All four buffers
/// have the same count; `parameters`, `m` and `v` are updated in place.
public func adamUpdate(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
    m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
    alpha: Float, oneMinusBeta1: Float, oneMinusBeta2: Float, epsilon: Float
) {
    let n = parameters.count
    precondition(gradients.count == n && m.count == n && v.count == n, "adamUpdate: mismatched counts")
    guard n > 0 else { return }
    cfk_adam(parameters.baseAddress!, gradients.baseAddress!, m.baseAddress!, v.baseAddress!, n,
             alpha, oneMinusBeta1, oneMinusBeta2, epsilon)
}
