// Regression losses with their gradients, as Keras defines them.

/// The loss a model is trained on; every one is a mean over all `batch · horizon` outputs.
public enum LossFunction: String, CaseIterable, Codable, Sendable {
    /// Mean squared error, `mean((p - y)²)` (Keras `MeanSquaredError`). The default.
    case mse
    /// Mean absolute error, `mean(|p - y|)` (Keras `MeanAbsoluteError`); gradient `sign(p - y)/n`,
    /// 0 where `p == y`.
    case mae
    /// Huber loss with `delta = 1` (Keras `Huber()`): `½e²` where `|e| <= 1`, `|e| - ½` beyond.
    case huber

    /// Huber's threshold, as Keras' default.
    public static let huberDelta: Float = 1

    /// The loss of `predictions` against `targets`, and its gradient with respect to the predictions.
    ///
    /// - Parameters:
    ///   - predictions, targets: `[batch, horizon]`, same count `n >= 1`.
    ///   - gradient: `[batch, horizon]`, **overwritten** with `∂loss/∂prediction` (includes the `1/n`).
    /// - Returns: the mean loss, accumulated in Double.
    public func evaluate(
        predictions: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        gradient: UnsafeMutableBufferPointer<Float>
    ) -> Double {
        let n = predictions.count
        precondition(n > 0 && targets.count == n && gradient.count == n, "loss: mismatched counts")
        let scale = 1 / Float(n)
        var total = 0.0
        switch self {
        case .mse:
            for i in 0..<n {
                let e = predictions[i] - targets[i]
                total += Double(e) * Double(e)
                gradient[i] = 2 * e * scale
            }
        case .mae:
            for i in 0..<n {
                let e = predictions[i] - targets[i]
                total += Double(abs(e))
                gradient[i] = (e > 0 ? 1 : e < 0 ? -1 : 0) * scale
            }
        case .huber:
            let d = Self.huberDelta
            for i in 0..<n {
                let e = predictions[i] - targets[i]
                if abs(e) <= d {
                    total += 0.5 * Double(e) * Double(e)
                    gradient[i] = e * scale
                } else {
                    total += Double(d) * (Double(abs(e)) - 0.5 * Double(d))
                    gradient[i] = (e > 0 ? d : -d) * scale
                }
            }
        }
        return total / Double(n)
    }

    /// The mean loss without a gradient (validation).
    public func value(predictions: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>) -> Double {
        precondition(predictions.count == targets.count, "loss: mismatched counts")
        var total = 0.0
        for i in 0..<predictions.count {
            let e = Double(predictions[i]) - Double(targets[i])
            switch self {
            case .mse: total += e * e
            case .mae: total += abs(e)
            case .huber:
                let d = Double(Self.huberDelta)
                total += abs(e) <= d ? 0.5 * e * e : d * (abs(e) - 0.5 * d)
            }
        }
        return predictions.isEmpty ? 0 : total / Double(predictions.count)
    }
}
