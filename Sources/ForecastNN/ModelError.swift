// Errors of model construction and use.

/// A model could not be built, loaded or run with what it was given.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A field of ``ModelArchitecture`` is out of range.
    case invalid(field: String, value: String, expected: String)
    /// The layers of a ``Network`` do not chain (a recurrent layer after one that returns only its
    /// final state, a sequence out of the last layer, no layers, no units).
    case network(problem: String)
    /// A parameter buffer has the wrong length for the architecture.
    case parameterCount(found: Int, expected: Int)
    /// Input data does not have the shape the model needs.
    case inputShape(what: String, found: Int, expected: String)

    public var description: String {
        switch self {
        case let .invalid(field, value, expected):
            "model \(field) \(value): out of range; expected \(expected)"
        case let .network(problem):
            "model: \(problem)"
        case let .parameterCount(found, expected):
            "model parameters: found \(found) values; expected \(expected) for this architecture (layer by layer, Keras get_weights() order)"
        case let .inputShape(what, found, expected):
            "model input \(what): found \(found); expected \(expected)"
        }
    }
}
