// Adam, computed exactly as Keras 3 does.
import Foundation
import ForecastKernels

/// The Adam optimizer over one flat parameter buffer, with Keras 3's arithmetic
/// (`keras/src/optimizers/adam.py`, `amsgrad=False`), in Float32:
/// ```
/// t += 1
/// alpha = lr · sqrt(1 - beta2^t) / (1 - beta1^t)
/// m += (g - m) · (1 - beta1)
/// v += (g² - v) · (1 - beta2)
/// w -= alpha · m / (sqrt(v) + epsilon)
/// ```
/// Defaults as Keras: `learningRate 1e-3`, `beta1 0.9`, `beta2 0.999`, `epsilon 1e-7` (PyTorch
/// uses 1e-8 and puts epsilon inside the bias correction; results differ slightly).
public struct Adam: Sendable {
    /// Step size. Default: `1e-3`, as in Keras.
    public var learningRate: Float
    /// Decay of the first moment. Default: `0.9`.
    public var beta1: Float
    /// Decay of the second moment. Default: `0.999`.
    public var beta2: Float
    /// Added to `sqrt(v)`. Default: `1e-7`, as in Keras.
    public var epsilon: Float
    /// Steps taken so far (Keras' `iterations`).
    public private(set) var step = 0
    /// First-moment estimates, one per parameter.
    public private(set) var m: [Float]
    /// Second-moment estimates, one per parameter.
    public private(set) var v: [Float]

    /// An optimizer for `parameterCount` parameters with zeroed moments.
    public init(parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = [Float](repeating: 0, count: parameterCount)
        v = m
    }

    /// Applies one update to `parameters` from `gradients` (same count as at ``init(parameterCount:learningRate:beta1:beta2:epsilon:)``).
    public mutating func update(_ parameters: inout [Float], gradients: [Float]) {
        precondition(parameters.count == m.count && gradients.count == m.count, "Adam: parameter count changed")
        step += 1
        let t = Float(step)
        let alpha = learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (oneMinusBeta1, oneMinusBeta2, eps) = (1 - beta1, 1 - beta2, epsilon)
        parameters.withUnsafeMutableBufferPointer { w in
            gradients.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        adamUpdate(parameters: w, gradients: g, m: m, v: v, alpha: alpha, oneMinusBeta1: oneMinusBeta1,
                                   oneMinusBeta2: oneMinusBeta2, epsilon: eps)
                    }
                }
            }
        }
    }
}
