@testable import ForecastCore
import Testing

/// `insertingMissingTimes` (`--fill-gaps`): the grid's absent timestamps come back as rows of NaN, as
/// pandas' `asfreq` gives them; expected rows are listed by hand.
@Suite struct TimeSeriesGridTests {
    func series(_ times: [Timestamp], _ values: [Double]) -> TimeSeries {
        TimeSeries(timestamps: times, columns: [Column(name: "y", values: values), Column(name: "x", values: values.map { -$0 })])
    }

    func hour(_ h: Int) -> Timestamp { Timestamp(year: 2018, month: 9, day: 1, hour: h) }

    @Test func hourlyGapsBecomeMissingRowsInTimeOrder() throws {
        let s = series([0, 1, 2, 5, 6, 8, 9].map(hour), [10, 11, 12, 15, 16, 18, 19])
        let (completed, inserted) = try s.insertingMissingTimes()
        #expect(inserted == 3)
        #expect(completed.timestamps == (0...9).map(hour))
        let y = try completed.column(named: "y").values, x = try completed.column(named: "x").values
        #expect(y.map { $0.isNaN ? nil : $0 } == [10, 11, 12, nil, nil, 15, 16, nil, 18, 19])
        #expect(x.map { $0.isNaN ? nil : $0 } == [-10, -11, -12, nil, nil, -15, -16, nil, -18, -19])
    }

    @Test func aSeriesWithoutGapsIsReturnedUnchanged() throws {
        let s = series((0..<5).map(hour), [1, 2, 3, 4, 5])
        let (completed, inserted) = try s.insertingMissingTimes()
        #expect(inserted == 0)
        #expect(completed == s)
    }

    @Test func businessDaysGainTheMissingWeekdayButNoWeekend() throws {
        // Thu 2018-08-30, Fri 08-31, (Mon 09-03 Labor Day missing), Tue 09-04, Wed 09-05, Thu 09-06, Fri 09-07, Mon 09-10.
        let days = [(8, 30), (8, 31), (9, 4), (9, 5), (9, 6), (9, 7), (9, 10)].map { Timestamp(year: 2018, month: $0.0, day: $0.1) }
        let s = series(days, [1, 2, 3, 4, 5, 6, 7])
        #expect(s.inferFrequency() == .businessDays)
        let (completed, inserted) = try s.insertingMissingTimes()
        #expect(inserted == 1)
        #expect(completed.timestamps[2] == Timestamp(year: 2018, month: 9, day: 3))
        #expect(completed.count == 8)
    }

    @Test func monthEndsStayMonthEnds() throws {
        let ends = [(1, 31), (2, 28), (5, 31), (6, 30)].map { Timestamp(year: 2018, month: $0.0, day: $0.1) }
        let (completed, inserted) = try series(ends, [1, 2, 5, 6]).insertingMissingTimes(frequency: .calendarMonths)
        #expect(inserted == 2)
        #expect(completed.timestamps == [(1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30)]
            .map { Timestamp(year: 2018, month: $0.0, day: $0.1) })
    }

    @Test func aRowOffTheGridIsRefusedNamingIt() throws {
        var times = (0..<6).map(hour)
        times[3] = times[3].adding(seconds: 1800)   // 03:30
        #expect(throws: GridError.offGrid(row: 3, timestamp: times[3], expected: hour(3), frequency: .regular(seconds: 3600))) {
            try series(times, [1, 2, 3, 4, 5, 6]).insertingMissingTimes(frequency: .regular(seconds: 3600))
        }
        #expect(throws: GridError.irregular) {
            try series((0..<4).map(hour), [1, 2, 3, 4]).insertingMissingTimes(frequency: .irregular)
        }
    }
}
