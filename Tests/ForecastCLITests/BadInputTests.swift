import Foundation
import Testing
import _ForecastTestSupport

/// Every bad input gives exactly one line on standard error, naming where and what, and a documented
/// non-zero exit status (README, "Exit status").
@Suite struct BadInputTests {
    func inspect(_ contents: String?, name: String = "in.csv", extra: [String] = []) throws -> (CommandResult, String) {
        let dir = try TemporaryDirectory()
        if let contents { try dir.write(contents, to: name) }
        let r = try runForecast(["inspect", name] + extra, in: dir.path)
        dir.remove()
        return (r, r.standardError)
    }

    func expectOneLine(_ r: CommandResult, status: Int32, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, sourceLocation: sourceLocation)
        #expect(r.standardError == "error: " + line + "\n", sourceLocation: sourceLocation)
    }

    @Test func missingFile() throws {
        let (r, _) = try inspect(nil)
        expectOneLine(r, status: 66, "cannot open in.csv: No such file or directory")
    }

    @Test func emptyFile() throws {
        let (r, err) = try inspect("")
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv") && err.contains("empty") && err.split(separator: "\n").count == 1)
    }

    @Test func headerOnlyFile() throws {
        let (r, err) = try inspect("date,close\n")
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv:") && err.contains("no data rows") && err.split(separator: "\n").count == 1)
    }

    @Test func raggedRow() throws {
        let (r, err) = try inspect("date,close\n2020-01-01,1\n2020-01-02,2,3\n")
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv:3") && err.contains("3 fields") && err.split(separator: "\n").count == 1)
    }

    @Test func unparseableNumber() throws {
        let (r, _) = try inspect("date,close\n2020-01-01,1\n2020-01-02,n.a.\n")
        expectOneLine(r, status: 65, #"in.csv:3:2: cannot read "n.a." as a number in column "close"; expected a decimal number, or an empty cell for a missing value"#)
    }

    @Test func unparseableTimestamp() throws {
        let (r, err) = try inspect("date,close\n2020-01-01,1\n2020-13-45,2\n")
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv:3:1:") && err.contains("\"2020-13-45\"") && err.split(separator: "\n").count == 1)
    }

    @Test func duplicateTimestampIsDescribedThenRefused() throws {
        let (r, _) = try inspect("date,close\n2020-01-01,1\n2020-01-01,2\n")
        #expect(r.standardOutput.contains("1 duplicate, 0 decreasing timestamps"))
        expectOneLine(r, status: 65, #"in.csv:3:1: timestamp 2020-01-01T00:00:00 in column "date" repeats the previous row's; timestamps must strictly increase"#)
    }

    @Test func decreasingTimestamp() throws {
        let (r, err) = try inspect("date,close\n2020-01-01,1\n2020-01-03,2\n2020-01-02,3\n")
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv:4:1:") && err.split(separator: "\n").count == 1)
    }

    @Test func unknownTimeColumn() throws {
        let (r, err) = try inspect("date,close\n2020-01-01,1\n", extra: ["--time-column", "when"])
        #expect(r.status == 65)
        #expect(err.hasPrefix("error: in.csv: no column named \"when\"") && err.contains(#""date", "close""#)
            && err.split(separator: "\n").count == 1)
    }

    @Test func textFileNamedH5IsNotHDF5() throws {
        let (r, _) = try inspect("date,close\n", name: "x.h5")
        expectOneLine(r, status: 65, "x.h5: not an HDF5 file; expected an HDF5 file (as written by h5py, xarray's to_netcdf or forecast --output x.h5); read CSV files with a .csv name")
    }

    @Test func hdf5FileWithoutTheNamedDataset() throws {
        let fixture = packageRoot + "/Tests/ForecastIOTests/Fixtures/hdf5"
        let file = try #require(FileManager.default.contentsOfDirectory(atPath: fixture).sorted().first { $0.hasSuffix(".h5") })
        let r = try runForecast(["inspect", "\(fixture)/\(file)", "--dataset", "/nope"])
        #expect(r.status == 65)
        #expect(r.standardError.hasPrefix("error: \(fixture)/\(file):/nope: ") && r.standardError.split(separator: "\n").count == 1)
    }

    @Test func unknownOption() throws {
        let (r, _) = try inspect("date,close\n2020-01-01,1\n", extra: ["--bogus"])
        expectOneLine(r, status: 64, "Unknown option '--bogus'; see --help")
    }

    @Test func badDelimiterOption() throws {
        let (r, _) = try inspect("date,close\n2020-01-01,1\n", extra: ["--delimiter", "ab"])
        expectOneLine(r, status: 64, "The value 'ab' is invalid for '--delimiter <char>': expected one ASCII character "
                      + "other than a quote, CR or LF (',', ';', '|', …), or 'tab' or 'space'; see --help")
    }
}
