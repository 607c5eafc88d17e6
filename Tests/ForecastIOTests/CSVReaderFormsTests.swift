import ForecastCore
import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

// The files people really have (issue 12): each fixture is read to the values written in it, or refused
// with a message that names the option that reads it.

private func read(_ name: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> TimeSeries {
    try CSVReader(options: options).read(path: csvFixture(name))
}

private func message(_ name: String, _ options: CSVReadOptions = CSVReadOptions()) -> String {
    do {
        _ = try read(name, options)
        return "no error"
    } catch {
        return String(describing: error)
    }
}

/// Seconds since the epoch of a UTC calendar time, computed by Foundation's Gregorian calendar
/// (independent of `Timestamp`'s arithmetic).
private func foundationSeconds(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s))!
    return Int64(date.timeIntervalSince1970)
}

// MARK: Compressed files and standard input

@Test func gzipFileIsReadAsItsText() throws {
    let plain = try read("pipe.csv")
    let compressed = try read("pipe.csv.gz")
    #expect(compressed == plain)
    #expect(compressed.columns.map(\.values) == [[1.5, 2.5], [2, 3]])
}

@Test func truncatedGzipFileIsAReadErrorNotAShortSeries() {
    let text = message("truncated.csv.gz")
    #expect(text.hasPrefix(csvFixture("truncated.csv.gz") + ": read failed: the gzip data is corrupt or truncated"))
}

@Test func fifoIsCopiedOnceSoItCanBeReadTwiceAndDigested() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let fifo = dir.path + "/in.fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: csvFixture("pipe.csv.gz")))
    let writer = Thread {
        let handle = FileHandle(forWritingAtPath: fifo)!
        handle.write(bytes)
        try? handle.close()
    }
    writer.start()
    #expect(InputSource.isStream(fifo))
    let first = try CSVReader().read(path: fifo)
    let second = try CSVReader().read(path: fifo)   // from the copy: a pipe can be read once only
    #expect(first == second)
    #expect(first.columns.map(\.values) == [[1.5, 2.5], [2, 3]])
    #expect(try FileDigest.sha256(path: fifo) == FileDigest.sha256(bytes: Array(bytes)))
}

// MARK: Time columns

@Test func epochMillisecondsAndMicrosecondsAreRecognisedByMagnitudeAndNoted() throws {
    let ms = try read("epoch_milliseconds.csv")
    #expect(ms.timestamps.map(\.secondsSinceEpoch) == [0, 1, 2].map { foundationSeconds(2013, 1, 1, 6 + $0) })
    #expect(ms.notes == ["time column \"timestamp\" read as Unix epoch milliseconds"])
    let us = try read("epoch_microseconds.csv")
    #expect(us.timestamps.map(\.secondsSinceEpoch) == [foundationSeconds(2013, 1, 1, 6), foundationSeconds(2013, 1, 1, 7)])
    #expect(us.notes == ["time column \"time_utc\" read as Unix epoch microseconds"])
}

@Test func epochUnitFollowsMagnitude() {
    #expect(TimestampParser.EpochUnit.unit(for: 1_357_020_000) == .seconds)
    #expect(TimestampParser.EpochUnit.unit(for: 99_999_999_999) == .seconds)
    #expect(TimestampParser.EpochUnit.unit(for: 1_357_020_000_000) == .milliseconds)
    #expect(TimestampParser.EpochUnit.unit(for: -1_357_020_000_000) == .milliseconds)
    #expect(TimestampParser.EpochUnit.unit(for: 1_357_020_000_000_000) == .microseconds)
    #expect(TimestampParser.EpochUnit.unit(for: 1_357_020_000_000_000_000) == .nanoseconds)
}

