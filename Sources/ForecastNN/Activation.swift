// Elementwise activations of Dense layers, with Keras' names, and their derivatives.
import Foundation

/// An elementwise activation of a Dense layer, with Keras' definitions and names.
///
/// Computed in `Double` and rounded to `Float`, so results agree with Keras (float32) to about one
/// unit in the last place. ``derivative(_:)`` gives the backward pass of a Dense layer that trains
/// with one.
public enum Activation: String, Codable, Sendable, CaseIterable {
    /// `x` (Keras `"linear"` or `None`).
    case linear
    /// `max(x, 0)`.
    case relu
    /// `min(max(x, 0), 6)`.
    case relu6
    case tanh
    /// `1 / (1 + e^-x)`.
    case sigmoid
    /// Keras 3: `relu6(x + 3) / 6`.
    case hardSigmoid = "hard_sigmoid"
    /// `x` for `x > 0`, else `e^x - 1` (alpha 1, Keras' default).
    case elu
    /// Scaled ELU with Keras' constants.
    case selu
    /// `log(1 + e^x)`.
    case softplus
    /// `x / (1 + |x|)`.
    case softsign
    /// `x · sigmoid(x)` (Keras `"silu"`, also spelled `"swish"`).
    case silu
    /// `e^x`.
    case exponential
    /// Exact GELU, `0.5 x (1 + erf(x / √2))` (Keras' default `approximate=False`).
    case gelu

    /// The activation Keras names `name` (`"swish"` is ``silu``); `nil` for one we do not compute.
    public init?(kerasName name: String) {
        switch name {
        case "swish": self = .silu
        case "linear", "": self = .linear
        default: self.init(rawValue: name)
        }
    }

    /// The Keras name written to exported configurations.
    public var kerasName: String { rawValue }

    /// Applies the activation in place.
    public func apply(_ values: UnsafeMutableBufferPointer<Float>) {
        if self == .linear { return }
        for i in values.indices { values[i] = Float(apply(Double(values[i]))) }
    }

    /// The activation of one value.
    public func apply(_ x: Double) -> Double {
        switch self {
        case .linear: return x
        case .relu: return max(x, 0)
        case .relu6: return min(max(x, 0), 6)
        case .tanh: return Foundation.tanh(x)
        case .sigmoid: return 1 / (1 + exp(-x))
        case .hardSigmoid: return min(max(x + 3, 0), 6) / 6
        case .elu: return x > 0 ? x : expm1(x)
        case .selu:
            let alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946
            return scale * (x > 0 ? x : alpha * expm1(x))
        case .softplus: return max(x, 0) + log1p(exp(-abs(x)))
        case .softsign: return x / (1 + abs(x))
        case .silu: return x / (1 + exp(-x))
        case .exponential: return exp(x)
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        }
    }

    /// The derivative `f'(x)` of the activation at the pre-activation `x` (at the kinks of relu,
    /// relu6 and hard_sigmoid: the right-hand side's, 0 at the flat side, as TensorFlow).
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .linear: return 1
        case .relu: return x > 0 ? 1 : 0
        case .relu6: return x > 0 && x < 6 ? 1 : 0
        case .tanh: let y = Foundation.tanh(x); return 1 - y * y
        case .sigmoid: let s = 1 / (1 + exp(-x)); return s * (1 - s)
        case .hardSigmoid: return x > -3 && x < 3 ? 1.0 / 6 : 0
        case .elu: return x > 0 ? 1 : exp(x)
        case .selu:
            let alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946
            return scale * (x > 0 ? 1 : alpha * exp(x))
        case .softplus: return 1 / (1 + exp(-x))
        case .softsign: let d = 1 + abs(x); return 1 / (d * d)
        case .silu: let s = 1 / (1 + exp(-x)); return s * (1 + x * (1 - s))
        case .exponential: return exp(x)
        case .gelu: return 0.5 * (1 + erf(x / 2.0.squareRoot())) + x * exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        }
    }
}
