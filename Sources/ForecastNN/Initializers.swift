// Keras' default weight initializers, drawn from an explicit SeededGenerator.
import ForecastCore

/// Weight initializers with Keras' definitions, drawing from the generator passed in.
public enum Initializers {
    /// Keras `glorot_uniform`: uniform on `[-limit, limit]`, `limit = sqrt(6 / (fanIn + fanOut))`,
    /// for a kernel `[fanIn, fanOut]` (row-major, `fanIn · fanOut` values written).
    public static func glorotUniform(
        _ weights: UnsafeMutableBufferPointer<Float>, fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
    ) {
        precondition(weights.count == fanIn * fanOut, "glorotUniform: \(weights.count) values for [\(fanIn), \(fanOut)]")
        let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
        for i in 0..<weights.count { weights[i] = Float((2 * generator.nextUnitDouble() - 1) * limit) }
    }

    /// Keras `orthogonal` (gain 1) for a matrix `[rows, columns]`.
    ///
    /// As Keras: a Gaussian matrix `A` of shape `[max(rows, columns), min(rows, columns)]` (drawn
    /// row by row), its reduced QR decomposition `A = QR`, `Q`'s columns multiplied by the signs of
    /// `R`'s diagonal (which makes `Q` unique: the factor of the QR with positive diagonal, computed
    /// here by Gram–Schmidt with re-orthogonalization in Double), and `Qᵀ` when `rows < columns`.
    /// The result has orthonormal rows (`rows <= columns`) or columns.
    public static func orthogonal(
        _ weights: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, using generator: inout SeededGenerator
    ) {
        precondition(weights.count == rows * columns, "orthogonal: \(weights.count) values for [\(rows), \(columns)]")
        let m = max(rows, columns), n = min(rows, columns)
        var a = [Double](repeating: 0, count: m * n)  // [m, n] row-major
        for i in 0..<(m * n) { a[i] = generator.nextGaussian() }
        // Gram–Schmidt over the columns of A, twice per column for numerical orthogonality.
        for j in 0..<n {
            for _ in 0..<2 {
                for p in 0..<j {
                    var d = 0.0
                    for i in 0..<m { d += a[i * n + p] * a[i * n + j] }
                    for i in 0..<m { a[i * n + j] -= d * a[i * n + p] }
                }
            }
            var norm = 0.0
            for i in 0..<m { norm += a[i * n + j] * a[i * n + j] }
            norm = norm.squareRoot()
            for i in 0..<m { a[i * n + j] /= norm }
        }
        if rows >= columns {
            for i in 0..<(m * n) { weights[i] = Float(a[i]) }
        } else {
            for r in 0..<rows { for c in 0..<columns { weights[r * columns + c] = Float(a[c * n + r]) } }
        }
    }
}