@Test func yearMonthColumnIsMonthly() throws {
    let series = try read("year_month.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch) == (1...4).map { foundationSeconds(1949, $0, 1) })
    #expect(series.inferFrequency() == .calendarMonths)
}

@Test func slashDatesAreReadMonthFirstWhenAColumnSaysSo() throws {
    let series = try read("us_dates.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch)
        == [foundationSeconds(2019, 12, 30), foundationSeconds(2019, 12, 31), foundationSeconds(2020, 1, 1),
            foundationSeconds(2020, 1, 2)])
    #expect(series.notes == ["time column \"date\" read as month/day/year"])
}

@Test func slashDatesAreReadDayFirstWhenOnlyALateRowSaysSo() throws {
    // Rows 1–12 read both ways; 13/01/2020 on row 13 rules out month/day for the whole column.
    let series = try read("european_slash_dates.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch) == (1...14).map { foundationSeconds(2020, 1, $0) })
    #expect(series.notes == ["time column \"date\" read as day/month/year"])
}

@Test func slashDatesThatReadBothWaysAreRefusedWithBothReadings() {
    let p = csvFixture("ambiguous_slash_dates.csv")
    #expect(message("ambiguous_slash_dates.csv") == "\(p):2:1: \"01/02/2020\" in column \"date\" reads as 2020-01-02 "
        + "(month/day) or 2020-02-01 (day/month), and every date in the column reads both ways; give --time-format "
        + "\"%m/%d/%Y\" or --time-format \"%d/%m/%Y\" (add \" %H:%M\" for times)")
    var options = CSVReadOptions()
    options.timeFormat = try? TimestampFormat("%d/%m/%Y")
    #expect((try? read("ambiguous_slash_dates.csv", options))?.timestamps.map(\.secondsSinceEpoch)
        == [foundationSeconds(2020, 2, 1), foundationSeconds(2020, 2, 2), foundationSeconds(2020, 2, 3)])
}

@Test func timeFormatReadsMonthNamesAndTwelveHourClocks() throws {
    var options = CSVReadOptions()
    options.timeFormat = try TimestampFormat("%d %b %Y %I:%M %p")
    let series = try read("month_names.csv", options)
    #expect(series.timeColumnName == "when")   // found by the format on the first row
    #expect(series.timestamps.map(\.secondsSinceEpoch) == [foundationSeconds(2020, 1, 31, 9, 30), foundationSeconds(2020, 2, 3, 16)])
}

@Test func columnThatLooksLikeTimeInAnotherLayoutNamesTimeFormat() {
    let p = csvFixture("month_names.csv")
    let text = message("month_names.csv")
    #expect(text.hasPrefix("\(p):2:1: column \"when\" looks like time, but \"31 Jan 2020 9:30 AM\" is in none of the forms read"))
    #expect(text.contains("--time-format"))
}

@Test func timestampErrorUnderATimeFormatSaysWhichFormatWasTried() {
    var options = CSVReadOptions()
    options.timeFormat = try? TimestampFormat("%d.%m.%Y %H:%M")
    let p = csvFixture("decimal_comma.csv")
    options.decimal = ","
    options.thousands = "."
    #expect(message("decimal_comma.csv", options) == "no error")
    options.timeFormat = try? TimestampFormat("%d.%m.%Y")
    #expect(message("decimal_comma.csv", options).hasPrefix(
        "\(p):2:1: column \"Datum\" looks like time, but \"01.01.2020 06:00\" is in none of the forms read (the --time-format \"%d.%m.%Y\")"))
}

// MARK: Numbers

@Test func decimalCommaIsRefusedNamingDecimalThenReadWithIt() throws {
    let p = csvFixture("decimal_comma.csv")
    #expect(message("decimal_comma.csv") == "\(p):2:2: cannot read \"12,8\" as a number in column \"Temperatur\"; "
        + "expected a decimal number with a . decimal point and no grouping; give --decimal , to read decimal commas")
    var options = CSVReadOptions()
    options.decimal = ","
    #expect(message("decimal_comma.csv", options) == "\(p):3:3: cannot read \"1.234,5\" as a number in column "
        + "\"Niederschlag\"; expected a decimal number with a . decimal point and no grouping; give --decimal , "
        + "--thousands . to read \"1.234,5\" as 1234.5")
    options.thousands = "."
    let series = try read("decimal_comma.csv", options)
    #expect(series.timestamps.map(\.secondsSinceEpoch) == [foundationSeconds(2020, 1, 1, 6), foundationSeconds(2020, 1, 1, 7)])
    #expect(series.columns.map(\.values) == [[12.8, -1.25], [0, 1234.5]])
}

@Test func thousandsSeparatorIsRefusedNamingThousandsThenReadWithIt() throws {
    let p = csvFixture("thousands_newest_first.csv")
    #expect(message("thousands_newest_first.csv") == "\(p):2:3: cannot read \"36,301,200\" as a number in column "
        + "\"volume\"; expected a decimal number with a . decimal point and no grouping; give --thousands , to read "
        + "\",\" as a thousands separator")
    var options = CSVReadOptions()
    options.thousands = ","
    let series = try read("thousands_newest_first.csv", options)
    #expect(series.columns.map(\.values) == [[84.09, 83.87], [21_175_400, 36_301_200]])
}

