import ForecastCore
import ForecastIO
import Testing
import _ForecastTestSupport

/// Reads `name` from the fixtures and returns the error's message, or `nil` when it loads.
private func message(_ name: String, _ options: CSVReadOptions = CSVReadOptions()) -> String? {
    do {
        _ = try CSVReader(options: options).read(path: csvFixture(name))
        return nil
    } catch {
        return error.description
    }
}

@Test func missingFileSaysNoSuchFile() {
    #expect(throws: CSVError.cannotOpen(path: "/nonexistent/prices.csv", reason: "No such file or directory")) {
        try CSVReader().read(path: "/nonexistent/prices.csv")
    }
    #expect(CSVError.cannotOpen(path: "/nonexistent/prices.csv", reason: "No such file or directory").description
        == "cannot open /nonexistent/prices.csv: No such file or directory")
}

@Test func emptyFileIsAnError() {
    let p = csvFixture("empty.csv")
    #expect(message("empty.csv") == "\(p): the file is empty; expected a header row naming the columns, then data rows")
}

@Test func headerOnlyFileIsAnError() {
    let p = csvFixture("header_only.csv")
    #expect(message("header_only.csv")
        == "\(p):1: the file has a header but no data rows; expected at least one row after the header")
}

@Test func raggedRowNamesFieldCounts() {
    let p = csvFixture("ragged.csv")
    #expect(message("ragged.csv") == "\(p):3: line 3 has 4 fields; the header has 3")
}

@Test func csvReaderReportsLineAndColumnOfBadNumber() {
    let p = csvFixture("bad_number.csv")
    #expect(message("bad_number.csv") == "\(p):3:3: cannot read \"n.a.\" as a number in column \"close\"; "
        + "expected a decimal number, or an empty cell for a missing value")
}

@Test func textBeforeNumbersInAColumnIsABadNumberAtTheText() {
    // "-" on line 2 would make the column text, but line 4 holds a number: the column is numeric
    // and "-" is the bad cell.
    let p = csvFixture("text_then_number.csv")
    #expect(message("text_then_number.csv") == "\(p):2:3: cannot read \"-\" as a number in column \"close\"; "
        + "expected a decimal number, or an empty cell for a missing value")
}

@Test func unparseableTimestampListsAcceptedFormats() {
    let p = csvFixture("bad_timestamp.csv")
    #expect(message("bad_timestamp.csv") == "\(p):3:1: cannot read \"2020-02-30\" as a timestamp in column \"date\"; "
        + "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]] or YYYY-MM-DD HH:MM[:SS[.fff]] with an optional "
        + "Z, ±HH:MM or ±HHMM offset, YYYY/MM/DD[ HH:MM[:SS]], YYYY-MM, DD.MM.YYYY[ HH:MM[:SS]], "
        + "MM/DD/YYYY or DD/MM/YYYY, or Unix epoch seconds, milliseconds or microseconds; "
        + "give the layout with --time-format (strptime directives, e.g. \"%m/%d/%Y %H:%M\")")
}

@Test func duplicateTimestampIsAnError() {
    let p = csvFixture("duplicate_timestamp.csv")
    #expect(message("duplicate_timestamp.csv") == "\(p):4:1: timestamp 2020-01-01T01:00:00Z in column \"timestamp\" "
        + "repeats the previous row's; timestamps must strictly increase")
}

@Test func decreasingTimestampIsAnError() {
    let p = csvFixture("decreasing_timestamp.csv")
    #expect(message("decreasing_timestamp.csv") == "\(p):4:1: timestamp 2020-01-01T01:00:00Z in column \"timestamp\" "
        + "comes before the previous row's 2020-01-01T02:00:00Z; timestamps must strictly increase")
}

@Test func unknownTimeColumnListsAvailableColumns() {
    let p = csvFixture("bad_number.csv")
    #expect(message("bad_number.csv", CSVReadOptions(timeColumn: "when"))
        == "\(p): no column named \"when\" to use as the time column; the columns are: \"date\", \"open\", \"close\"")
}

@Test func missingTimeColumnIsAnError() {
    let p = csvFixture("no_time_column.csv")
    #expect(message("no_time_column.csv") == "\(p): no time column found among \"id\", \"value\"; "
        + "name it time, timestamp, date, datetime or ds, or give the time column explicitly")
}

@Test func unterminatedQuoteNamesWhereItOpened() {
    let p = csvFixture("unterminated_quote.csv")
    #expect(message("unterminated_quote.csv") == "\(p):3:3: the quoted field opened here is never closed; "
        + "expected a closing \" (write a quote inside a quoted field as \"\")")
}

@Test func textAfterClosingQuoteIsAnError() {
    let p = csvFixture("text_after_quote.csv")
    #expect(message("text_after_quote.csv") == "\(p):2:3: text follows the closing quote of a field; "
        + "expected a delimiter or the end of the line (write a quote inside a quoted field as \"\")")
}

@Test func duplicateColumnNamesAreAnError() {
    let p = csvFixture("duplicate_columns.csv")
    #expect(message("duplicate_columns.csv") == "\(p):1:4: column name \"a\" is used again (first in column 2); "
        + "expected every column name to be different")
}

@Test func unusableDelimiterIsAnError() {
    let p = csvFixture("bad_number.csv")
    #expect(message("bad_number.csv", CSVReadOptions(delimiter: "\"")) == "\(p): cannot use \"\"\" as the delimiter; "
        + "expected one ASCII character other than a quote, CR or LF, such as \",\", \";\", \"|\" or a tab")
}
