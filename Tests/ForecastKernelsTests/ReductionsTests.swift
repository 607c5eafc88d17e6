import ForecastKernels
import Testing

@Suite struct ReductionsTests {
    @Test func sumsAreAccumulatedInDouble() {
        // 1 + 1e-8 * 1000: a Float accumulator would lose every small term.
        let x: [Float] = [1] + [Float](repeating: 1e-8, count: 1000)
        let s = x.withUnsafeBufferPointer { sum($0) }
        #expect(abs(s - (1 + 1000 * Double(Float(1e-8)))) < 1e-12)
        let q = ([3, 4] as [Float]).withUnsafeBufferPointer { sumOfSquares($0) }
        #expect(q == 25)
        let d = ([1, 2, 3] as [Float]).withUnsafeBufferPointer { a in ([4, -5, 6] as [Float]).withUnsafeBufferPointer { dot(a, $0) } }
        #expect(d == 12)
    }
}
