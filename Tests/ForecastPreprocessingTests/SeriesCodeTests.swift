import ForecastCore
import Testing
@testable import ForecastPreprocessing

@Suite struct SeriesCodeTests {
    @Test(arguments: [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (207, 8), (256, 8), (257, 9)])
    func theCodeHasOneColumnPerBitOfTheLargestIndex(count: Int, width: Int) {
        #expect(SeriesCode(index: 0, of: count).width == width)
    }

    @Test func everyMemberGetsItsIndexInBinaryLowestBitFirst() {
        let series = TimeSeries(timestamps: [Timestamp(year: 2020, month: 1, day: 1), Timestamp(year: 2020, month: 1, day: 2)],
                                columns: [Column(name: "y", values: [1, 2])])
        let coded = SeriesCode(index: 6, of: 8).adding(to: series)
        #expect(coded.columnNames == ["y", "series_code_0", "series_code_1", "series_code_2"])
        #expect(coded.columns[1].values == [0, 0])
        #expect(coded.columns[2].values == [1, 1])
        #expect(coded.columns[3].values == [1, 1])
        let codes = (0..<207).map { i in SeriesCode(index: i, of: 207) }
        let rows = codes.map { code in code.adding(to: series).columns.dropFirst().map { $0.values[0] } }
        #expect(Set(rows).count == 207)
    }
}
