import ForecastCore
import Testing

@Suite struct TimestampTests {
    @Test func civilDatesRoundTripThroughDayCounts() {
        // Checked with Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days.
        #expect(Timestamp.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(Timestamp.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11017)
        #expect(Timestamp.daysSinceEpoch(year: 1885, month: 2, day: 16) == -30999)
        for day in stride(from: -50_000, through: 50_000, by: 37) {
            let c = Timestamp.civilFromDays(day)
            #expect(Timestamp.daysSinceEpoch(year: c.year, month: c.month, day: c.day) == day)
        }
    }

    @Test func iso8601FormatsUTC() {
        #expect(Timestamp(year: 2013, month: 1, day: 1, hour: 6).iso8601 == "2013-01-01T06:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(year: 1885, month: 2, day: 16).shortDescription == "1885-02-16")
    }

    @Test func weekdayIsISONumbered() {
        #expect(Timestamp(year: 1970, month: 1, day: 1).weekday == 4)  // Thursday
        #expect(Timestamp(year: 2017, month: 11, day: 10).weekday == 5)  // Friday
        #expect(Timestamp(year: 1885, month: 2, day: 16).weekday == 1)  // Monday
        #expect(Timestamp(year: 2017, month: 11, day: 10).nextBusinessDay()
            == Timestamp(year: 2017, month: 11, day: 13))
    }

    @Test func addingMonthsClampsToMonthEnd() {
        #expect(Timestamp(year: 2020, month: 1, day: 31).adding(months: 1) == Timestamp(year: 2020, month: 2, day: 29))
        #expect(Timestamp(year: 2021, month: 2, day: 28).adding(months: 1) == Timestamp(year: 2021, month: 3, day: 31))
        #expect(Timestamp(year: 2021, month: 12, day: 15).adding(months: 1) == Timestamp(year: 2022, month: 1, day: 15))
    }

    @Test func floorDivisionRoundsTowardNegativeInfinity() {
        #expect((-1).floorDivided(by: 86_400) == -1)
        #expect((-86_400).floorDivided(by: 86_400) == -1)
        #expect(86_399.floorDivided(by: 86_400) == 0)
    }
}
