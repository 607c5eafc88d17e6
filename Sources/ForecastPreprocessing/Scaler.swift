/// How a column's values are mapped to the range a network trains on, and back.
///
/// Scalers are fitted on the training rows only (``fit(on:)`` takes exactly those values), then applied
/// to every row: validation and test rows never influence the parameters.
public enum ScalerKind: String, Sendable, Codable, CaseIterable {
    /// `(x - mean) / std` (population standard deviation, as scikit-learn's `StandardScaler`).
    case standard
    /// `(x - min) / (max - min)`, mapping the training range to `[0, 1]` (scikit-learn's `MinMaxScaler`).
    case minMax = "minmax"
}

/// A fitted affine scaler: `scaled = (x - offset) / scale`.
///
/// ```swift
/// let scaler = try Scaler.fit(.standard, on: trainingValues)
/// let z = scaler.transform(values)
/// let back = scaler.inverseTransform(z)      // equal to values up to rounding
/// ```
public struct Scaler: Sendable, Equatable, Codable {
    public var kind: ScalerKind
    /// Subtracted first: the mean (standard) or the minimum (min-max).
    public var offset: Double
    /// Divided by next: the standard deviation or the range. 1 when the training values are constant,
    /// as scikit-learn does, so a constant input column maps to 0 instead of dividing by zero.
    public var scale: Double

    public init(kind: ScalerKind, offset: Double, scale: Double) {
        self.kind = kind
        self.offset = offset
        self.scale = scale
    }

    /// Fits on `values`, ignoring NaN (missing) values.
    ///
    /// Overflow-safe: the mean and variance are computed on the values divided by their largest
    /// magnitude (a power of two, so the division is exact), then scaled back, so values near
    /// `Double.greatestFiniteMagnitude` (1e300, 1e308) give finite parameters instead of an infinite
    /// variance.
    /// - Throws: ``ScalerError/noValues`` when no value is present; ``ScalerError/notFinite`` when a
    ///   value is infinite; ``ScalerError/rangeOverflow(low:high:)`` when `x - offset` itself would
    ///   overflow (values spanning more than `Double` can hold).
    public static func fit(_ kind: ScalerKind, on values: some Collection<Double>) throws -> Scaler {
        var lo = Double.infinity, hi = -Double.infinity, count = 0
        for v in values where !v.isNaN {
            guard v.isFinite else { throw ScalerError.notFinite }
            lo = min(lo, v); hi = max(hi, v); count += 1
        }
        guard count > 0 else { throw ScalerError.noValues }
        guard (hi - lo).isFinite else { throw ScalerError.rangeOverflow(low: lo, high: hi) }
        switch kind {
        case .standard:
            // Exact power-of-two divisor: binade of the largest magnitude.
            let largest = max(abs(lo), abs(hi))
            let divisor = largest > 0 ? Double(sign: .plus, exponent: largest.exponent, significand: 1) : 1
            var n = 0.0, mean = 0.0, m2 = 0.0
            for v in values where !v.isNaN {
                // Welford's update: stable for large offsets such as prices or kelvins.
                let x = v / divisor
                n += 1
                let delta = x - mean
                mean += delta / n
                m2 += delta * (x - mean)
            }
            let std = (m2 / n).squareRoot() * divisor
            return Scaler(kind: kind, offset: mean * divisor, scale: std > 0 ? std : 1)
        case .minMax:
            return Scaler(kind: kind, offset: lo, scale: hi > lo ? hi - lo : 1)
        }
    }

    public func transform(_ x: Double) -> Double { (x - offset) / scale }
    public func inverseTransform(_ z: Double) -> Double { z * scale + offset }
    public func transform(_ xs: [Double]) -> [Double] { xs.map(transform) }
    public func inverseTransform(_ zs: [Double]) -> [Double] { zs.map(inverseTransform) }
}

/// Errors of ``Scaler``.
public enum ScalerError: Error, Equatable, CustomStringConvertible {
    case noValues
    /// A training value is infinite (`inf` in the file, or a number beyond `Double`'s range).
    case notFinite
    /// The values span more than a `Double` holds: `high - low` overflows.
    case rangeOverflow(low: Double, high: Double)

    public var description: String {
        switch self {
        case .noValues:
            return "cannot fit a scaler: the training part has no values (every value is missing)"
        case .notFinite:
            return "cannot fit a scaler: the training part holds an infinite value; expected finite numbers"
        case let .rangeOverflow(low, high):
            return "cannot fit a scaler: the training values span \(low) .. \(high), wider than a double holds; "
                + "expected values whose range is below 1.8e308 (rescale the column)"
        }
    }
}