@Test func thousandsSeparatorOutsideGroupsOfThreeIsRefusedNotMisread() {
    for (cell, ok) in [("1,234", 1234.0), ("12,345,678.5", 12_345_678.5), ("-1,000", -1000)] as [(String, Double)] {
        #expect(parseLocalized(cell, thousands: UInt8(ascii: ",")) == ok, "\(cell)")
    }
    for cell in ["1,5", "1,2345", ",123", "1,,234", "1.234,5"] {
        #expect(parseLocalized(cell, thousands: UInt8(ascii: ",")) == nil, "\(cell) should be refused")
    }
    #expect(parseLocalized("1\u{A0}234,5", decimal: UInt8(ascii: ","), thousands: 0x20) == 1234.5)
    #expect(parseLocalized("1\u{202F}234\u{202F}567", decimal: UInt8(ascii: ","), thousands: 0x20) == 1_234_567)
    #expect(parseLocalized("1.5", decimal: UInt8(ascii: ",")) == nil)   // never 15
}

/// A cell read with the separators given, through the reader's own path; `nil` when refused.
private func parseLocalized(_ cell: String, decimal: UInt8 = UInt8(ascii: "."), thousands: UInt8? = nil) -> Double? {
    let dir = try! TemporaryDirectory()
    defer { dir.remove() }
    let path = try! dir.write("date;x\n2020-01-01;\(cell)\n", to: "cell.csv")
    var options = CSVReadOptions(delimiter: ";")
    options.decimal = Character(UnicodeScalar(decimal))
    options.thousands = thousands.map { Character(UnicodeScalar($0)) }
    return (try? CSVReader(options: options).read(path: path))?.columns[0].values[0]
}

@Test func currencyAndPercentCellsStopTheLoadInsteadOfMakingTheColumnText() {
    let p = csvFixture("currency_percent.csv")
    #expect(message("currency_percent.csv") == "\(p):2:2: cannot read \"$12.50\" as a number in column \"price\"; "
        + "expected a decimal number with a . decimal point and no grouping; give --currency '$' to drop the currency sign")
    #expect(message("currency_percent.csv", CSVReadOptions(currency: "$")) == "\(p):2:3: cannot read \"1%\" as a number "
        + "in column \"change\"; expected a decimal number with a . decimal point and no grouping; give --percent to read "
        + "\"12.5%\" as 12.5")
    let q = csvFixture("currency_thousands.csv")
    #expect(message("currency_thousands.csv", CSVReadOptions(currency: "$", percent: true)) == "\(q):2:2: cannot read "
        + "\"$1,234.50\" as a number in column \"price\"; expected a decimal number with a . decimal point and no grouping; "
        + "give --currency '$' to drop the currency sign, and --thousands , to read \",\" as a thousands separator")
    let e = csvFixture("euro_percent.csv")
    #expect(message("euro_percent.csv", CSVReadOptions(decimal: ",", thousands: ".")) == "\(e):2:2: cannot read "
        + "\"12,80 €\" as a number in column \"Preis\"; expected a decimal number with a . decimal point and no grouping; "
        + "give --currency € to drop the currency sign, and --decimal , to read decimal commas")
}

@Test func currencyAndPercentOptionsDropTheSignsAndKeepTheUnit() throws {
    let dollars = try read("currency_thousands.csv", CSVReadOptions(thousands: ",", currency: "$", percent: true))
    #expect(try dollars.column(named: "price").values == [1234.5, -12, 7, 8.25])
    let share = try dollars.column(named: "share").values
    #expect(share[0] == 12.5 && share[1] == 13 && share[2].isNaN && share[3] == 0.5)   // percent, not shares of 1
    let euros = try read("euro_percent.csv", CSVReadOptions(decimal: ",", thousands: ".", currency: "€", percent: true))
    #expect(try euros.column(named: "Preis").values == [12.8, 1234.5, -3])
    let anteil = try euros.column(named: "Anteil").values
    #expect(anteil[0] == 5 && anteil[1] == 6.5 && anteil[2].isNaN)
    // A lone sign is no number, even with the option.
}

// MARK: Layout

@Test func anyDelimiterIsDetectedOrGiven() throws {
    let detected = try read("pipe.csv")
    #expect(detected.columnNames == ["open", "close"])
    #expect(try read("pipe.csv", CSVReadOptions(delimiter: "|")) == detected)
}

