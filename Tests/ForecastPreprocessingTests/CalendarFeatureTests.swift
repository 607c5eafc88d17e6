import ForecastCore
import ForecastPreprocessing
import Foundation
import Testing

/// Calendar features, each value worked out by hand.
@Suite struct CalendarFeatureTests {
    let us = HolidayCalendar.unitedStatesFederal

    @Test func cyclicFeaturesPutTheEndOfACycleNextToItsStart() {
        // 2016-11-24 06:00 UTC: Thanksgiving, a Thursday, in November, day 328 of a leap year.
        let t = Timestamp(year: 2016, month: 11, day: 24, hour: 6)
        func close(_ a: [Double], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 } }
        #expect(close(CalendarFeature.hour.values(at: t, holidays: us), [1, 0]))                        // 6 h of 24: a quarter turn
        #expect(close(CalendarFeature.weekday.values(at: t, holidays: us), [sin(2 * .pi * 3 / 7), cos(2 * .pi * 3 / 7)]))
        #expect(close(CalendarFeature.month.values(at: t, holidays: us), [sin(2 * .pi * 10 / 12), cos(2 * .pi * 10 / 12)]))
        let yearday = 328.0 + 0.25
        #expect(close(CalendarFeature.yearday.values(at: t, holidays: us), [sin(2 * .pi * yearday / 365.2425), cos(2 * .pi * yearday / 365.2425)]))
        #expect(CalendarFeature.holiday.values(at: t, holidays: us) == [1])
        #expect(CalendarFeature.weekend.values(at: t, holidays: us) == [0])
        #expect(CalendarFeature.weekend.values(at: t.adding(days: 2), holidays: us) == [1])
        // 23:00 and 00:00 are neighbours on the circle.
        let late = CalendarFeature.hour.values(at: Timestamp(year: 2016, month: 1, day: 1, hour: 23), holidays: us)
        let midnight = CalendarFeature.hour.values(at: Timestamp(year: 2016, month: 1, day: 2), holidays: us)
        #expect(hypot(late[0] - midnight[0], late[1] - midnight[1]) < 0.27)
    }

    @Test func autoPicksTheFeaturesOfTheFrequency() {
        #expect(CalendarFeature.automatic(for: .regular(seconds: 3600)) == [.hour, .weekday, .holiday])
        #expect(CalendarFeature.automatic(for: .regular(seconds: 300)) == [.hour, .weekday, .holiday])
        #expect(CalendarFeature.automatic(for: .regular(seconds: 86_400)) == [.weekday, .yearday, .holiday])
        #expect(CalendarFeature.automatic(for: .businessDays) == [.weekday, .month])
        #expect(CalendarFeature.automatic(for: .calendarMonths) == [.month])
    }

    @Test func columnsAreNamedAndOneValuePerTimestamp() {
        let times = (0..<3).map { Timestamp(year: 2016, month: 7, day: 3).adding(days: $0) }   // Sun, Mon (observed 4 July), Tue
        let columns = CalendarFeature.columns([.weekday, .holiday], at: times, holidays: us)
        #expect(columns.map(\.name) == ["weekday_sin", "weekday_cos", "holiday"])
        #expect(columns[2].values == [0, 1, 0])
    }
}

/// Calendar inputs are shifted by the horizon: each row carries the calendar of the step one horizon
/// later, continuing on the frequency grid past the last row.
@Suite struct CalendarInputsTests {
    @Test func eachRowCarriesTheCalendarOfTheStepOneHorizonLater() throws {
        let start = Timestamp(year: 2016, month: 7, day: 1)   // a Friday
        let series = TimeSeries(timeColumnName: "date", timestamps: (0..<5).map { start.adding(days: $0) },
                                columns: [Column(name: "y", values: [1, 2, 3, 4, 5])])
        let inputs = CalendarInputs(features: [.weekend, .holiday], shift: 3)
        let out = try inputs.adding(to: series, frequency: .regular(seconds: 86_400))
        #expect(out.columnNames == ["y", "calendar_weekend", "calendar_holiday"])
        // Rows 0…4 carry 4, 5, 6, 7, 8 July: Mon (4 July, a holiday), Tue, Wed, Thu, Fri.
        #expect(try out.column(named: "calendar_holiday").values == [1, 0, 0, 0, 0])
        #expect(try out.column(named: "calendar_weekend").values == [0, 0, 0, 0, 0])
        // Shifted by 1: rows carry 2…6 July: Sat, Sun, Mon (holiday), Tue, Wed.
        let one = try CalendarInputs(features: [.weekend, .holiday], shift: 1).adding(to: series, frequency: .regular(seconds: 86_400))
        #expect(try one.column(named: "calendar_weekend").values == [1, 1, 0, 0, 0])
        #expect(try one.column(named: "calendar_holiday").values == [0, 0, 1, 0, 0])
    }

    @Test func anIrregularSeriesHasNoFutureTimestamps() {
        let series = TimeSeries(timeColumnName: "t", timestamps: [Timestamp(secondsSinceEpoch: 0)], columns: [Column(name: "y", values: [1])])
        #expect(throws: CalendarError.self) {
            try CalendarInputs(features: [.hour], shift: 2).adding(to: series, frequency: .irregular)
        }
    }

    @Test func holidayCalendarsRoundTripThroughJSON() throws {
        let list = HolidayCalendar(days: [Timestamp(year: 2024, month: 12, day: 26).daysSinceEpoch], name: "boxing.txt")
        for calendar in [HolidayCalendar.unitedStatesFederal, list] {
            let back = try JSONDecoder().decode(HolidayCalendar.self, from: JSONEncoder().encode(calendar))
            #expect(back == calendar)
        }
    }
}
