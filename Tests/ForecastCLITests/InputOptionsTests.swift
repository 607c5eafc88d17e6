import Foundation
import Testing
import _ForecastTestSupport

/// The input options of every command that reads a series (issue 12), through the `forecast` binary:
/// standard input, gzip, --time-format, --decimal / --thousands, --delimiter, --no-header, newest-first
/// files and --duplicates. Each refusal is one line naming the option that reads the file.
@Suite struct InputOptionsTests {
    let fixtures = packageRoot + "/Tests/ForecastIOTests/Fixtures/csv"

    func run(_ arguments: [String], stdin: Data? = nil) throws -> CommandResult {
        try runForecast(arguments, standardInput: stdin)
    }

    @Test func dashReadsStandardInputAsTheFileItself() throws {
        let file = packageRoot + "/Datasets/weather_seattle_daily.csv"
        let direct = try run(["inspect", file, "--json"])
        let piped = try run(["inspect", "-", "--json"], stdin: try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(piped.status == 0)
        #expect(piped.standardOutput.replacingOccurrences(of: "\"file\" : \"-\"", with: "\"file\" : \"\(file)\"")
            == direct.standardOutput)
    }

    @Test func devStdinIsNotShortOfItsFirstBytes() throws {
        let piped = try run(["inspect", "/dev/stdin"], stdin: Data("date,close\n2020-01-01,1\n2020-01-02,2\n".utf8))
        #expect(piped.status == 0)
        #expect(piped.standardOutput.contains("time column  date"))
    }

    @Test func gzipOnStandardInputIsDecompressed() throws {
        let gz = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/pipe.csv.gz"))
        let r = try run(["inspect", "-"], stdin: gz)
        #expect(r.status == 0)
        #expect(r.standardOutput.hasPrefix("- (CSV, 2 rows)"))
        #expect(r.standardOutput.contains("close"))
    }

    @Test func hdf5OnStandardInputIsReadAsHDF5() throws {
        let file = packageRoot + "/Tests/ForecastIOTests/Fixtures/hdf5/h5py_columns.h5"
        let direct = try run(["inspect", file])
        let piped = try run(["inspect", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput.hasPrefix("- (HDF5, "))
        #expect(piped.standardOutput.split(separator: "\n").dropFirst() == direct.standardOutput.split(separator: "\n").dropFirst())
    }

    @Test func errorsInStandardInputNameStdin() throws {
        let r = try run(["inspect", "-"], stdin: Data("date,close\n2020-01-01,1\n2020-01-02,n.a.\n".utf8))
        #expect(r.status == 65)
        #expect(r.standardError.hasPrefix("error: stdin:3:2: cannot read \"n.a.\""))
    }

    @Test func predictStampsTheDigestOfStandardInput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var text = "date,y\n"
        for d in 0..<60 { text += "2020-\(String(format: "%02d", d / 28 + 1))-\(String(format: "%02d", d % 28 + 1)),\(d % 7)\n" }
        try dir.write(text, to: "in.csv")
        let r = try runForecast(["predict", "-", "--target", "y", "--units", "4", "--epochs", "1", "--lookback", "4",
                                 "--horizon", "2", "--json", "--quiet", "--validation-fraction", "0.2"],
                                in: dir.path, standardInput: Data(text.utf8))
        #expect(r.status == 0, "\(r.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any]
        let stamp = doc?["stamp"] as? [String: Any]
        #expect(stamp?["input"] as? String == "-")
        #expect(stamp?["input_sha256"] as? String == sha256Hex(Array(text.utf8)))
    }

