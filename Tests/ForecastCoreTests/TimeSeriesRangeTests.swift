import ForecastCore
import Testing

/// `rows(from:to:)`: the time range every command's `--from` / `--to` keeps.
@Suite struct TimeSeriesRangeTests {
    let series = TimeSeries(timeColumnName: "t", timestamps: (0..<10).map { Timestamp(year: 2020, month: 1, day: 1).adding(days: $0) },
                            columns: [Column(name: "y", values: (0..<10).map(Double.init))])

    @Test func boundsAreInclusiveAndEitherMayBeOpen() throws {
        let mid = try series.rows(from: Timestamp(year: 2020, month: 1, day: 3), to: Timestamp(year: 2020, month: 1, day: 5))
        #expect(try mid.column(named: "y").values == [2, 3, 4])
        #expect(try series.rows(from: Timestamp(year: 2020, month: 1, day: 9, hour: 12), to: nil).column(named: "y").values == [9])
        #expect(try series.rows(from: nil, to: nil).count == 10)
    }

    @Test func anEmptyRangeSaysWhatTheSeriesCovers() {
        #expect(throws: TimeSeriesError.noRowsInRange(from: Timestamp(year: 2030, month: 1, day: 1), to: nil,
                                                      first: series.timestamps.first, last: series.timestamps.last)) {
            try series.rows(from: Timestamp(year: 2030, month: 1, day: 1), to: nil)
        }
    }
}
