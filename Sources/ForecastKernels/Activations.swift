// Elementwise activations over contiguous buffers and their derivatives.
//
// Derivatives are written in terms of the activation's *output* `y` (what the forward pass keeps):
// sigmoid' = y (1 - y), tanh' = 1 - y². The forward loops are C (CForecastKernels), vectorized.
internal import CForecastKernels

/// `y[i] = sigmoid(x[i])` for every element. `x` and `y` have the same count; `y` is overwritten
/// and may be the same memory as `x` (in place).
public func sigmoidForward(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
    precondition(x.count == y.count, "sigmoidForward: \(x.count) inputs, \(y.count) outputs")
    guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
    cfk_sigmoid(xs, ys, x.count)
}

/// `dX[i] = dY[i] · y[i] (1 - y[i])` where `y = sigmoid(x)`. `dX` is overwritten (may alias `dY`).
public func sigmoidBackward(
    y: UnsafeBufferPointer<Float>, dY: UnsafeBufferPointer<Float>, dX: UnsafeMutableBufferPointer<Float>
) {
    precondition(y.count == dY.count && y.count == dX.count, "sigmoidBackward: mismatched counts")
    guard let ys = y.baseAddress, let dys = dY.baseAddress, let dxs = dX.baseAddress else { return }
    for i in 0..<y.count { dxs[i] = dys[i] * ys[i] * (1 - ys[i]) }
}

/// `y[i] = tanh(x[i])` for every element. `y` is overwritten and may be the same memory as `x`.
public func tanhForward(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
    precondition(x.count == y.count, "tanhForward: \(x.count) inputs, \(y.count) outputs")
    guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
    cfk_tanh(xs, ys, x.count)
}

/// `dX[i] = dY[i] · (1 - y[i]²)` where `y = tanh(x)`. `dX` is overwritten (may alias `dY`).
public func tanhBackward(
    y: UnsafeBufferPointer<Float>, dY: UnsafeBufferPointer<Float>, dX: UnsafeMutableBufferPointer<Float>
) {
    precondition(y.count == dY.count && y.count == dX.count, "tanhBackward: mismatched counts")
    guard let ys = y.baseAddress, let dys = dY.baseAddress, let dxs = dX.baseAddress else { return }
    for i in 0..<y.count { dxs[i] = dys[i] * (1 - ys[i] * ys[i]) }
}