    @Test func timeFormatReadsALayoutDetectionRefuses() throws {
        let refused = try run(["inspect", fixtures + "/month_names.csv"])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("--time-format") && refused.standardError.split(separator: "\n").count == 1)
        let read = try run(["inspect", fixtures + "/month_names.csv", "--time-format", "%d %b %Y %I:%M %p"])
        #expect(read.status == 0)
        #expect(read.standardOutput.contains("2020-01-31T09:30:00 .. 2020-02-03T16:00:00"))
    }

    @Test func decimalAndThousandsOptionsReadAGermanFile() throws {
        let refused = try run(["inspect", fixtures + "/decimal_comma.csv"])
        #expect(refused.status == 65)
        #expect(refused.standardError.hasSuffix("give --decimal , to read decimal commas\n"))
        let read = try run(["inspect", fixtures + "/decimal_comma.csv", "--decimal", ",", "--thousands", "."])
        #expect(read.status == 0)
        #expect(read.standardOutput.contains("Niederschlag"))
        #expect(read.standardOutput.contains("1234.5"))
    }

    @Test func headerlessFileIsReadWithNoHeader() throws {
        let refused = try run(["inspect", fixtures + "/no_header.csv"])
        #expect(refused.status == 65 && refused.standardError.contains("--no-header"))
        let read = try run(["inspect", fixtures + "/no_header.csv", "--no-header"])
        #expect(read.status == 0)
        #expect(read.standardOutput.contains("time column  col1"))
        #expect(read.standardOutput.contains("col3"))
    }

    @Test func pipeDelimiterIsDetectedAndMayBeGiven() throws {
        let r = try run(["inspect", fixtures + "/pipe.csv", "--delimiter", "|"])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("open"))
    }

    @Test func newestFirstFileIsReadWithANoteInInspectAndInTheStamp() throws {
        let r = try run(["inspect", fixtures + "/newest_first.csv", "--json"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any]
        #expect(doc?["notes"] as? [String] == ["rows were newest first (times decrease down the file); read in time order"])
        #expect(doc?["start"] as? String == "2020-01-01T00:00:00")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var text = "date,y\n"
        for d in (0..<40).reversed() { text += "\(2000 + d)-01-01,\(d % 5)\n" }
        try dir.write(text, to: "in.csv")
        let p = try runForecast(["backtest", "in.csv", "--target", "y", "--models", "naive", "--horizon", "2", "--folds", "2",
                                 "--json", "--quiet"], in: dir.path)
        #expect(p.status == 0, "\(p.standardError)")
        let bt = try JSONSerialization.jsonObject(with: Data(p.standardOutput.utf8)) as? [String: Any]
        #expect((bt?["stamp"] as? [String: Any])?["input_notes"] as? [String]
            == ["rows were newest first (times decrease down the file); read in time order"])
    }

    @Test func duplicatesOptionMergesRepeatedTimestamps() throws {
        let refused = try run(["inspect", fixtures + "/duplicates.csv"])
        #expect(refused.status == 65)
        let read = try run(["inspect", fixtures + "/duplicates.csv", "--duplicates", "mean"])
        #expect(read.status == 0)
        #expect(read.standardOutput.contains("2 rows repeating a timestamp merged (--duplicates mean): 5 rows read, 3 kept"))
        let bad = try run(["inspect", fixtures + "/duplicates.csv", "--duplicates", "median"])
        #expect(bad.status == 64 && bad.standardError.contains("--duplicates"))
    }

    @Test func timezoneKeepsTheLocalOffsetInEveryOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Hourly local times across the 2012-11-04 change (01:00 twice), 120 rows.
        var text = "time,y\n"
        var utc = Date(timeIntervalSince1970: 1_351_814_400)   // 2012-11-02T00:00:00Z
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(identifier: "America/Chicago")
        local.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for i in 0..<120 {
            text += local.string(from: utc) + ",\(i % 24)\n"
            utc.addTimeInterval(3600)
        }
        try dir.write(text, to: "local.csv")
        let inspect = try runForecast(["inspect", "local.csv", "--timezone", "America/Chicago", "--json"], in: dir.path)
        #expect(inspect.status == 0, "\(inspect.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any]
        #expect(doc?["start"] as? String == "2012-11-01T19:00:00-05:00")
        #expect(doc?["end"] as? String == "2012-11-06T17:00:00-06:00")   // 119 hours after 19:00 CDT
        #expect(doc?["gap_count"] as? Int == 0)
        let predict = try runForecast(["predict", "local.csv", "--timezone", "America/Chicago", "--target", "y", "--units", "4",
                                       "--epochs", "1", "--horizon", "2", "--lookback", "4", "--json", "--plot", "p.svg"],
                                      in: dir.path)
        #expect(predict.status == 0, "\(predict.standardError)")
        let forecast = try JSONSerialization.jsonObject(with: Data(predict.standardOutput.utf8)) as? [String: Any]
        let times = (forecast?["points"] as? [[String: Any]])?.compactMap { $0["timestamp"] as? String }
        #expect(times == ["2012-11-06T18:00:00-06:00", "2012-11-06T19:00:00-06:00"])
        let svg = try String(contentsOfFile: dir.file("p.svg"), encoding: .utf8)
        #expect(svg.contains("time (America/Chicago)"))
    }

    /// Hourly rows from 2013-12-25T00:00 with `suffix` after each time (`""` naive, `"Z"` UTC).
    func hourly(_ suffix: String, rows: Int = 120) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        var text = "time,y\n"
        for i in 0..<rows {
            text += format.string(from: Date(timeIntervalSince1970: 1_387_929_600 + Double(i * 3600))) + suffix + ",\(i % 24)\n"
        }
        return text
    }

    @Test func naiveTimesArePrintedWithoutAZoneInEveryOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(hourly(""), to: "naive.csv")
        try dir.write(hourly("Z"), to: "utc.csv")
        let common = ["--target", "y", "--units", "4", "--epochs", "1", "--horizon", "2", "--lookback", "4", "--json"]
        let naive = try runForecast(["predict", "naive.csv", "--from", "2013-12-25T10:00", "--output", "out.csv",
                                     "--plot", "p.svg"] + common, in: dir.path)
        #expect(naive.status == 0, "\(naive.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(naive.standardOutput.utf8)) as? [String: Any]
        let times = (doc?["points"] as? [[String: Any]])?.compactMap { $0["timestamp"] as? String }
        #expect(times == ["2013-12-30T00:00:00", "2013-12-30T01:00:00"])
        let csv = try String(contentsOfFile: dir.file("out.csv"), encoding: .utf8)
        #expect(csv.contains("2013-12-30T00:00:00,") && !csv.contains("2013-12-30T00:00:00Z"))
        let stamp = try String(contentsOfFile: dir.file("out.csv.stamp.json"), encoding: .utf8)
        #expect(stamp.contains("\"command\" : \"predict\"") && !stamp.contains(":00Z"))
        let svg = try String(contentsOfFile: dir.file("p.svg"), encoding: .utf8)
        #expect(svg.contains(">local time<") && !svg.contains("time (UTC)"))
        let inspect = try runForecast(["inspect", "naive.csv"], in: dir.path)
        #expect(inspect.standardOutput.contains("time range   2013-12-25T00:00:00 .. 2013-12-29T23:00:00\n"))
        // Times with a Z keep it.
        let utc = try runForecast(["predict", "utc.csv", "--plot", "q.svg"] + common, in: dir.path)
        #expect(utc.status == 0, "\(utc.standardError)")
        let utcDoc = try JSONSerialization.jsonObject(with: Data(utc.standardOutput.utf8)) as? [String: Any]
        #expect((utcDoc?["points"] as? [[String: Any]])?.first?["timestamp"] as? String == "2013-12-30T00:00:00Z")
        #expect(try String(contentsOfFile: dir.file("q.svg"), encoding: .utf8).contains("time (UTC)"))
    }

    @Test func fromAndToAreReadInTheFilesZone() throws {
        let local = fixtures + "/local_chicago.csv"
        // 01:00 on 2012-11-04 happened twice in Chicago: --from takes the first, --to the second.
        let r = try run(["inspect", local, "--timezone", "America/Chicago", "--from", "2012-11-04T01:00", "--to", "2012-11-04T01:00"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("time range   2012-11-04T01:00:00-05:00 .. 2012-11-04T01:00:00-06:00\n"))
        // An explicit offset is honoured: 07:00Z is 01:00 CST.
        let offset = try run(["inspect", local, "--timezone", "America/Chicago", "--from", "2013-03-10T07:00:00Z"])
        #expect(offset.standardOutput.contains("time range   2013-03-10T01:00:00-06:00 .. 2013-03-10T03:00:00-05:00\n"))
        let skipped = try run(["inspect", local, "--timezone", "America/Chicago", "--from", "2013-03-10T02:30"])
        #expect(skipped.status == 64)
        #expect(skipped.standardError == "error: --from 2013-03-10T02:30 never happened in America/Chicago (the clocks "
            + "skipped it); expected a local time that exists there, or one with an offset (2013-03-10T02:30:00-06:00)\n")
    }

    @Test func fromAfterToIsAUsageErrorNamingBothMoments() throws {
        let r = try run(["inspect", fixtures + "/local_chicago.csv", "--timezone", "America/Chicago",
                         "--from", "2013-03-10T03:00", "--to", "2013-03-10T07:00:00Z"])
        #expect(r.status == 64)
        #expect(r.standardError == "error: --from 2013-03-10T03:00 (2013-03-10T03:00:00-05:00) is after --to "
            + "2013-03-10T07:00:00Z (2013-03-10T01:00:00-06:00); expected --from before --to\n")
    }

    @Test func currencyAndPercentOptionsReadPricesAndShares() throws {
        let file = fixtures + "/currency_thousands.csv"
        let refused = try run(["inspect", file])
        #expect(refused.status == 65)
        #expect(refused.standardError == "error: \(file):2:2: cannot read \"$1,234.50\" as a number in column \"price\"; "
            + "expected a decimal number with a . decimal point and no grouping; give --currency '$' to drop the currency "
            + "sign, and --thousands , to read \",\" as a thousands separator\n")
        let read = try run(["inspect", file, "--currency", "$", "--thousands", ",", "--percent", "--json"])
        #expect(read.status == 0, "\(read.standardError)")
        let doc = try JSONSerialization.jsonObject(with: Data(read.standardOutput.utf8)) as? [String: Any]
        let columns = doc?["columns"] as? [[String: Any]]
        #expect(columns?.first?["max"] as? Double == 1234.5 && columns?.first?["min"] as? Double == -12)
        #expect(columns?.last?["max"] as? Double == 13)
        let bad = try run(["inspect", file, "--currency", "1"])
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("--currency \"1\": expected a currency symbol"))
    }

    @Test func unknownTimezoneIsAUsageError() throws {
        let r = try run(["inspect", fixtures + "/pipe.csv", "--timezone", "CST"])
        #expect(r.status == 64)
        #expect(r.standardError == "error: The value 'CST' is invalid for '--timezone <zone>': expected an IANA time-zone "
            + "name such as America/Chicago, Europe/Berlin or UTC; see --help\n")
    }

    @Test func sameDecimalAndThousandsSeparatorIsAUsageError() throws {
        let r = try run(["inspect", fixtures + "/pipe.csv", "--decimal", ",", "--thousands", ","])
        #expect(r.status == 64)
        #expect(r.standardError == "error: --decimal , and --thousands , are the same; expected two different separators; see --help\n")
    }
}

/// SHA-256 through coreutils, independent of our digest.
private func sha256Hex(_ bytes: [UInt8]) -> String {
    let dir = try! TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path + "/b"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let r = try! runProcess("/usr/bin/sha256sum", [path])
    return String(r.standardOutput.prefix(64))
}
