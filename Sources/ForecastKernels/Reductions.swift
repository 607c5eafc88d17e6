// Reductions: column sums (bias gradients), sums and sums of squares (losses, gradient norms).

/// Adds the column sums of `matrix` (`rows` rows of `columns` at `stride`) into `sums`
/// (`[columns]`): `sums[j] += Σ_r matrix[r, j]`. Accumulates; this is a bias gradient.
public func addColumnSums(
    of matrix: UnsafeBufferPointer<Float>, rows: Int, columns: Int, stride: Int,
    into sums: UnsafeMutableBufferPointer<Float>
) {
    precondition(sums.count == columns, "addColumnSums: sums has \(sums.count) elements, expected \(columns)")
    checkRows(matrix.count, rows: rows, columns: columns, stride: stride, "addColumnSums")
    guard rows > 0, columns > 0 else { return }
    let s = sums.baseAddress!
    for r in 0..<rows {
        let row = matrix.baseAddress! + r * stride
        for j in 0..<columns { s[j] += row[j] }
    }
}

/// `Σ x[i]`, accumulated in `Double` in index order (deterministic).
public func sum(_ x: UnsafeBufferPointer<Float>) -> Double {
    var total = 0.0
    for v in x { total += Double(v) }
    return total
}

/// `Σ x[i]²`, accumulated in `Double` in index order (deterministic): the squared L2 norm.
public func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Double {
    var total = 0.0
    for v in x { let d = Double(v); total += d * d }
    return total
}

/// `Σ x[i] · y[i]` accumulated in `Double`; `x` and `y` have the same count.
public func dot(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double {
    precondition(x.count == y.count, "dot: \(x.count) vs \(y.count) elements")
    var total = 0.0
    for i in 0..<x.count { total += Double(x[i]) * Double(y[i]) }
    return total
}
