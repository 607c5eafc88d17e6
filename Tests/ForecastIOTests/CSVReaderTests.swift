import ForecastCore
import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

/// Path of a hand-written fixture in `Tests/ForecastIOTests/Fixtures/csv/`.
func csvFixture(_ name: String) -> String {
    (packageRoot as NSString).appendingPathComponent("Tests/ForecastIOTests/Fixtures/csv/\(name)")
}

private func read(_ name: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> TimeSeries {
    try CSVReader(options: options).read(path: csvFixture(name))
}

// MARK: Shipped data sets: row and missing counts from /work/shared/datasets/README.md

struct DataSetExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var rows: Int
    var timeColumn: String
    var first: Timestamp
    var last: Timestamp
    var missing: [String: Int]   // columns not listed have none missing
    var testDescription: String { file }
}

let shippedDataSets: [DataSetExpectation] = [
    DataSetExpectation(file: "stock_msft_daily.csv", rows: 7_983, timeColumn: "date",
                       first: Timestamp(year: 1986, month: 3, day: 13), last: Timestamp(year: 2017, month: 11, day: 10),
                       missing: [:]),
    DataSetExpectation(file: "stock_djia_daily.csv", rows: 37_931, timeColumn: "date",
                       first: Timestamp(year: 1885, month: 2, day: 16), last: Timestamp(year: 2023, month: 11, day: 21),
                       missing: [:]),
    DataSetExpectation(file: "weather_nyc_jfk_hourly_2013.csv", rows: 8_706, timeColumn: "timestamp",
                       first: Timestamp(year: 2013, month: 1, day: 1, hour: 6),
                       last: Timestamp(year: 2013, month: 12, day: 30, hour: 23),
                       missing: ["pressure_mbar": 831, "wind_dir_deg": 51, "wind_speed_mph": 3,
                                 "temp_f": 1, "dewpoint_f": 1, "humidity_pct": 1]),
    DataSetExpectation(file: "weather_seattle_daily.csv", rows: 1_461, timeColumn: "date",
                       first: Timestamp(year: 2012, month: 1, day: 1), last: Timestamp(year: 2015, month: 12, day: 31),
                       missing: [:]),
    DataSetExpectation(file: "traffic_i94_hourly.csv", rows: 40_575, timeColumn: "timestamp",
                       first: Timestamp(year: 2012, month: 10, day: 2, hour: 9),
                       last: Timestamp(year: 2018, month: 9, day: 30, hour: 23),
                       missing: ["temp_k": 10, "rain_1h_mm": 1]),
]

@Test(arguments: shippedDataSets)
func shippedDataSetLoadsWithDocumentedRowsAndMissingCounts(_ expected: DataSetExpectation) throws {
    let series = try CSVReader().read(path: datasetPath(expected.file))
    #expect(series.count == expected.rows)
    #expect(series.timeColumnName == expected.timeColumn)
    #expect(series.timestamps.first == expected.first)
    #expect(series.timestamps.last == expected.last)
    #expect(series.textColumnNames.isEmpty)
    #expect(series.orderProblems().isEmpty)
    for column in series.columns {
        #expect(column.missingCount == expected.missing[column.name, default: 0], "column \(column.name)")
    }
    for name in expected.missing.keys { #expect(series.columnNames.contains(name)) }
}

@Test func jfkFirstRowValuesAreReadExactly() throws {
    let series = try CSVReader().read(path: datasetPath("weather_nyc_jfk_hourly_2013.csv"))
    // First data row: 2013-01-01T06:00:00,39.02,26.06,59.37,260,12.658579999999999,0.0,1012.6,10.0
    #expect(series.columns.map { $0.values[0] } == [39.02, 26.06, 59.37, 260, 12.658579999999999, 0.0, 1012.6, 10.0])
}

// MARK: Delimiters, quoting, layout

@Test func detectsSemicolonDelimiterAndDottedDates() throws {
    let series = try read("semicolon.csv")
    #expect(series.timeColumnName == "Datum")
    #expect(series.columnNames == ["Wert", "Menge"])
    #expect(series.timestamps == [Timestamp(year: 2020, month: 1, day: 1, hour: 6), Timestamp(year: 2020, month: 1, day: 2, hour: 6)])
    #expect(series.columns[0].values == [1.5, 2.5])
    #expect(series.columns[1].values[0] == 3 && series.columns[1].values[1].isNaN)
}

@Test func detectsTabDelimiterAndZuluTimes() throws {
    let series = try read("tab.tsv")
    #expect(series.columnNames == ["x", "y"])
    #expect(series.timestamps == [Timestamp(year: 2020, month: 1, day: 1), Timestamp(year: 2020, month: 1, day: 1, hour: 1)])
    #expect(series.columns[1].values == [2, 4])
}

@Test func givenDelimiterOverridesDetection() throws {
    // Read a semicolon file as comma-separated: the whole line is one column, with no time column.
    #expect(throws: CSVError.self) { try read("semicolon.csv", CSVReadOptions(delimiter: ",")) }
    let series = try read("semicolon.csv", CSVReadOptions(delimiter: ";"))
    #expect(series.count == 2)
}

@Test func readsQuotedFieldsCRLFAndByteOrderMark() throws {
    let series = try read("quoting.csv")
    #expect(series.timeColumnName == "date")   // BOM skipped, quotes removed
    #expect(series.columnNames == ["a \"quoted\" name"])
    #expect(series.textColumnNames == ["note, with comma"])
    #expect(series.columns[0].values == [1.5, 2.5])   // "2.5" quoted is still a number
    #expect(series.timestamps.count == 2)
}

@Test func quotedFieldsMayHoldLineBreaksAndKeepLineNumbers() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("date,note,x\n2020-01-01,\"a\nb\nc\",1\n2020-01-02,plain,oops\n", to: "multi.csv")
    // The second data row starts on line 5 (lines 2–4 hold the first row).
    #expect(throws: CSVError.badNumber(path: path, line: 5, column: 3, name: "x", text: "oops")) {
        try CSVReader().read(path: path)
    }
}

