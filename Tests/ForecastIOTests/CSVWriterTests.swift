import ForecastCore
import ForecastIO
import Foundation
import PropertyBased
import Testing
import _ForecastTestSupport

@Test func writesISOTimestampsShortestDoublesAndEmptyCellsForNaN() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let series = TimeSeries(timeColumnName: "date",
                            timestamps: [Timestamp(year: 2013, month: 1, day: 1), Timestamp(year: 2013, month: 1, day: 1, hour: 6)],
                            columns: [Column(name: "a", values: [0.1, .nan]), Column(name: "b, c", values: [-1e-7, 1e300])])
    let path = dir.file("s.csv")
    try CSVWriter(comments: ["forecast 0.1.0", "two\nlines"]).write(series, to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == """
        # forecast 0.1.0
        # two
        # lines
        date,a,"b, c"
        2013-01-01T00:00:00Z,0.1,-1e-07
        2013-01-01T06:00:00Z,,1e+300

        """)
    #expect(try CSVReader().read(path: path) == series)
    #expect(try CSVReader().readComments(path: path) == ["forecast 0.1.0", "two", "lines"])
}

@Test func tableWriterQuotesFieldsThatNeedIt() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("t.csv")
    try CSVWriter(delimiter: ";").write(header: ["#model", "note"], rows: [["lstm", "say \"hi\"; ok"], ["gru", "a\nb"]], to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8)
        == "\"#model\";note\nlstm;\"say \"\"hi\"\"; ok\"\ngru;\"a\nb\"\n")
}

@Test func tableWriterRejectsRaggedRowsAndWritesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("t.csv")
    #expect(throws: CSVWriterError.raggedRow(path: path, row: 2, fields: 1, expected: 2)) {
        try CSVWriter().write(header: ["a", "b"], rows: [["1", "2"], ["3"]], to: path)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(CSVWriterError.raggedRow(path: path, row: 2, fields: 1, expected: 2).description
        == "\(path): row 2 has 1 fields; the header has 2, so every row needs 2")
}

// MARK: Property: written then read gives the same series

/// A value of every kind a column can hold: missing, zero, ordinary, tiny, huge, subnormal, any
/// bit pattern that is finite.
private let values = Gen.oneOf(
    Gen.always(Double.nan),
    Gen.double(in: -1000...1000),
    Gen.double(in: -1e-300...1e-300),
    Gen.double(in: 0...1.7e308),
    Gen.uint64().map { bits in
        let v = Double(bitPattern: bits)
        return v.isFinite ? v : -0.0
    }
)

@Test func writtenThenReadSeriesIsUnchanged() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let steps = Gen.int(in: 1...400_000_000).array(of: 1...40)        // seconds between rows
    let start = Gen.int64(in: -2_208_988_800...4_102_444_800)          // 1900 ... 2100
    let columns = values.array(of: 40).array(of: 0...4)
    await propertyCheck(count: 60, input: start, steps, columns) { start, steps, columnValues in
        var t = start
        var stamps: [Timestamp] = []
        for step in steps where t < 253_402_300_799 - Int64(step) {     // stay before year 10000
            stamps.append(Timestamp(secondsSinceEpoch: t)); t += Int64(step)
        }
        let series = TimeSeries(
            timeColumnName: "time", timestamps: stamps,
            columns: columnValues.enumerated().map { Column(name: "c\($0.offset)", values: Array($0.element.prefix(stamps.count))) })
        let path = dir.file("round-trip.csv")
        do {
            try CSVWriter().write(series, to: path)
            let back = try CSVReader().read(path: path)
            #expect(back == series)
            for (a, b) in zip(back.columns, series.columns) {
                #expect(zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
            }
        } catch {
            Issue.record("\(error)")
        }
    }
}
