// Elementwise helpers over contiguous or row-strided buffers.
//
// "Rows at stride s" means row r of a `[rows, columns]` matrix starts at element `r * s` of the
// buffer (`s >= columns`), so one time step of a `[batch, time, features]` sequence is the view
// with `rows = batch`, `stride = time * features`, starting at `t * features`.
internal import CForecastKernels

/// Checks that `count` elements hold `rows` rows of `columns` at `stride` (an internal invariant).
@inline(__always)
func checkRows(_ count: Int, rows: Int, columns: Int, stride: Int, _ what: StaticString) {
    precondition(stride >= columns && (rows == 0 || count >= (rows - 1) * stride + columns), "\(what): buffer too small")
}

/// `y += alpha · x`, elementwise; `x` and `y` have the same count. Accumulates into `y`.
public func axpy(alpha: Float, x: UnsafeBufferPointer<Float>, y: UnsafeMutableBufferPointer<Float>) {
    precondition(x.count == y.count, "axpy: \(x.count) vs \(y.count) elements")
    guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
    for i in 0..<x.count { ys[i] += alpha * xs[i] }
}

/// `x *= alpha`, elementwise, in place.
public func scale(_ x: UnsafeMutableBufferPointer<Float>, by alpha: Float) {
    guard let xs = x.baseAddress else { return }
    cfk_scale(xs, x.count, alpha)
}

/// Sets every element of `x` to `value`.
public func fill(_ x: UnsafeMutableBufferPointer<Float>, with value: Float) {
    guard let xs = x.baseAddress else { return }
    for i in 0..<x.count { xs[i] = value }
}

/// Copies `rows` rows of `columns` elements from `source` (rows at `sourceStride`) to `destination`
/// (rows at `destinationStride`), overwriting them.
public func copyRows(
    _ source: UnsafeBufferPointer<Float>, sourceStride: Int,
    to destination: UnsafeMutableBufferPointer<Float>, destinationStride: Int,
    rows: Int, columns: Int
) {
    checkRows(source.count, rows: rows, columns: columns, stride: sourceStride, "copyRows source")
    checkRows(destination.count, rows: rows, columns: columns, stride: destinationStride, "copyRows destination")
    guard rows > 0, columns > 0 else { return }
    for r in 0..<rows {
        let s = source.baseAddress! + r * sourceStride
        let d = destination.baseAddress! + r * destinationStride
        for j in 0..<columns { d[j] = s[j] }
    }
}

/// Adds `vector` (`[columns]`) to every row of `matrix` (`rows` rows at `stride`): a bias broadcast.
/// Accumulates into `matrix`.
public func addRowVector(
    _ vector: UnsafeBufferPointer<Float>, to matrix: UnsafeMutableBufferPointer<Float>,
    rows: Int, columns: Int, stride: Int
) {
    precondition(vector.count == columns, "addRowVector: vector has \(vector.count) elements, expected \(columns)")
    checkRows(matrix.count, rows: rows, columns: columns, stride: stride, "addRowVector")
    guard rows > 0, columns > 0 else { return }
    cfk_add_row_vector(vector.baseAddress!, matrix.baseAddress!, stride, rows, columns)
}

/// `destination[r, j] += source[r, j]` for `rows` rows of `columns`, each matrix at its own stride.
/// Accumulates into `destination`.
public func addRows(
    _ source: UnsafeBufferPointer<Float>, sourceStride: Int,
    into destination: UnsafeMutableBufferPointer<Float>, destinationStride: Int,
    rows: Int, columns: Int
) {
    checkRows(source.count, rows: rows, columns: columns, stride: sourceStride, "addRows source")
    checkRows(destination.count, rows: rows, columns: columns, stride: destinationStride, "addRows destination")
    guard rows > 0, columns > 0 else { return }
    for r in 0..<rows {
        let s = source.baseAddress! + r * sourceStride
        let d = destination.baseAddress! + r * destinationStride
        for j in 0..<columns { d[j] += s[j] }
    }
}

/// Writes the transpose of `matrix` (`[rows, columns]`, row-major) into `result` (`[columns, rows]`),
/// in 16 x 16 tiles. The layers' backward passes use it so that the per-step `dG · Uᵀ` GEMMs run as
/// `dG · (Uᵀ)`: at the sizes of one step oneDNN's sgemm multiplies by a transposed operand 1.2-2x
/// slower (for example 70 against 105 GFLOP/s for `[64, 256] · [256, 64]` on one core).
public func transpose(_ matrix: UnsafeBufferPointer<Float>, rows: Int, columns: Int, into result: UnsafeMutableBufferPointer<Float>) {
    precondition(matrix.count >= rows * columns && result.count >= rows * columns, "transpose: buffers too small")
    guard rows > 0, columns > 0 else { return }
    let a = matrix.baseAddress!, r = result.baseAddress!
    let tile = 16
    for i0 in stride(from: 0, to: rows, by: tile) {
        let i1 = min(i0 + tile, rows)
        for j0 in stride(from: 0, to: columns, by: tile) {
            let j1 = min(j0 + tile, columns)
            for i in i0..<i1 {
                let row = a + i * columns
                for j in j0..<j1 { r[j * rows + i] = row[j] }
            }
        }
    }
}