@Test func skipsCommentLinesBeforeHeaderAndBlankLines() throws {
    let path = csvFixture("detected_time_and_text.csv")
    let series = try CSVReader().read(path: path)
    #expect(series.timeColumnName == "when")          // detected from the first data row
    #expect(series.columnNames == ["temp"])
    #expect(series.textColumnNames == ["station", "weather"])
    #expect(series.columns[0].values[0...1] == [39.0, 38.5])
    #expect(series.columns[0].values[2].isNaN)
    #expect(try CSVReader().readComments(path: path) == ["forecast 0.1.0", "input sha256 abc"])
}

@Test func recognizesEveryMissingMarkerInAnyCase() throws {
    let series = try read("missing_markers.csv")
    #expect(series.textColumnNames.isEmpty)
    #expect(series.columns.map { $0.values[0].isNaN } == Array(repeating: true, count: 8))
    #expect(series.columns[0].values[1] == 1)
    #expect(series.columns[5].values[1] == 2)
    #expect(series.columns[7].values[1] == 3)
    #expect(series.columns.map(\.missingCount) == [1, 2, 2, 2, 2, 1, 2, 1])
}

@Test func readsEpochSecondsInNamedOrGivenTimeColumn() throws {
    let expected = [Timestamp(year: 2013, month: 1, day: 1, hour: 6), Timestamp(year: 2013, month: 1, day: 1, hour: 7)]
    #expect(try read("epoch_named.csv").timestamps == expected)
    #expect(try read("epoch_given.csv", CSVReadOptions(timeColumn: "epoch_time")).timestamps == expected)
}

@Test func givenTimeColumnMatchesCaseInsensitively() throws {
    #expect(try read("semicolon.csv", CSVReadOptions(timeColumn: "datum")).timeColumnName == "Datum")
}

@Test func disorderIsKeptWhenIncreasingTimeIsNotRequired() throws {
    let series = try read("decreasing_timestamp.csv", CSVReadOptions(requireIncreasingTime: false))
    #expect(series.orderProblems().map(\.kind) == [.decreasing])
}

@Test func recordsSpanningReadChunksAreParsedWhole() throws {
    // 3 MiB of rows, with quoted multi-line fields, so records straddle the 1 MiB read chunks.
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var text = "time,note,value\n"
    var expected: [Double] = []
    var row = 0
    while text.utf8.count < 3 << 20 {
        let value = Double(row) * 0.25 - 1000
        expected.append(value)
        text += "\(Timestamp(secondsSinceEpoch: Int64(row) * 60).iso8601),\"row \(row)\r\nsaid \"\"hi\"\", ok\",\(value)\r\n"
        row += 1
    }
    let path = try dir.write(text, to: "big.csv")
    let series = try CSVReader().read(path: path)
    #expect(series.count == row)
    #expect(series.columns[0].values == expected)
    #expect(series.textColumnNames == ["note"])
}
