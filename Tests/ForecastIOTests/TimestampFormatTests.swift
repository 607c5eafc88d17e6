import ForecastCore
import ForecastIO
import Foundation
import Testing

/// Foundation's reading of `text` with a fixed-format `DateFormatter` (en_US_POSIX, UTC): an
/// implementation independent of ours.
private func foundationSeconds(_ text: String, _ unicodePattern: String) -> Int64? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = unicodePattern
    return formatter.date(from: text).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
}

@Test(arguments: [
    // (strptime format, the same layout as a Unicode pattern for DateFormatter)
    ("%m/%d/%Y %H:%M", "MM/dd/yyyy HH:mm"),
    ("%d.%m.%Y", "dd.MM.yyyy"),
    ("%Y-%m-%d %H:%M:%S", "yyyy-MM-dd HH:mm:ss"),
    ("%d %b %Y %I:%M %p", "dd MMM yyyy hh:mm a"),
    ("%Y%m%d%H%M", "yyyyMMddHHmm"),
    ("%Y-%m-%dT%H:%M:%S%z", "yyyy-MM-dd'T'HH:mm:ssZ"),
])
func timeFormatAgreesWithFoundationOnRandomMoments(_ pair: (String, String)) throws {
    let (strptime, unicode) = pair
    let format = try TimestampFormat(strptime)
    var generator = SystemRandomNumberGenerator()
    let writer = DateFormatter()
    writer.locale = Locale(identifier: "en_US_POSIX")
    writer.timeZone = TimeZone(secondsFromGMT: strptime.contains("%z") ? -5 * 3600 : 0)
    writer.dateFormat = unicode
    for _ in 0..<300 {
        // 1900 … 2100, whole minutes (or seconds where the layout has them).
        let seconds = Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator) / 60 * 60
        let text = writer.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let expected = try #require(foundationSeconds(text, unicode))
        #expect(format.parse(text)?.secondsSinceEpoch == expected, "\(text) with \(strptime)")
    }
}

@Test func yearMonthFormatGivesTheFirstOfTheMonth() throws {
    #expect(try TimestampFormat("%Y-%m").parse("2000-01") == Timestamp(year: 2000, month: 1, day: 1))
    #expect(try TimestampFormat("%Y").parse("1987") == Timestamp(year: 1987, month: 1, day: 1))
}

@Test func fractionalSecondsAreTruncatedAndOffsetsSubtracted() throws {
    let format = try TimestampFormat("%Y-%m-%d %H:%M:%S.%f%z")
    #expect(format.parse("2020-01-31 06:30:15.999+02:00") == Timestamp(year: 2020, month: 1, day: 31, hour: 4, minute: 30, second: 15))
    #expect(format.parse("2020-01-31 06:30:15.5Z") == Timestamp(year: 2020, month: 1, day: 31, hour: 6, minute: 30, second: 15))
    #expect(format.parse("2020-01-31 06:30:15.5-0530") == Timestamp(year: 2020, month: 1, day: 31, hour: 12, minute: 0, second: 15))
}

@Test func twoDigitYearsFollowPOSIX() throws {
    let format = try TimestampFormat("%d/%m/%y")
    #expect(format.parse("01/02/68") == Timestamp(year: 2068, month: 2, day: 1))
    #expect(format.parse("01/02/69") == Timestamp(year: 1969, month: 2, day: 1))
}

@Test func epochSecondsDirective() throws {
    #expect(try TimestampFormat("%s").parse("1357020000") == Timestamp(year: 2013, month: 1, day: 1, hour: 6))
}

@Test func cellsThatDoNotMatchTheWholeFormatAreRefused() throws {
    let format = try TimestampFormat("%d.%m.%Y %H:%M")
    for text in ["31.01.2020", "31.01.2020 06:30:00", "31.13.2020 06:30", "30.02.2020 06:30", "31-01-2020 06:30",
                 "31.01.2020 24:00", "x31.01.2020 06:30", ""] {
        #expect(format.parse(text) == nil, "\(text) should not parse")
    }
    #expect(format.parse("  31.01.2020   06:30 ") == Timestamp(year: 2020, month: 1, day: 31, hour: 6, minute: 30))
}

@Test func unusableFormatsAreRefusedSayingWhy() {
    #expect(throws: TimestampFormatError.unknownDirective(pattern: "%Y-%Q", directive: "%Q")) { try TimestampFormat("%Y-%Q") }
    #expect(throws: TimestampFormatError.noYear(pattern: "%m/%d")) { try TimestampFormat("%m/%d") }
    #expect(throws: TimestampFormatError.danglingPercent(pattern: "%Y%")) { try TimestampFormat("%Y%") }
    #expect(TimestampFormatError.noYear(pattern: "%m/%d").description
        == "\"%m/%d\" has no year; expected a format with %Y or %y (or %s for epoch seconds)")
}
