import ForecastPreprocessing
import Testing
import _ForecastTestSupport

/// Values near the top of `Double`'s range (issue 12: a column near 1e300 trained to NaN forecasts).
@Suite struct ScalerOverflowTests {
    /// Mean and population standard deviation of `a`, two-pass, in plain doubles: the independent
    /// computation the scaled fit must match after multiplying by `factor`.
    func twoPass(_ a: [Double]) -> (mean: Double, std: Double) {
        let mean = a.reduce(0, +) / Double(a.count)
        let variance = a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(a.count)
        return (mean, variance.squareRoot())
    }

    @Test(arguments: [1e300, 1e307, 8.9e307])
    func standardScalerOfHugeValuesMatchesTheScaledComputation(factor: Double) throws {
        let a: [Double] = [1.0, 1.5, 0.25, 2.0, 1.75, 0.5, 1.25]
        let s = try Scaler.fit(.standard, on: a.map { $0 * factor })
        let expected = twoPass(a)
        #expect(s.offset.isFinite && s.scale.isFinite)
        #expect(isClose(s.offset, expected.mean * factor, relative: 1e-14))
        #expect(isClose(s.scale, expected.std * factor, relative: 1e-14))
        let z = s.transform(a.map { $0 * factor })
        #expect(z.allSatisfy { $0.isFinite })
        for (x, back) in zip(a, s.inverseTransform(z)) { #expect(isClose(back, x * factor, relative: 1e-14)) }
    }

    @Test func standardScalerOfTinyValuesStaysExact() throws {
        let a: [Double] = [1, 2, 3, 4]
        let s = try Scaler.fit(.standard, on: a.map { $0 * 1e-300 })
        #expect(isClose(s.offset, 2.5e-300, relative: 1e-14))
        #expect(isClose(s.scale, 1.25.squareRoot() * 1e-300, relative: 1e-14))
    }

    @Test func infiniteValuesAreAnErrorNotANaNScaler() {
        for kind in ScalerKind.allCases {
            #expect(throws: ScalerError.notFinite) { try Scaler.fit(kind, on: [1, .infinity, 2]) }
            #expect(throws: ScalerError.notFinite) { try Scaler.fit(kind, on: [-Double.infinity]) }
        }
    }

    @Test func aRangeWiderThanADoubleIsAnError() {
        for kind in ScalerKind.allCases {
            #expect(throws: ScalerError.rangeOverflow(low: -1e308, high: 1e308)) { try Scaler.fit(kind, on: [-1e308, 1e308]) }
        }
        #expect(ScalerError.notFinite.description
            == "cannot fit a scaler: the training part holds an infinite value; expected finite numbers")
    }
}