@Test func headerlessFileIsRefusedNamingNoHeaderThenReadByPosition() throws {
    let p = csvFixture("no_header.csv")
    #expect(message("no_header.csv") == "\(p):1: the first line (\"2020-01-01 00:00\", \"4.5\", \"1\") holds values, "
        + "not column names; give --no-header to read the file without a header (columns named col1, col2, …), "
        + "or add a header line")
    let series = try read("no_header.csv", CSVReadOptions(hasHeader: false))
    #expect(series.timeColumnName == "col1")
    #expect(series.columnNames == ["col2", "col3"])
    #expect(series.columns.map(\.values) == [[4.5, 5, 5.5], [1, 2, 3]])
}

// MARK: Order and duplicates

@Test func newestFirstFileIsReversedWithANote() throws {
    let series = try read("newest_first.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch) == [1, 3, 4, 5].map { foundationSeconds(2020, 1, $0) })
    #expect(series.columns[0].values == [1, 3, 4, 5])
    #expect(series.notes == ["rows were newest first (times decrease down the file); read in time order"])
}

@Test func newestFirstFileWithALaterRowIsRefusedNamingBothRows() {
    let p = csvFixture("newest_first_then_later.csv")
    #expect(message("newest_first_then_later.csv") == "\(p):4:1: timestamp 2020-01-06T00:00:00Z in column \"date\" "
        + "comes after the previous row's 2020-01-04T00:00:00Z, but the file's times decrease before it (newest "
        + "first); timestamps must decrease or increase throughout")
}

@Test func duplicateTimestampsFollowThePolicy() throws {
    let p = csvFixture("duplicates.csv")
    #expect(message("duplicates.csv") == "\(p):4:1: timestamp 2020-01-01T01:00:00Z in column \"time\" repeats the "
        + "previous row's; timestamps must strictly increase")
    func values(_ policy: DuplicateTimestamps) throws -> [[Double]] {
        try read("duplicates.csv", CSVReadOptions(duplicates: policy)).columns.map(\.values)
    }
    let first = try values(.first), last = try values(.last), mean = try values(.mean)
    #expect(first[0] == [1, 2, 5])
    #expect(first[1][0] == 10 && first[1][1].isNaN && first[1][2] == 60)
    #expect(last[0][0] == 1 && last[0][1].isNaN && last[0][2] == 5)
    #expect(last[1] == [10, 50, 60])
    #expect(mean == [[1, 3, 5], [10, 40, 60]])   // (2 + 4) / 2, the missing a skipped; (30 + 50) / 2
    #expect(try read("duplicates.csv", CSVReadOptions(duplicates: .mean)).notes
        == ["2 rows repeating a timestamp merged (--duplicates mean): 5 rows read, 3 kept"])
}

@Test func newestFirstFileWithThousandsIsReversed() throws {
    var options = CSVReadOptions()
    options.thousands = ","
    let series = try read("thousands_newest_first.csv", options)
    #expect(series.timestamps.map(\.secondsSinceEpoch) == [foundationSeconds(2017, 11, 9), foundationSeconds(2017, 11, 10)])
}

// MARK: Local time (--timezone)

private let chicago = TimeZone(identifier: "America/Chicago")!

@Test func localTimesAreConvertedByTheZoneRulesWithTheRepeatedHourInFileOrder() throws {
    let series = try read("local_chicago.csv", CSVReadOptions(timeZone: chicago))
    // CDT is UTC-5 until 2012-11-04 02:00 local, then CST UTC-6; CDT again from 2013-03-10 03:00.
    #expect(series.timestamps.map(\.secondsSinceEpoch)
        == [foundationSeconds(2012, 11, 4, 5), foundationSeconds(2012, 11, 4, 6), foundationSeconds(2012, 11, 4, 7),
            foundationSeconds(2012, 11, 4, 8), foundationSeconds(2013, 3, 10, 7), foundationSeconds(2013, 3, 10, 8)])
    #expect(series.timeZoneName == "America/Chicago")
    #expect(series.notes == ["local times read in America/Chicago; 2 daylight-saving changes (2012-11-04T01:00:00-06:00, "
        + "2013-03-10T03:00:00-05:00); 2 rows in repeated hours placed in file order"])
    // Without --timezone the clock is kept as written (and the repeated hour is a duplicate).
    #expect(message("local_chicago.csv").contains("repeats the previous row's"))
}

@Test func aTimeInTheSkippedHourIsRefusedNamingTimezone() {
    let p = csvFixture("local_skipped_hour.csv")
    #expect(message("local_skipped_hour.csv", CSVReadOptions(timeZone: chicago)) == "\(p):3:1: 2013-03-10T02:30:00 in "
        + "column \"time\" never happened in America/Chicago (--timezone): clocks skipped that hour; expected a time that "
        + "exists there (is the file in another zone, or in UTC without a Z? then drop --timezone or give the right one)")
}

