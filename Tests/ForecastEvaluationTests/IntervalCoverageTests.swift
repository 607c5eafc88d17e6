import ForecastCore
import Foundation
import ForecastEvaluation
import Testing

/// Conformal intervals hold their level on series whose noise is known: over many backtest origins,
/// each calibrated on its own past, the share of actuals inside the interval lies within the
/// binomial bounds of what the finite-sample quantile promises (k / (n + 1) for rank k of n errors).
@Suite struct IntervalCoverageTests {
    /// A deterministic generator of standard normal draws (Box–Muller on a seeded generator).
    struct Noise {
        var generator: SeededGenerator
        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
        mutating func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        /// Student's t with 3 degrees of freedom: heavy tails.
        mutating func studentT3() -> Double {
            let z = normal()
            var chi = 0.0
            for _ in 0..<3 { let n = normal(); chi += n * n }
            return z / (chi / 3).squareRoot()
        }
    }

    /// Coverage of the `mean` forecaster's intervals over `origins` one-step folds of `values`.
    func coverage(_ values: [Double], origins: Int, levels: [Int], method: IntervalMethod = .symmetric) throws -> [Int: IntervalMetrics] {
        var configuration = BacktestConfiguration()
        configuration.folds = origins
        configuration.horizon = 1
        configuration.season = 1
        configuration.trainWindow = 60   // a sliding window: the mean of the last 60 values
        let model = ConformalForecaster(HistoricalMeanForecaster(), levels: levels, method: method, windows: 39, season: 1)
        let result = try Backtest(configuration).run([model], on: dailySeries(values), target: "y")
        return Dictionary(uniqueKeysWithValues: result.intervalMetrics.filter { $0.step == nil }.map { ($0.level, $0) })
    }

    /// The expected coverage of rank k = ⌈(n+1)·L/100⌉ of n = 39 errors is k / 40, and a binomial
    /// count over `count` points stays within 4 standard deviations of it (overlapping calibration
    /// sets make neighbouring origins depend a little; 4σ leaves room for that).
    func expectWithinBinomialBounds(_ m: IntervalMetrics, promised: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let sd = (promised * (1 - promised) / Double(m.count)).squareRoot()
        #expect(abs(m.coverage - promised) <= 4 * sd, "level \(m.level): coverage \(m.coverage) vs \(promised) ± 4·\(sd)",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: ["gaussian", "student-t3"])
    func coverageHoldsOnIIDNoise(noise: String) throws {
        var source = Noise(seed: noise == "gaussian" ? 11 : 12)
        let values = (0..<900).map { _ in 10 + (noise == "gaussian" ? source.normal() : source.studentT3()) }
        let metrics = try coverage(values, origins: 600, levels: [80, 95])
        expectWithinBinomialBounds(try #require(metrics[80]), promised: 32.0 / 40)   // ⌈40·0.80⌉ = 32
        expectWithinBinomialBounds(try #require(metrics[95]), promised: 38.0 / 40)   // ⌈40·0.95⌉ = 38
    }

    @Test func asymmetricIntervalsFollowSkewedNoise() throws {
        var source = Noise(seed: 13)
        let values = (0..<900).map { _ in let z = source.normal(); return exp(z) }   // log-normal: skewed right
        let metrics = try coverage(values, origins: 600, levels: [80], method: .asymmetric)
        // Rank ⌈40·0.9⌉ = 36 per tail: each tail misses with probability 4/40 at most, together 8/40.
        let m = try #require(metrics[80])
        expectWithinBinomialBounds(m, promised: 1 - 2 * (40.0 - 36) / 40)
    }

    /// Volatility that changes slowly (a cycle of 400 steps between σ = 0.5 and 1.5): calibration on
    /// the recent past follows it, so coverage still holds over the whole run.
    @Test func coverageHoldsWhenTheVolatilityDriftsSlowly() throws {
        var source = Noise(seed: 14)
        let values = (0..<900).map { t in 10 + (1 + 0.5 * sin(2 * .pi * Double(t) / 400)) * source.normal() }
        let metrics = try coverage(values, origins: 600, levels: [80])
        let m = try #require(metrics[80])
        #expect(abs(m.coverage - 0.8) < 0.05, "coverage \(m.coverage)")
    }

    /// Winkler score, width and MSIS worked out by hand on four points.
    @Test func intervalScoresOfFourPoints() {
        // Level 80 (α = 0.2): [0, 2] around actuals 1 (inside), 3 (above by 1), -1 (below by 1), 2 (on the edge).
        let m = IntervalMetrics(model: "m", level: 80, step: nil, actual: [1, 3, -1, 2], lower: [0, 0, 0, 0], upper: [2, 2, 2, 2],
                                scales: [2, 2, 2, 2])
        #expect(m.count == 4 && m.coverage == 0.5 && m.meanWidth == 2)
        // Scores 2, 2 + 10·1, 2 + 10·1, 2: mean 7; over the scale 2: 3.5.
        #expect(m.winkler == 7 && m.msis == 3.5)
        // Wilson 95 % interval of 2 of 4: 0.15003 … 0.84997.
        #expect(abs(m.coverageLow - 0.150036) < 1e-5 && abs(m.coverageHigh - 0.849964) < 1e-5)
    }
}

/// Coverage, Wilson interval, width, Winkler score and MSIS against utilsforecast, GluonTS and
/// statsmodels (Fixtures/intervals.json, made by Scripts/reference/make_interval_fixtures.py).
@Suite struct IntervalMetricsFixtureTests {
    struct Fixture: Decodable {
        var libraries: [String: String]
        var cases: [Case]
        struct Case: Decodable {
            var name: String
            var level: Int
            var season: Int
            var actual: [Double]
            var lower: [Double]
            var upper: [Double]
            var insample: [Double]
            var coverage: Double
            var coverage_low: Double
            var coverage_high: Double
            var mean_width: Double
            var winkler: Double
            var msis: Double
        }
    }

    @Test func everyMetricAgreesWithTheReferenceLibraries() throws {
        let url = try #require(Bundle.module.url(forResource: "intervals", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(Set(fixture.libraries.keys).isSuperset(of: ["utilsforecast", "gluonts", "statsmodels"]))
        #expect(fixture.cases.count == 3)
        for c in fixture.cases {
            let scale = Metrics.seasonalNaiveScale(insample: c.insample, season: c.season)
            let m = IntervalMetrics(model: c.name, level: c.level, step: nil, actual: c.actual, lower: c.lower, upper: c.upper,
                                    scales: Array(repeating: scale, count: c.actual.count))
            func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-10 * max(1, abs(b)) }
            #expect(close(m.coverage, c.coverage), "\(c.name) coverage")
            #expect(close(m.coverageLow, c.coverage_low) && close(m.coverageHigh, c.coverage_high), "\(c.name) Wilson")
            #expect(close(m.meanWidth, c.mean_width), "\(c.name) width")
            #expect(close(m.winkler, c.winkler), "\(c.name) Winkler \(m.winkler) vs \(c.winkler)")
            #expect(close(m.msis, c.msis), "\(c.name) MSIS \(m.msis) vs \(c.msis)")
        }
    }
}
