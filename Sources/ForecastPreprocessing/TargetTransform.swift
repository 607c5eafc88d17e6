import Foundation

/// A transform of the target with an exact inverse, applied before scaling and windowing and undone
/// on the forecast: what makes a network forecast log-levels of a count, or changes instead of levels.
///
/// - `log`: z = ln y (y > 0); `log1p`: z = ln(1 + y) (y > −1; for counts with zeros);
///   `boxcox(λ)`: z = (y^λ − 1)/λ, ln y at λ = 0 (y > 0), λ given, or `nil` to estimate it on the
///   training rows by maximum likelihood (``resolved(on:)``, ``boxCoxLambda(_:)``, as `scipy.stats.boxcox`);
/// - `diff`: z_t = y_t − y_{t−1}; `sdiff(m)`: z_t = y_t − y_{t−m} (the first 1 or m rows have no value).
/// Inverses: elementwise for the first three; for the differences, each forecast step adds the
/// level one lag earlier, taken from the history or from the steps already undone.
public enum TargetTransform: Sendable, Equatable, Codable {
    case log
    case log1p
    /// λ `nil`: estimated by ``resolved(on:)`` (until then it transforms as λ = 1).
    case boxCox(lambda: Double?)
    case difference
    case seasonalDifference(season: Int)

    /// `log`, `log1p`, `boxcox:0.5`, `diff`, `sdiff:24`.
    public var description: String {
        switch self {
        case .log: return "log"
        case .log1p: return "log1p"
        case .boxCox(let lambda): return lambda.map { "boxcox:\($0)" } ?? "boxcox"
        case .difference: return "diff"
        case .seasonalDifference(let m): return "sdiff:\(m)"
        }
    }

    /// This transform with its parameters estimated on `training` values (Box–Cox λ when not given).
    public func resolved(on training: [Double]) -> TargetTransform {
        if case .boxCox(nil) = self { return .boxCox(lambda: Self.boxCoxLambda(training.filter { !$0.isNaN })) }
        return self
    }

    /// Parses `log`, `log1p`, `boxcox`, `boxcox:0.5`, `diff`, `sdiff` (the season of `season`) or `sdiff:24`.
    public init?(parsing text: String, season: Int?) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? parts[1] : nil
        switch parts.first {
        case "log" where argument == nil: self = .log
        case "log1p" where argument == nil: self = .log1p
        case "boxcox":
            if let argument { guard let l = Double(argument), l.isFinite else { return nil }; self = .boxCox(lambda: l) }
            else { self = .boxCox(lambda: nil) }
        case "diff" where argument == nil: self = .difference
        case "sdiff":
            guard let m = argument.map({ Int($0) }) ?? season, m >= 1 else { return nil }
            self = .seasonalDifference(season: m)
        default: return nil
        }
    }

    /// Rows at the start that have no transformed value (1 for `diff`, m for `sdiff`).
    public var lag: Int {
        switch self {
        case .difference: return 1
        case .seasonalDifference(let m): return m
        default: return 0
        }
    }

    /// Checks every value is in the transform's domain.
    /// - Throws: ``TransformError/outOfDomain(transform:column:row:value:)`` naming the first row outside it.
    public func validate(_ values: [Double], column: String, firstRow: Int = 0) throws {
        let ok: (Double) -> Bool
        switch self {
        case .log, .boxCox: ok = { $0 > 0 }
        case .log1p: ok = { $0 > -1 }
        default: return
        }
        if let i = values.firstIndex(where: { !$0.isNaN && !ok($0) }) {
            throw TransformError.outOfDomain(transform: description, column: column, row: firstRow + i, value: values[i])
        }
    }

    /// The transformed values (NaN where a lag is missing).
    public func forward(_ y: [Double]) -> [Double] {
        switch self {
        case .log: return y.map { Foundation.log($0) }
        case .log1p: return y.map { Foundation.log1p($0) }
        case .boxCox(let lambda): return y.map { Self.boxCox($0, lambda ?? 1) }
        case .difference, .seasonalDifference:
            let m = lag
            return y.indices.map { $0 < m ? .nan : y[$0] - y[$0 - m] }
        }
    }

    /// The levels of a forecast `z` of the steps right after `history` (the untransformed target up to
    /// the forecast origin).
    public func inverse(_ z: [Double], after history: [Double]) -> [Double] {
        switch self {
        case .log: return z.map { Foundation.exp($0) }
        case .log1p: return z.map { Foundation.expm1($0) }
        case .boxCox(let lambda): return z.map { Self.inverseBoxCox($0, lambda ?? 1) }
        case .difference, .seasonalDifference:
            let m = lag
            var levels = history
            for value in z { levels.append(value + levels[levels.count - m]) }
            return Array(levels.suffix(z.count))
        }
    }

    static func boxCox(_ y: Double, _ lambda: Double) -> Double {
        abs(lambda) < 1e-12 ? Foundation.log(y) : (Foundation.pow(y, lambda) - 1) / lambda
    }

    static func inverseBoxCox(_ z: Double, _ lambda: Double) -> Double {
        abs(lambda) < 1e-12 ? Foundation.exp(z) : Foundation.pow(lambda * z + 1, 1 / lambda)
    }

    /// The λ maximizing the Box–Cox profile log-likelihood of positive `y`,
    /// (λ − 1)·Σ ln y − n/2 · ln σ²(z_λ) with σ² the population variance (scipy's `boxcox_llf`),
    /// searched on [−2, 2] by golden-section (to 1e-10; the likelihood is unimodal in λ).
    public static func boxCoxLambda(_ y: [Double]) -> Double {
        let logs = y.map { Foundation.log($0) }, sumLog = logs.reduce(0, +), n = Double(y.count)
        func llf(_ lambda: Double) -> Double {
            let z = abs(lambda) < 1e-12 ? logs : y.map { (Foundation.pow($0, lambda) - 1) / lambda }
            let mean = z.reduce(0, +) / n
            let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            return (lambda - 1) * sumLog - n / 2 * Foundation.log(variance)
        }
        var a = -2.0, b = 2.0
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = llf(c), fd = llf(d)
        while b - a > 1e-10 {
            if fc > fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = llf(c) } else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = llf(d) }
        }
        return (a + b) / 2
    }
}

/// Errors of transforming a target.
public enum TransformError: Error, Equatable, CustomStringConvertible {
    case outOfDomain(transform: String, column: String, row: Int, value: Double)

    public var description: String {
        switch self {
        case let .outOfDomain(transform, column, row, value):
            let domain = transform == "log1p" ? "above -1" : "above 0"
            return "the \(transform) transform: column \"\(column)\" has \(value) at row \(row + 1), but the transform needs values \(domain); "
                + (transform == "log1p" ? "choose another transform" : "use log1p for counts with zeros, or another transform")
        }
    }
}