@Test func datesAloneAreNotShiftedByATimezone() throws {
    let series = try read("us_dates.csv", CSVReadOptions(timeZone: chicago))
    #expect(series.timestamps.first?.secondsSinceEpoch == foundationSeconds(2019, 12, 30))
    #expect(series.timeZoneName == nil)
    #expect(series.timesAreNaive)
}

@Test func timesWithoutAZoneAreNaiveAndTimesWithOneAreNot() throws {
    // No offset, no zone, no --timezone: naive, kept as written.
    let naive = try read("naive_times.csv")
    #expect(naive.timesAreNaive && naive.timeZoneName == nil)
    #expect(naive.timestamps.first?.secondsSinceEpoch == foundationSeconds(2013, 12, 30, 19))
    #expect(try read("year_month.csv").timesAreNaive)
    // A zone in the cells, epoch times, or --timezone: moments, not naive.
    #expect(try !read("zone_names.csv").timesAreNaive)
    #expect(try !read("epoch_named.csv").timesAreNaive)
    let local = try read("local_chicago.csv", CSVReadOptions(timeZone: chicago))
    #expect(!local.timesAreNaive && local.timeZoneName == "America/Chicago")
    // Kept when rows are cut.
    #expect(naive.rows(0..<1).timesAreNaive)
}

@Test func zoneAbbreviationsAndNamesInCellsAreRead() throws {
    let series = try read("zone_names.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch)
        == [foundationSeconds(2010, 1, 1, 8), foundationSeconds(2010, 7, 1, 8), foundationSeconds(2010, 7, 2, 6)])
}

@Test func anAmbiguousAbbreviationNeedsTimezone() throws {
    let p = csvFixture("zone_ambiguous.csv")
    #expect(message("zone_ambiguous.csv") == "\(p):2:1: cannot read the zone of \"2010-01-01 00:00:00 CST\" in column "
        + "\"time\": CST stands for more than one zone; expected an unambiguous abbreviation (PST, CET, UTC, …), an IANA "
        + "name (America/Chicago), or --timezone with the file's IANA zone")
    let series = try read("zone_ambiguous.csv", CSVReadOptions(timeZone: chicago))
    #expect(series.timestamps.map(\.secondsSinceEpoch) == [foundationSeconds(2010, 1, 1, 6), foundationSeconds(2010, 7, 1, 5)])
}

@Test func localTimeZoneRulesListRepeatedAndSkippedMoments() {
    let local = LocalTime(zone: chicago)
    #expect(local.moments(ofLocal: Timestamp(year: 2012, month: 11, day: 4, hour: 1, minute: 30)).map(\.secondsSinceEpoch)
        == [foundationSeconds(2012, 11, 4, 6, 30), foundationSeconds(2012, 11, 4, 7, 30)])
    #expect(local.moments(ofLocal: Timestamp(year: 2013, month: 3, day: 10, hour: 2, minute: 30)).isEmpty)
    #expect(local.moments(ofLocal: Timestamp(year: 2013, month: 7, day: 1)).map(\.secondsSinceEpoch) == [foundationSeconds(2013, 7, 1, 5)])
}

@Test func eightDigitDatesAreYYYYMMDDNotEpochSeconds() throws {
    let series = try read("compact_dates.csv")
    #expect(series.timestamps.map(\.secondsSinceEpoch)
        == [foundationSeconds(2020, 1, 30), foundationSeconds(2020, 1, 31), foundationSeconds(2020, 2, 3)])
    #expect(series.notes == ["time column \"date\" read as YYYYMMDD"])
    // Epoch seconds of more digits stay epoch seconds.
    #expect(try read("epoch_named.csv").notes == ["time column \"time\" read as Unix epoch seconds"])
}

@Test func epochTimesOutsideTheYears0000To9999AreRefusedNotOverflowedLater() {
    // 9e18 seconds is 285 billion years: differences with it would overflow Int64 in gap counting.
    let p = csvFixture("epoch_out_of_range.csv")
    #expect(message("epoch_out_of_range.csv").hasPrefix("\(p):3:1: cannot read \"9000000000000000000\" as a timestamp "
        + "in column \"timestamp\"; expected Unix epoch seconds, as the first row holds"))
    #expect(TimestampParser.parse("253402300799", allowEpochSeconds: true) != nil)   // 9999-12-31T23:59:59Z
    #expect(TimestampParser.parse("253402300800", allowEpochSeconds: true) == nil)
    #expect((try? TimestampFormat("%s"))?.parse("-62167219201") == nil)
}
