import ForecastCore
import ForecastIO

/// What a command writes: the same results as a JSON document, as CSV tables, or as HDF5, each
/// carrying the reproducibility stamp. Conformers say what goes in each format; ``write(format:to:)``
/// writes it, every file through a temporary file and a rename.
public protocol Report {
    associatedtype Document: Encodable
    /// The JSON document (what `--json` prints and `x.json` holds, plus `schema_version`).
    var document: Document { get }
    var stamp: ReproducibilityStamp { get }
    /// The tables of `x.csv`: the main table at `x.csv`, others at `x.<name>.csv`.
    var tables: [CSVTable] { get }
    /// The netCDF-4-compatible layout of `x.h5`.
    func hdf5Group() throws -> HDF5Group
}

/// One CSV file's content: a header and rows of text cells (empty for missing).
public struct CSVTable: Sendable, Equatable {
    /// `nil` for the main table (written at the path given), else the infix of `x.<name>.csv`.
    public var name: String?
    public var header: [String]
    public var rows: [[String]]

    public init(name: String? = nil, header: [String], rows: [[String]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }

    /// Where this table goes when the main table goes to `path`.
    public func path(besides path: String) -> String {
        guard let name else { return path }
        let base = path.lowercased().hasSuffix(".csv") ? String(path.dropLast(4)) : path
        return "\(base).\(name).csv"
    }

    /// A number as a cell: Swift's shortest round-trip form; empty for NaN (pandas reads NaN).
    public static func cell(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "" }
        return value.isFinite ? value.description : (value > 0 ? "inf" : "-inf")
    }
}

extension Report {
    /// Writes the results in `format` to `path`. CSV writes every table and the stamp beside the
    /// main table as `<path>.stamp.json`; each file is replaced atomically.
    /// - Throws: ``AtomicFileError`` or ``HDF5Error`` naming the path.
    public func write(format: OutputFormat, to path: String) throws {
        switch format {
        case .json:
            try JSONContract.write(document, to: path)
        case .csv:
            for table in tables {
                try CSVWriter().write(header: table.header, rows: table.rows, to: table.path(besides: path))
            }
            try JSONContract.write(stamp, to: Self.stampPath(for: path))
        case .h5:
            try HDF5Writer.write(try hdf5Group(), to: path)
        }
    }

    /// The sidecar holding the stamp of a CSV written to `path`.
    public static func stampPath(for path: String) -> String { path + ".stamp.json" }

    /// The stamp as HDF5 root attributes (the configuration as compact JSON).
    public func stampAttributes() throws -> [String: HDF5AttributeValue] { try stamp.hdf5Attributes() }
}

extension ReproducibilityStamp {
    /// The stamp as HDF5 root attributes (the configuration as compact JSON).
    public func hdf5Attributes() throws -> [String: HDF5AttributeValue] {
        var attributes: [String: HDF5AttributeValue] = [:]
        for (key, value) in fields(configurationJSON: try JSONContract.string(configuration, compact: true)) {
            attributes[key] = .string(value)
        }
        return attributes
    }
}
