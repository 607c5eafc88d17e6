import ForecastCore

/// How well one model's prediction intervals at one level did, over one horizon step or all of them.
///
/// For points with actual y and interval [l, u] at level L % (α = 1 − L/100):
/// - coverage = the share of points with l ≤ y ≤ u, with its Wilson score 95 % interval;
/// - mean width = mean (u − l);
/// - Winkler (interval) score = mean of (u − l) + (2/α)(l − y)·[y < l] + (2/α)(y − u)·[y > u]
///   (Gneiting & Raftery 2007, eq. 43), in the target's units;
/// - MSIS = mean of the Winkler score over the fold's MASE scale (the in-sample seasonal-naive MAE of
///   its training part), as GluonTS' `msis` and the M4 competition's, scaled like MASE.
/// Points with a missing actual or bound are left out.
public struct IntervalMetrics: Sendable, Equatable, Codable {
    public var model: String
    /// Level in percent.
    public var level: Int
    /// Step ahead, 1…h; `nil` for every step together.
    @NullWhenAbsent public var step: Int?
    /// Points scored.
    public var count: Int
    /// Share of points inside their interval, 0…1.
    public var coverage: Double
    /// Wilson score 95 % interval of the coverage.
    public var coverageLow: Double
    public var coverageHigh: Double
    public var meanWidth: Double
    public var winkler: Double
    public var msis: Double

    public init(model: String, level: Int, step: Int?, actual: [Double], lower: [Double], upper: [Double], scales: [Double]) {
        self.model = model
        self.level = level
        self.step = step
        let alpha = Double(100 - level) / 100
        var inside = 0, width = 0.0, winkler = 0.0, scaled = 0.0, n = 0
        for i in actual.indices where !actual[i].isNaN && !lower[i].isNaN && !upper[i].isNaN {
            let (y, l, u) = (actual[i], lower[i], upper[i])
            n += 1
            if l <= y && y <= u { inside += 1 }
            let score = (u - l) + (y < l ? 2 / alpha * (l - y) : 0) + (y > u ? 2 / alpha * (y - u) : 0)
            width += u - l
            winkler += score
            scaled += score / scales[i]
        }
        count = n
        coverage = n == 0 ? .nan : Double(inside) / Double(n)
        (coverageLow, coverageHigh) = Self.wilson(successes: inside, trials: n)
        meanWidth = n == 0 ? .nan : width / Double(n)
        self.winkler = n == 0 ? .nan : winkler / Double(n)
        msis = n == 0 ? .nan : scaled / Double(n)
    }

    /// The Wilson score interval of a proportion at 95 % (z = 1.959964): NaN for no trials.
    public static func wilson(successes: Int, trials: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        guard trials > 0 else { return (.nan, .nan) }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, center - half), min(1, center + half))
    }

    /// Per model and level: over all steps, then each step 1…h.
    public static func all(points: [ForecastPoint], models: [String], levels: [Int], horizon: Int) -> [IntervalMetrics] {
        var out: [IntervalMetrics] = []
        for model in models {
            let mine = points.filter { $0.model == model }
            for (l, level) in levels.enumerated() {
                for step in [nil] + (1...horizon).map(Optional.some) {
                    let p = step.map { s in mine.filter { $0.step == s } } ?? mine
                    out.append(IntervalMetrics(model: model, level: level, step: step, actual: p.map(\.actual),
                                               lower: p.map { $0.lower.indices.contains(l) ? $0.lower[l] : .nan },
                                               upper: p.map { $0.upper.indices.contains(l) ? $0.upper[l] : .nan },
                                               scales: p.map(\.scale)))
                }
            }
        }
        return out
    }

    public static func == (lhs: IntervalMetrics, rhs: IntervalMetrics) -> Bool {
        func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
        return lhs.model == rhs.model && lhs.level == rhs.level && lhs.step == rhs.step && lhs.count == rhs.count
            && same(lhs.coverage, rhs.coverage) && same(lhs.coverageLow, rhs.coverageLow) && same(lhs.coverageHigh, rhs.coverageHigh)
            && same(lhs.meanWidth, rhs.meanWidth) && same(lhs.winkler, rhs.winkler) && same(lhs.msis, rhs.msis)
    }
}
