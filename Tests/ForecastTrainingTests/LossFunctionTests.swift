import ForecastTraining
import Testing
import _ForecastTestSupport

@Suite struct LossFunctionTests {
    // predictions - targets = [0.5, -2, 0, 3]
    static let predictions: [Float] = [1.5, -1, 2, 3]
    static let targets: [Float] = [1, 1, 2, 0]

    func evaluate(_ loss: LossFunction) -> (Double, [Float]) {
        var gradient = [Float](repeating: .nan, count: 4)
        let value = Self.predictions.withUnsafeBufferPointer { p in Self.targets.withUnsafeBufferPointer { t in
            gradient.withUnsafeMutableBufferPointer { loss.evaluate(predictions: p, targets: t, gradient: $0) }
        } }
        let plain = Self.predictions.withUnsafeBufferPointer { p in Self.targets.withUnsafeBufferPointer { loss.value(predictions: p, targets: $0) } }
        #expect(plain == value)
        return (value, gradient)
    }

    @Test func meanSquaredErrorIsMeanOfSquaresWithGradientTwoErrorsOverN() {
        let (value, gradient) = evaluate(.mse)
        let expected: Double = 13.25 / 4  // (0.25 + 4 + 0 + 9) / 4
        #expect(value == expected)
        let expectedGradient: [Float] = [0.25, -1, 0, 1.5]
        #expect(gradient == expectedGradient)
    }

    @Test func meanAbsoluteErrorHasSignGradientAndZeroAtAnExactHit() {
        let (value, gradient) = evaluate(.mae)
        let expected: Double = 5.5 / 4  // (0.5 + 2 + 0 + 3) / 4
        #expect(value == expected)
        let expectedGradient: [Float] = [0.25, -0.25, 0, 0.25]
        #expect(gradient == expectedGradient)
    }

    @Test func huberIsQuadraticWithinDeltaOneAndLinearBeyond() {
        let (value, gradient) = evaluate(.huber)
        // 0.5·0.5² = 0.125; |−2| − 0.5 = 1.5; 0; 3 − 0.5 = 2.5.
        let expected: Double = 4.125 / 4
        #expect(value == expected)
        let expectedGradient: [Float] = [0.125, -0.25, 0, 0.25]
        #expect(gradient == expectedGradient)
    }
}
