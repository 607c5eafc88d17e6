import ForecastCore
import ForecastPreprocessing
import Testing

@Suite struct FillSummaryTests {
    let nan = Double.nan
    let t0 = Timestamp(year: 2013, month: 1, day: 1)

    func series(_ values: [Double]) -> TimeSeries {
        TimeSeries(timestamps: values.indices.map { t0.adding(seconds: Int64($0) * 3600) },
                   columns: [Column(name: "temp", values: values), Column(name: "rain", values: values.map { _ in 0 })])
    }

    @Test func countsFilledValuesAndTheLongestRun() throws {
        let s = series([nan, 1, nan, nan, nan, 5, nan, 7])
        let summaries = try s.fillSummaries(of: ["temp", "rain"], maxGap: 3)
        #expect(summaries == [FillSummary(column: "temp", filled: 5, longestRun: 3, longestRunStart: 2),
                              FillSummary(column: "rain", filled: 0, longestRun: 0, longestRunStart: nil)])
        #expect(summaries[0].note(method: .interpolate) == "filled 5 missing values of \"temp\" by interpolate (longest run 3 rows)")
    }

    @Test func aRunLongerThanTheMaximumIsRefusedNamingIt() {
        let s = series([1, nan, nan, nan, 5])
        let expected = FillGapError(column: "temp", firstRow: 1, start: t0.adding(seconds: 3600),
                                    end: t0.adding(seconds: 3 * 3600), length: 3, maxGap: 2)
        #expect(throws: expected) { try s.fillSummaries(of: ["temp"], maxGap: 2) }
        #expect(expected.description == "column \"temp\" has 3 consecutive missing values from 2013-01-01T01:00:00Z to "
            + "2013-01-01T03:00:00Z (rows 2–4); --fill bridges at most --max-gap 2 rows; narrow the range with "
            + "--from/--to, or give a larger --max-gap (or --max-gap none) if a filled line is what you want")
        #expect((try? s.fillSummaries(of: ["temp"], maxGap: nil))?.first?.longestRun == 3)
    }
}
