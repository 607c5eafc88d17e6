import ForecastCore
import Foundation

/// Loads a ``TimeSeries`` from a CSV or HDF5 file, choosing the reader from the file itself.
///
/// A file that starts with HDF5's signature, or whose name ends in `.h5`, `.hdf5`, `.he5` or `.nc`,
/// is read by ``HDF5Reader`` (so a text file named `.h5` gets HDF5's "not an HDF5 file" error);
/// anything else by ``CSVReader`` (which also reads gzip-compressed text). `-` reads standard input,
/// copied once to a temporary file (``InputSource``), so a pipe works as a file does.
///
/// ```swift
/// let series = try SeriesLoader().load(path: "Datasets/traffic_i94_hourly.csv")
/// ```
public struct SeriesLoader: Sendable {
    /// Options for CSV files (delimiter, time column, order check).
    public var csv: CSVReadOptions
    /// HDF5 dataset or group to read (`--dataset`); `nil` picks the only candidate.
    public var hdf5Dataset: String?

    public init(csv: CSVReadOptions = CSVReadOptions(), hdf5Dataset: String? = nil) {
        self.csv = csv
        self.hdf5Dataset = hdf5Dataset
    }

    /// The format a path will be read as.
    public enum Format: String, Sendable { case csv, hdf5 }

    /// Decides the format from the first 8 bytes, then the extension.
    public static func format(of given: String) -> Format {
        let path = (try? InputSource.readablePath(given)) ?? given
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
            if let head = try? handle.read(upToCount: 8), Array(head) == signature { return .hdf5 }
        }
        let ext = (given as NSString).pathExtension.lowercased()
        return ["h5", "hdf5", "he5", "nc"].contains(ext) ? .hdf5 : .csv
    }

    /// Reads the series at `path`.
    /// - Throws: ``CSVError`` or ``HDF5Error`` naming the file and where in it; for HDF5 files read with
    ///   `csv.requireIncreasingTime`, ``SeriesLoadError/disorder(path:problem:)``.
    public func load(path: String) throws -> TimeSeries {
        switch Self.format(of: path) {
        case .csv:
            return try CSVReader(options: csv).read(path: path)
        case .hdf5:
            let series = try HDF5Reader().read(path: try InputSource.readablePath(path), dataset: hdf5Dataset)
            // Many series (layout D): each series' own times are checked when it is split off.
            if csv.requireIncreasingTime, series.rowIDs == nil, let problem = series.orderProblems().first {
                throw SeriesLoadError.disorder(path: path, problem: problem)
            }
            return series
        }
    }
}

/// Load errors that neither reader raises itself.
public enum SeriesLoadError: Error, Equatable, CustomStringConvertible {
    case disorder(path: String, problem: OrderProblem)

    public var description: String {
        switch self {
        case let .disorder(path, problem):
            return "\(path): \(TimeSeriesError.disorder(problem).description)"
        }
    }
}
