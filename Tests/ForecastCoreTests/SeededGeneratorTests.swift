import ForecastCore
import Testing

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<8).map { _ in a.next() }, xb = (0..<8).map { _ in b.next() }
        let xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test func gaussianDrawsHaveUnitMomentsApproximately() {
        var g = SeededGenerator(seed: 7)
        let n = 20_000
        let xs = (0..<n).map { _ in g.nextGaussian() }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        // Standard error of the mean is 1/sqrt(20000) ≈ 0.007; 5 sigma bounds.
        #expect(abs(mean) < 0.035)
        #expect(abs(variance - 1) < 0.05)
    }
}
