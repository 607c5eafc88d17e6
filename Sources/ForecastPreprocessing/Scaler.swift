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
    /// - Throws: ``ScalerError/noValues`` when no value is present.
    public static func fit(_ kind: ScalerKind, on values: some Collection<Double>) throws -> Scaler {
        var n = 0.0, mean = 0.0, m2 = 0.0, lo = Double.infinity, hi = -Double.infinity
        for v in values where !v.isNaN {
            // Welford's update: stable for large offsets such as prices or kelvins.
            n += 1
            let delta = v - mean
            mean += delta / n
            m2 += delta * (v - mean)
            lo = min(lo, v); hi = max(hi, v)
        }
        guard n > 0 else { throw ScalerError.noValues }
        switch kind {
        case .standard:
            let std = (m2 / n).squareRoot()
            return Scaler(kind: kind, offset: mean, scale: std > 0 ? std : 1)
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

    public var description: String {
        "cannot fit a scaler: the training part has no values (every value is missing)"
    }
}
