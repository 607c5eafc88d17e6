import ForecastCore
import Foundation
import Testing

/// United States federal holidays against pandas' USFederalHolidayCalendar (Fixtures/us_federal_holidays.json,
/// made by Scripts/reference/make_holiday_fixtures.py).
@Suite struct HolidayCalendarTests {
    struct Fixture: Decodable { var library: String; var start: String; var end: String; var dates: [String] }

    @Test func federalHolidaysAreExactlyPandasDaysFrom1970To2035() throws {
        let url = try #require(Bundle.module.url(forResource: "us_federal_holidays", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let expected = Set(fixture.dates.map { Timestamp(iso8601: $0)!.daysSinceEpoch })
        let first = Timestamp(iso8601: fixture.start)!.daysSinceEpoch, last = Timestamp(iso8601: fixture.end)!.daysSinceEpoch
        let ours = Set((first...last).filter { HolidayCalendar.unitedStatesFederal.contains(day: $0) })
        #expect(ours.subtracting(expected).map { Timestamp(secondsSinceEpoch: Int64($0) * 86_400).iso8601 }.sorted() == [])
        #expect(expected.subtracting(ours).map { Timestamp(secondsSinceEpoch: Int64($0) * 86_400).iso8601 }.sorted() == [])
        #expect(expected.count > 600)
    }

    @Test func observedDaysMoveOffTheWeekend() {
        let us = HolidayCalendar.unitedStatesFederal
        // 2022-01-01 was a Saturday: observed Friday 2021-12-31. 2021-07-04 a Sunday: observed Monday 07-05.
        #expect(us.contains(Timestamp(year: 2021, month: 12, day: 31)) && !us.contains(Timestamp(year: 2022, month: 1, day: 1)))
        #expect(us.contains(Timestamp(year: 2021, month: 7, day: 5, hour: 8)) && !us.contains(Timestamp(year: 2021, month: 7, day: 4)))
        // Thanksgiving 2016: the fourth Thursday, 24 November; Memorial Day 2018: the last Monday, 28 May.
        #expect(us.contains(Timestamp(year: 2016, month: 11, day: 24)) && us.contains(Timestamp(year: 2018, month: 5, day: 28)))
        #expect(!us.contains(Timestamp(year: 2018, month: 5, day: 21)))
    }
}
