import ForecastCore
import ForecastPreprocessing
import Testing

@Suite struct MissingValueFillTests {
    let nan = Double.nan

    @Test func forwardFillCarriesTheLastValue() {
        let c = Column(name: "x", values: [nan, 1, nan, nan, 4, nan]).filled(.forward)
        #expect(c.values == [1, 1, 1, 1, 4, 4])
    }

    @Test func interpolationIsLinearBetweenNeighbours() {
        // Hand-derived: between 1 (row 1) and 4 (row 4), rows 2 and 3 get 2 and 3.
        let c = Column(name: "x", values: [nan, 1, nan, nan, 4, nan]).filled(.interpolate)
        #expect(c.values == [1, 1, 2, 3, 4, 4])
    }

    @Test func firstMissingValueIsNamedWithRowAndTime() {
        let t0 = Timestamp(year: 2013, month: 1, day: 1)
        let s = TimeSeries(timestamps: [t0, t0.adding(days: 1)], columns: [Column(name: "temp", values: [1, nan])])
        #expect(throws: WindowingError.missingValue(column: "temp", row: 1, timestamp: t0.adding(days: 1))) {
            try s.requireNoMissingValues(in: ["temp"])
        }
    }
}
