import Foundation
import Testing
import _ForecastTestSupport

/// Every HDF5 file the CLI reads is read first in a separate process (`forecast check-hdf5`, under a
/// memory bound): the damaged files on which libhdf5 1.10.8 crashes or asks for 14 GB
/// (`Fuzz/open/`) give one error line naming the file and status 65, never a signal; good files
/// read as before.
@Suite struct HDF5IsolationTests {
    static let open = packageRoot + "/Fuzz/open"
    static let csv = packageRoot + "/Tests/ForecastModelsTests/Fixtures/trained_series.csv"
    static let fixtures = packageRoot + "/Tests/ForecastModelsTests/Fixtures"
    /// A bound on each run: a refusal takes well under a second; an unbounded allocation took up to
    /// 52 s in-process (and a hang forever), so this catches those, not slowness.
    static let timeout: TimeInterval = 120

    static func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: open + "/" + folder)
            .filter { $0.hasPrefix("crash-") || $0.hasPrefix("oom-") }.sorted().map { open + "/" + folder + "/" + $0 }
    }

    /// Exit status 65, no signal, no timeout, and exactly one line, `error: <file>…`.
    func expectOneLine(_ r: CommandResult, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = (file as NSString).lastPathComponent
        #expect(r.signal == nil && !r.timedOut, "\(name): killed by signal \(r.signal ?? 0)", sourceLocation: sourceLocation)
        #expect(r.status == 65, "\(name): status \(r.status): \(r.standardError)", sourceLocation: sourceLocation)
        #expect(r.standardError.split(separator: "\n").count == 1 && r.standardError.hasSuffix("\n"),
                "\(name): \(r.standardError)", sourceLocation: sourceLocation)
        #expect(r.standardError.hasPrefix("error: " + file), "\(name): \(r.standardError)", sourceLocation: sourceLocation)
        #expect(!r.standardError.dropFirst(7).contains("error: "), "\(name): \(r.standardError)", sourceLocation: sourceLocation)
        #expect(r.standardOutput.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func everyOpenModelFileIsRefusedWithOneLineByExportAndPredict() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let files = try Self.files("model")
        #expect(files.count >= 8)
        for file in files {
            expectOneLine(try runForecast(["export", file, "--to", dir.file("m.keras")], timeout: Self.timeout), file: file)
            expectOneLine(try runForecast(["predict", Self.csv, "--model", file], timeout: Self.timeout), file: file)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func everyOpenKerasFileIsRefusedWithOneLineByPredict() throws {
        let files = try Self.files("keras")
        #expect(files.count >= 11)
        for file in files {
            let r = try runForecast(["predict", Self.csv, "--model", file, "--target", "y", "--mean", "0", "--std", "1"],
                                    timeout: Self.timeout)
            expectOneLine(r, file: file)
        }
    }

    /// The reads that crash libhdf5 in any process are named as crashes, with the signal.
    @Test func aCrashInsideLibhdf5IsOneLineNamingTheSignal() throws {
        let model = Self.open + "/model/crash-28071429eda6df8299db4c58ce8b6aca94bd740b"
        let export = try runForecast(["export", model, "--to", "/nonexistent/m.keras"], timeout: Self.timeout)
        expectOneLine(export, file: model)
        #expect(export.standardError == "error: \(model): the HDF5 library crashed reading this file (signal 11, SIGSEGV); forecast "
                + "reads HDF5 files in a separate process, so nothing else was affected; the file is damaged: save the model again "
                + "with 'forecast train --save'\n")
        let keras = Self.open + "/keras/crash-50e3c0d031ebfbcc78379bf819df652dcbd814de"
        let predict = try runForecast(["predict", Self.csv, "--model", keras, "--target", "y", "--mean", "0", "--std", "1"],
                                      timeout: Self.timeout)
        expectOneLine(predict, file: keras)
        #expect(predict.standardError.contains("crashed reading this file (signal 11, SIGSEGV)"), "\(predict.standardError)")
    }

    /// The files on which libhdf5 asked for 14 GB are refused at the separate process's memory bound,
    /// not after grinding through memory.
    @Test func filesThatMadeLibhdf5Allocate14GBAreRefusedAtTheMemoryBound() throws {
        let files = try (Self.files("model") + Self.files("keras")).filter { ($0 as NSString).lastPathComponent.hasPrefix("oom-") }
        #expect(files.count == 5)
        for file in files {
            let r = try runForecast(["predict", Self.csv, "--model", file, "--target", "y", "--mean", "0", "--std", "1"],
                                    timeout: Self.timeout)
            expectOneLine(r, file: file)
            #expect(r.standardError.contains("failed: the HDF5 library asked for more memory than the ")
                    && r.standardError.contains(" MiB forecast allows for reading a file of "), "\(r.standardError)")
        }
    }

    /// A series input (and `--scaler-from`) that crashes libhdf5, given by path or on standard input.
    @Test func aDamagedHDF5SeriesGivesOneLine() throws {
        let damaged = Self.open + "/model/crash-1b36dfdeb5ec077f7bc01f56042bc1a8962ccc68"
        let inspect = try runForecast(["inspect", damaged], timeout: Self.timeout)
        expectOneLine(inspect, file: damaged)
        #expect(inspect.standardError.contains("crashed reading this file (signal 11, SIGSEGV)")
                && inspect.standardError.hasSuffix("the file is damaged: write it again from its source\n"), "\(inspect.standardError)")
        let piped = try runForecast(["inspect", "-"], standardInput: try Data(contentsOf: URL(fileURLWithPath: damaged)),
                                    timeout: Self.timeout)
        #expect(piped.signal == nil && piped.status == 65 && piped.standardError.split(separator: "\n").count == 1, "\(piped.standardError)")
        #expect(piped.standardError.hasPrefix("error: stdin: the HDF5 library crashed"), "\(piped.standardError)")
        let scalerFrom = try runForecast(["predict", Self.csv, "--model", Self.fixtures + "/trained_lstm.keras", "--target", "y",
                                          "--features", "x2", "--scaler-from", damaged], timeout: Self.timeout)
        expectOneLine(scalerFrom, file: damaged)
    }

    @Test func aDamagedShardGivesOneLine() throws {
        let damaged = Self.open + "/model/crash-e1ad935b43b18226af1d887a0f72e32ef1584d49"
        let r = try runForecast(["merge", damaged], timeout: Self.timeout)
        expectOneLine(r, file: damaged)
        #expect(r.standardError.hasSuffix("the file is damaged: run its shard again\n"), "\(r.standardError)")
    }

    /// Good files go through the same separate read and then read in-process as before: a saved
    /// model, its scalers for a Keras model, an HDF5 series by path and on standard input.
    /// (`ModelCommandsTests.savedModelForecastsBitIdenticallyToTraining` pins the forecasts bit for bit.)
    @Test func goodHDF5FilesReadAsBefore() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let small = ["--features", "x2", "--units", "4", "--epochs", "2", "--lookback", "12", "--horizon", "3", "--seed", "5"]
        #expect(try runForecast(["train", Self.csv, "--target", "y"] + small + ["--save", dir.file("m.h5"), "--quiet"]).status == 0)
        let own = try runForecast(["predict", Self.csv, "--model", dir.file("m.h5"), "--json"])
        let keras = try runForecast(["predict", Self.csv, "--model", Self.fixtures + "/trained_lstm.keras", "--target", "y",
                                     "--features", "x2", "--scaler-from", dir.file("m.h5"), "--json"])
        let series = packageRoot + "/Tests/ForecastIOTests/Fixtures/hdf5/xarray_columns.h5"
        let inspect = try runForecast(["inspect", series, "--json"])
        let piped = try runForecast(["inspect", "-", "--json"], standardInput: try Data(contentsOf: URL(fileURLWithPath: series)))
        for r in [own, keras, inspect, piped] {
            #expect(r.status == 0 && r.signal == nil && r.standardError.isEmpty, "\(r.standardError)")
        }
        #expect(inspect.standardOutput.replacingOccurrences(of: series, with: "-") == piped.standardOutput)
    }

    @Test func theCheckSubcommandIsHidden() throws {
        let help = try runForecast(["--help"])
        #expect(help.status == 0 && !help.standardOutput.contains("check-hdf5"))
        let unknown = try runForecast(["chek"])
        #expect(unknown.status == 64 && !unknown.standardError.contains("check-hdf5"), "\(unknown.standardError)")
    }
}
