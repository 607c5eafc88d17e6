// Reductions: column sums (bias gradients), sums and sums of squares (losses, gradient norms).
internal import CForecastKernels

/// Adds the column sums of `matrix` (`rows` rows of `columns` at `stride`) into `sums`
/// (`[columns]`): `sums[j] += Σ_r matrix[r, j]`. Accumulates; this is a bias gradient.
public func addColumnSums(
    of matrix: UnsafeBufferPointer<Float>, rows: Int, columns: Int, stride: Int,
    into sums: UnsafeMutableBufferPointer<Float>
) {
    precondition(sums.count == columns, "addColumnSums: sums has \(sums.count) elements, expected \(columns)")
    checkRows(matrix.count, rows: rows, columns: columns, stride: stride, "addColumnSums")
    guard rows > 0, columns > 0 else { return }
    cfk_add_column_sums(matrix.baseAddress!, stride, rows, columns, sums.baseAddress!)
}

/// `Σ x[i]`, accumulated in `Double` in index order (deterministic).
public func sum(_ x: UnsafeBufferPointer<Float>) -> Double {
    var total = 0.0
    for v in x { total += Double(v) }
    return total
}

/// `Σ x[i]²`, accumulated in `Double` in eight interleaved partial sums (a fixed order, so the
/// result is deterministic for a given count and ``KernelISA``): the squared L2 norm.
public func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Double {
    guard let xs = x.baseAddress else { return 0 }
    return cfk_sum_squares(xs, x.count)
}

/// `Σ x[i] · y[i]` accumulated in `Double`; `x` and `y` have the same count.
public func dot(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double {
    precondition(x.count == y.count, "dot: \(x.count) vs \(y.count) elements")
    var total = 0.0
    for i in 0..<x.count { total += Double(x[i]) * Double(y[i]) }
    return total
}
