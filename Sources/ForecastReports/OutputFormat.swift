import Foundation

/// The file formats results are written in, chosen by the file name's extension.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A table `pandas.read_csv(path)` reads with its defaults, plus a `<path>.stamp.json` sidecar.
    case csv
    /// One JSON document under the output contract (``JSONContract``).
    case json
    /// netCDF-4-compatible HDF5 that xarray, h5py and `forecast inspect` open.
    case h5

    /// The format of `path`: `.csv`, `.json`, or `.h5` / `.hdf5` / `.nc`; `nil` for any other extension.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "json": self = .json
        case "h5", "hdf5", "nc": self = .h5
        default: return nil
        }
    }
}
