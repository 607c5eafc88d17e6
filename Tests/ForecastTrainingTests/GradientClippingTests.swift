import ForecastTraining
import Testing

@Suite struct GradientClippingTests {
    @Test func clippingScalesToTheMaximumGlobalNorm() {
        // ‖[3, 0, 4]‖ = 5; clipped to norm 1: [0.6, 0, 0.8].
        var g: [Float] = [3, 0, 4]
        let norm = GradientClipping.clip(&g, maxNorm: 1)
        #expect(norm == 5)
        #expect(g == [Float(3.0 / 5.0), 0, Float(4.0 / 5.0)])
    }

    @Test func gradientsWithinTheNormAreUntouched() {
        var g: [Float] = [0.3, -0.4]
        #expect(abs(GradientClipping.clip(&g, maxNorm: 1) - 0.5) < 1e-7)
        #expect(g == [0.3, -0.4])
        #expect(abs(GradientClipping.globalNorm(g) - 0.5) < 1e-7)
    }
}
