import ForecastCore
import ForecastIO
import Testing

/// Expected values are written out with `Timestamp(year:…)` (Core's civil conversion, tested in
/// ForecastCoreTests) or as epoch seconds checked with `date -u -d @<seconds>`.
@Test func parsesISODate() {
    #expect(TimestampParser.parse("2013-01-01") == Timestamp(year: 2013, month: 1, day: 1))
    #expect(TimestampParser.parse("2013-01-01")?.secondsSinceEpoch == 1_356_998_400)
}

@Test func parsesISODateTimeWithAndWithoutSeconds() {
    let expected = Timestamp(year: 2013, month: 1, day: 1, hour: 6)
    #expect(TimestampParser.parse("2013-01-01T06:00") == expected)
    #expect(TimestampParser.parse("2013-01-01T06:00:00") == expected)
    #expect(TimestampParser.parse("2013-01-01T06:00:07") == expected.adding(seconds: 7))
}

@Test func parsesSpaceSeparatedDateTime() {
    #expect(TimestampParser.parse("2013-01-01 06:30") == Timestamp(year: 2013, month: 1, day: 1, hour: 6, minute: 30))
    #expect(TimestampParser.parse("2013-01-01 06:30:15")
        == Timestamp(year: 2013, month: 1, day: 1, hour: 6, minute: 30, second: 15))
}

@Test func subtractsZoneOffsetsToGiveUTC() {
    let utc = Timestamp(year: 2013, month: 1, day: 1, hour: 6)
    #expect(TimestampParser.parse("2013-01-01T06:00:00Z") == utc)
    #expect(TimestampParser.parse("2013-01-01T08:00:00+02:00") == utc)
    #expect(TimestampParser.parse("2013-01-01T01:00:00-0500") == utc)
    #expect(TimestampParser.parse("2013-01-01T11:30+05:30") == utc)
    #expect(TimestampParser.parse("2013-01-01 07:00:00+01") == utc)
    // Crossing midnight backwards: 2013-01-01T01:00+02:00 is 2012-12-31T23:00Z.
    #expect(TimestampParser.parse("2013-01-01T01:00:00+02:00") == Timestamp(year: 2012, month: 12, day: 31, hour: 23))
}

@Test func truncatesFractionalSeconds() {
    let whole = Timestamp(year: 2013, month: 1, day: 1, hour: 6, second: 5)
    #expect(TimestampParser.parse("2013-01-01T06:00:05.999") == whole)
    #expect(TimestampParser.parse("2013-01-01T06:00:05.001Z") == whole)
    #expect(TimestampParser.parse("2013-01-01T08:00:05.5+02:00") == whole)
    #expect(TimestampParser.parse("2013-01-01T06:00:05.") == nil)
}

@Test func parsesDayMonthYearWithDots() {
    #expect(TimestampParser.parse("31.12.2013") == Timestamp(year: 2013, month: 12, day: 31))
    #expect(TimestampParser.parse("31.12.2013 23:59:58")
        == Timestamp(year: 2013, month: 12, day: 31, hour: 23, minute: 59, second: 58))
    #expect(TimestampParser.parse("01.02.2013 06:00") == Timestamp(year: 2013, month: 2, day: 1, hour: 6))
    #expect(TimestampParser.parse("01.02.2013T06:00") == nil)
}

@Test func parsesEpochSecondsOnlyWhenAllowed() {
    #expect(TimestampParser.parse("1357020000") == nil)
    #expect(TimestampParser.parse("1357020000", allowEpochSeconds: true)
        == Timestamp(year: 2013, month: 1, day: 1, hour: 6))
    #expect(TimestampParser.parse("-86400", allowEpochSeconds: true) == Timestamp(year: 1969, month: 12, day: 31))
    #expect(TimestampParser.parse("12.5", allowEpochSeconds: true) == nil)
}

@Test func rejectsOutOfRangeFieldsAndOtherForms() {
    for text in ["2013-13-01", "2013-02-29", "2013-01-32", "2013-01-01T24:00", "2013-01-01T06:60",
                 "2013-01-01T06:00:61", "2013-01-01T06:00+24:00", "2013-01-01T06:00+02:60",
                 "2013/01", "13-01-01", "2013-13", "2013/13/01", "2013-1-1", "01/02/2013", "", "date", "2013-01-01T06",
                 "2013-01-01T06:00:00 Z", "2013-01-01T06:00:00+2", "2013-01-01x"] {
        #expect(TimestampParser.parse(text) == nil, "\(text) should not parse")
    }
    #expect(TimestampParser.parse("2012-02-29") == Timestamp(year: 2012, month: 2, day: 29))
}

@Test func parsesYearMonthAsTheFirstOfTheMonthAndSlashedISODates() {
    #expect(TimestampParser.parse("2000-01") == Timestamp(year: 2000, month: 1, day: 1))
    #expect(TimestampParser.parse("2000-12") == Timestamp(year: 2000, month: 12, day: 1))
    #expect(TimestampParser.parse("2013/01/31") == Timestamp(year: 2013, month: 1, day: 31))
    #expect(TimestampParser.parse("2013/01/31 06:30") == Timestamp(year: 2013, month: 1, day: 31, hour: 6, minute: 30))
    #expect(TimestampParser.parse("2013/01/31T06:30") == nil)   // T only between ISO dashes and the time
}

@Test func ignoresSurroundingSpaces() {
    #expect(TimestampParser.parse("  2013-01-01 ") == Timestamp(year: 2013, month: 1, day: 1))
}
