// Clipping by global norm, as Keras' `global_clipnorm`.
import ForecastKernels

/// Clipping of a flat gradient buffer by its global L2 norm, as Keras' optimizer option
/// `global_clipnorm`: when `‖g‖ > maxNorm`, every entry is multiplied by `maxNorm / ‖g‖`.
public enum GradientClipping {
    /// The global L2 norm `sqrt(Σ g²)`, accumulated in Double.
    public static func globalNorm(_ gradients: [Float]) -> Double {
        gradients.withUnsafeBufferPointer { sumOfSquares($0) }.squareRoot()
    }

    /// Scales `gradients` in place so their global norm is at most `maxNorm`.
    /// - Returns: the norm before clipping.
    @discardableResult
    public static func clip(_ gradients: inout [Float], maxNorm: Float) -> Double {
        let norm = globalNorm(gradients)
        if norm > Double(maxNorm) {
            let s = Float(Double(maxNorm) / norm)
            gradients.withUnsafeMutableBufferPointer { scale($0, by: s) }
        }
        return norm
    }
}
