#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastModels
import ForecastReports
import Foundation

/// Reads HDF5 files in a separate process first, so that a damaged file cannot crash `forecast`.
///
/// libhdf5 1.10.8 (Debian's) crashes with SIGSEGV, reads out of bounds or asks for 14 GB on some
/// damaged files (`Fuzz/open/README.md`), inside the library where nothing on our side can check
/// first. So before the CLI reads an HDF5 file in-process, ``check(_:path:dataset:modelFirst:)``
/// runs the hidden `forecast check-hdf5` on it (``CheckHDF5Command``: the same read, under a
/// memory and CPU bound it sets on itself) and:
/// - the child exits 0: returns, and the caller reads the file itself as before (the same calls on
///   the same bytes; only a read that depends on memory layout, such as libhdf5's out-of-bounds
///   reads of damaged object headers, could end otherwise in the parent, and every such input the
///   fuzzers found makes the child fail or crash, so the parent never reads it);
/// - the child exits with an error: throws that error line and status as the parent's own, without
///   reading the file in-process (the read may be one that allocates 14 GB);
/// - the child is killed by a signal: throws one line naming the file and the signal, status 65.
///
/// One child per HDF5 file read: 40–90 ms added per model file or small series (medians against the
/// same build without it, debug build, loaded machine; the README's "Damaged HDF5 files").
/// CSV files are read as before, in-process. The library (`ForecastIO`, `ForecastModels`) stays
/// in-process and spawns nothing: its API still crashes on these files.
enum IsolatedRead {
    /// The reads the CLI makes of HDF5 files, each exactly as the command makes it.
    enum Kind: String, CaseIterable, ExpressibleByArgument, Sendable {
        /// `HDF5Reader().read(path:dataset:)`: a series input (`SeriesLoader` on an HDF5 file).
        case series
        /// `ModelFile.load`: `forecast export`, `predict --model` with several series.
        case model
        /// `KerasModelImporter.load`: a Keras `.keras` zip (its `model.weights.h5`) or legacy `.h5`.
        case keras
        /// `CollectionBacktestShardReport(reading:)`: a shard file of `forecast merge`.
        case shard

        /// The read itself, in this process; with `modelFirst`, first `ModelFile.isModelFile` and,
        /// for a model file of ours, the model read instead (what `ModelLoader.load` and
        /// `--scaler-from` do). A model file is read as `predict --model` reads it: its baseline
        /// (`ModelFile.loadBaseline`), else its network (`ModelFile.load`); a file of per-series models
        /// as `ModelFile.loadSeriesModels` reads it.
        func read(path: String, dataset: String?, modelFirst: Bool) throws {
            if modelFirst, ModelFile.isModelFile(path) {
                try Self.readModelFile(path)
                return
            }
            switch self {
            case .series:
                // SeriesLoader reads a file with HDF5 only when it looks like one.
                guard SeriesLoader.format(of: path) == .hdf5 else { return }
                _ = try HDF5Reader().read(path: try InputSource.readablePath(path), dataset: dataset)
            case .model: try Self.readModelFile(path)
            case .keras: _ = try KerasModelImporter.load(path)
            case .shard: _ = try CollectionBacktestShardReport(reading: path)
            }
        }

        /// A model file of ours: its models per series, else the baseline it holds, else its network.
        static func readModelFile(_ path: String) throws {
            if try ModelFile.loadSeriesModels(path) != nil { return }
            if try ModelFile.loadBaseline(path) == nil { _ = try ModelFile.load(path) }
        }

        /// What to do about a file the reader crashed on.
        var remedy: String {
            switch self {
            case .series: return "write it again from its source"
            case .model: return "save the model again with 'forecast train --save'"
            case .keras: return "save the model again (forecast train --save, or Keras' model.save)"
            case .shard: return "run its shard again"
            }
        }
    }

    /// `loader.load(path:)`, an HDF5 file first read in a separate process (CSV files are read as before).
    static func series(_ path: String, loader: SeriesLoader) throws -> TimeSeries {
        if SeriesLoader.format(of: path) == .hdf5 { try check(.series, path: path, dataset: loader.hdf5Dataset) }
        return try loader.load(path: path)
    }

    /// `ModelFile.load(path)`, the file first read in a separate process.
    static func modelFile(_ path: String) throws -> SavedModel {
        try check(.model, path: path)
        return try ModelFile.load(path)
    }

    /// Runs `forecast check-hdf5 --kind kind … path` and returns when it read the file cleanly.
    ///
    /// - Parameters:
    ///   - path: the file as the command reads it; standard input (`-`) is first copied to the
    ///     temporary file the in-process read will use (``InputSource``), and the child reads that.
    ///   - dataset: `--dataset`, for a series.
    ///   - modelFirst: read a model file of ours as ``Kind/model`` whatever `kind` says.
    /// - Throws: ``CommandError`` with the child's error line and status, or naming the file and the
    ///   signal that killed the child (status 65).
    static func check(_ kind: Kind, path: String, dataset: String? = nil, modelFirst: Bool = false) throws {
        let readable = try InputSource.readablePath(path)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"   // a crash is expected here: no report, no delay
        environment["OPENBLAS_NUM_THREADS"] = "1"      // the child computes nothing
        let child = try ChildProcess.run("/proc/self/exe", ["check-hdf5", "--kind", kind.rawValue] + (modelFirst ? ["--model-first"] : [])
                                         + (dataset.map { ["--dataset", $0] } ?? []) + ["--", readable], environment: environment)
        if let signal = child.signal {
            throw CommandError(crashMessage(file: InputSource.displayName(path), signal: signal, kind: kind,
                                            fileSize: CheckHDF5Command.size(of: readable)),
                               status: ExitStatus.dataError)
        }
        let status = child.status ?? ExitStatus.failure
        guard status != 0 else { return }
        let line = child.standardError.split(separator: "\n").last { $0.hasPrefix("error: ") }
        throw CommandError(line.map { String($0.dropFirst("error: ".count)) }
                           ?? "\(InputSource.displayName(path)): reading this HDF5 file failed in a separate process (exit status \(status))",
                           status: status)
    }

    /// The line for a child killed by `signal`.
    static func crashMessage(file: String, signal: Int32, kind: Kind, fileSize: Int) -> String {
        let name = signalNames[signal].map { "signal \(signal), \($0)" } ?? "signal \(signal)"
        if signal == SIGXCPU {
            return "\(file): the HDF5 library was still reading this file after \(CheckHDF5Command.cpuSeconds(fileSize: fileSize)) s of CPU time "
                + "(\(name)); forecast reads HDF5 files in a separate process and stopped it; the file is damaged "
                + "(libhdf5 loops on some damaged files): \(kind.remedy)"
        }
        return "\(file): the HDF5 library crashed reading this file (\(name)); forecast reads HDF5 files in a separate "
            + "process, so nothing else was affected; the file is damaged: \(kind.remedy)"
    }

    private static let signalNames: [Int32: String] = [
        SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
        SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGXCPU: "SIGXCPU",
    ]
}
