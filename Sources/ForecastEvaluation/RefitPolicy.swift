/// When a backtest fits its models anew.
///
/// Spelled on the command line and in JSON as `every-fold`, `once`, or a number `k` (every `k` folds).
public enum RefitPolicy: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Fit at every fold, on that fold's training rows (neuralforecast `refit=True`, Darts `retrain=True`).
    case everyFold
    /// Fit at folds 1, 1 + k, 1 + 2k, …; the folds between reuse the last fitted model
    /// (neuralforecast `refit=k`, Darts `retrain=k`). `every(folds: 1)` is ``everyFold``.
    case every(folds: Int)
    /// Fit once, on the first fold's training rows, and reuse the model for every fold
    /// (neuralforecast `refit=False`; Darts `retrain=False` with a model fitted on the first fold's rows).
    case once

    /// Parses `every-fold`, `once` or a positive whole number of folds.
    /// - Throws: ``BacktestError/invalidOption(_:value:expected:)`` naming `--refit-every`.
    public init(parsing text: String) throws {
        switch text {
        case "every-fold": self = .everyFold
        case "once": self = .once
        default:
            guard let k = Int(text), k >= 1 else {
                throw BacktestError.invalidOption("--refit-every", value: text,
                                                  expected: "every-fold, once, or a number of folds of at least 1")
            }
            self = k == 1 ? .everyFold : .every(folds: k)
        }
    }

    /// Whether fold `fold` (1-based) fits a new model.
    public func refits(atFold fold: Int) -> Bool {
        switch self {
        case .everyFold: return true
        case .every(let k): return (fold - 1) % max(k, 1) == 0
        case .once: return fold == 1
        }
    }

    /// `every-fold`, `once`, or the number of folds; what ``init(parsing:)`` reads.
    public var description: String {
        switch self {
        case .everyFold: return "every-fold"
        case .every(let k): return "\(k)"
        case .once: return "once"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try RefitPolicy(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
