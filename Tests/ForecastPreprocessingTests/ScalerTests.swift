import ForecastPreprocessing
import Testing
import _ForecastTestSupport

@Suite struct ScalerTests {
    @Test func standardScalerUsesPopulationStandardDeviation() throws {
        // Hand-derived: mean of 1, 2, 3, 4 is 2.5; population variance 1.25.
        let s = try Scaler.fit(.standard, on: [1, 2, 3, 4])
        #expect(s.offset == 2.5)
        #expect(isClose(s.scale, 1.25.squareRoot(), relative: 1e-15))
        #expect(isClose(s.transform(4), 1.5 / 1.25.squareRoot(), relative: 1e-15))
    }

    @Test func minMaxScalerMapsTrainingRangeToUnitInterval() throws {
        let s = try Scaler.fit(.minMax, on: [10, 30, 20])
        #expect(s.transform([10, 20, 30, 40]) == [0, 0.5, 1, 1.5])
    }

    @Test func scalersIgnoreMissingValues() throws {
        let s = try Scaler.fit(.minMax, on: [.nan, 2, 4, .nan])
        #expect(s.offset == 2 && s.scale == 2)
        #expect(throws: ScalerError.noValues) { try Scaler.fit(.standard, on: [Double.nan]) }
    }

    @Test func constantTrainingValuesGetUnitScale() throws {
        let s = try Scaler.fit(.standard, on: [5, 5, 5])
        #expect(s.scale == 1 && s.transform(5) == 0)
    }

    @Test func inverseTransformUndoesTransform() throws {
        // Prices, kelvins and tiny values: the round trip is exact up to a few ulps.
        let values: [Double] = [0.07533, 35088.289063, 276.793, -9.9, 1e-6, 7280]
        for kind in ScalerKind.allCases {
            let s = try Scaler.fit(kind, on: values)
            for (x, back) in zip(values, s.inverseTransform(s.transform(values))) {
                #expect(isClose(back, x, relative: 4 * Double.ulpOfOne, absolute: 1e-12 * 35088))
            }
        }
    }

    @Test func scalerIsFittedOnTrainingRowsOnly() throws {
        // Changing the rows after the training part must not change the fitted parameters.
        let training: [Double] = [1, 2, 3, 4, 5, 6]
        let a = try Scaler.fit(.standard, on: (training + [100, 200])[0..<6])
        let b = try Scaler.fit(.standard, on: (training + [-7, 1e9])[0..<6])
        #expect(a == b)
    }
}
