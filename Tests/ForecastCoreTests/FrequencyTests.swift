import ForecastCore
import Testing

@Suite struct FrequencyTests {
    func series(_ stamps: [Timestamp]) -> TimeSeries {
        TimeSeries(timestamps: stamps, columns: [Column(name: "x", values: stamps.map { _ in 1 })])
    }

    @Test func hourlySeriesWithGapsIsHourly() {
        let base = Timestamp(year: 2013, month: 1, day: 1)
        let hours = [0, 1, 2, 5, 6, 7, 8].map { base.adding(seconds: Int64($0) * 3600) }
        let s = series(hours)
        #expect(s.inferFrequency() == .regular(seconds: 3600))
        let report = s.gapReport()
        #expect(report.gaps.count == 1)
        #expect(report.missingCount == 2)
        #expect(report.gaps[0].after == base.adding(seconds: 2 * 3600))
    }

    @Test func weekdayOnlyDailySeriesIsBusinessDays() {
        var stamps: [Timestamp] = []
        var t = Timestamp(year: 2017, month: 10, day: 2)  // Monday
        for _ in 0..<30 { stamps.append(t); t = t.nextBusinessDay() }
        stamps.remove(at: 10)  // a holiday
        let s = series(stamps)
        #expect(s.inferFrequency() == .businessDays)
        #expect(s.gapReport().missingCount == 1)
        #expect(s.gapReport().offGridRows == 0)
    }

    @Test func monthEndSeriesIsMonthly() {
        let stamps = (0..<24).map { Timestamp(year: 2000, month: 1, day: 31).adding(months: $0) }
        #expect(series(stamps).inferFrequency() == .calendarMonths)
        #expect(Frequency.calendarMonths.timestamps(after: stamps.last!, count: 2)
            == [Timestamp(year: 2002, month: 1, day: 31), Timestamp(year: 2002, month: 2, day: 28)])
    }

    @Test func seasonalPeriodsFollowTheFrequency() {
        #expect(Frequency.regular(seconds: 3600).seasonalPeriod == 24)
        #expect(Frequency.regular(seconds: 86_400).seasonalPeriod == 7)
        #expect(Frequency.businessDays.seasonalPeriod == 5)
        #expect(Frequency.calendarMonths.seasonalPeriod == 12)
        #expect(Frequency.irregular.seasonalPeriod == nil)
    }

    @Test func orderProblemsFindDuplicatesAndDecreases() {
        let t = Timestamp(year: 2020, month: 1, day: 1)
        let s = series([t, t.adding(days: 1), t.adding(days: 1), t])
        #expect(s.orderProblems().map(\.kind) == [.duplicate, .decreasing])
        #expect(throws: TimeSeriesError.self) { try s.validateOrder() }
    }
}
