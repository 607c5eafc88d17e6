// Errors of training.

/// Training could not start or had to stop.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A configuration field is out of range (`field` is the library name; the CLI maps it to its option).
    case invalidConfiguration(field: String, value: String, expected: String)
    /// The windows do not fit the model or each other.
    case dataShape(what: String, found: Int, expected: String)
    /// The loss (or the gradient norm) became NaN or infinite.
    case nonFinite(what: String, value: Double, epoch: Int, batch: Int)

    public var description: String {
        switch self {
        case let .invalidConfiguration(field, value, expected):
            "training \(field) \(value): out of range; expected \(expected)"
        case let .dataShape(what, found, expected):
            "training data \(what): found \(found); expected \(expected)"
        case let .nonFinite(what, value, epoch, batch):
            "training stopped at epoch \(epoch), batch \(batch): the \(what) is \(value.isNaN ? "NaN" : "infinite"); lower --learning-rate or set a smaller --clip-norm"
        }
    }
}
