import ForecastCore
import ForecastIO

/// What a command writes with `--output`: the same results as JSON, as a CSV table, or as HDF5, each
/// carrying the reproducibility stamp. Conformers say what goes in each format; ``write(format:to:)``
/// writes it atomically.
protocol CommandReport {
    associatedtype JSONDocument: Encodable
    /// The `--json` document (also what `--output x.json` holds).
    var json: JSONDocument { get }
    var stamp: ReproducibilityStamp { get }
    /// Header and rows of `--output x.csv` (under `# key: value` stamp comments).
    var csvHeader: [String] { get }
    var csvRows: [[String]] { get }
    /// The netCDF-4-compatible layout of `--output x.h5`.
    func hdf5Group() -> HDF5Group
}

extension CommandReport {
    /// Writes the results in `format` to `path` through a temporary file.
    func write(format: OutputOptions.Format, to path: String) throws {
        switch format {
        case .json:
            try AtomicFile.write(text: try JSONOutput.string(json) + "\n", to: path)
        case .csv:
            try CSVWriter(comments: stamp.fields.map { "\($0.key): \($0.value)" }).write(header: csvHeader, rows: csvRows, to: path)
        case .h5:
            try HDF5Writer.write(hdf5Group(), to: path)
        }
    }
}
