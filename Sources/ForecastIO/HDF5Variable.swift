import ForecastCore

/// A netCDF data variable that ``HDF5Writer`` writes: an n-D dataset over named dimensions.
///
/// Values are row-major over `dimensions` (the last dimension varies fastest), so a variable over
/// `["model", "origin", "step"]` holds `[model, origin, step]`. Every dimension must be declared in
/// the variable's group or an enclosing one; each gets its dimension scale attached, so xarray
/// shows the variable as `name (model, origin, step)`. A variable with `dimensions: []` is a scalar.
///
/// ```swift
/// HDF5Variable(name: "forecast", dimensions: ["time"], values: .float64(predictions),
///              attributes: ["units": "degC", "model": "lstm"])
/// ```
public struct HDF5Variable: Sendable, Equatable {
    /// The values and the element type they are stored with.
    public enum Values: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int64])
        /// int64 seconds with `units = "seconds since 1970-01-01 00:00:00"` and
        /// `calendar = "standard"`, decoded to `datetime64` by xarray (a target time per
        /// origin and step, say).
        case timestamps([Timestamp])
        /// Variable-length UTF-8 strings (h5py reads them as `str` with `.asstr()`, xarray as `object`).
        case strings([String])

        /// Number of values.
        public var count: Int {
            switch self {
            case let .float32(v): return v.count
            case let .float64(v): return v.count
            case let .int64(v): return v.count
            case let .timestamps(v): return v.count
            case let .strings(v): return v.count
            }
        }
    }

    /// Variable (dataset) name. No `/`, and not the name of a dimension in the same group.
    public var name: String
    /// Names of its dimensions, outermost first.
    public var dimensions: [String]
    /// Row-major values, the product of the dimensions' lengths in number.
    public var values: Values
    /// Attributes of the dataset (`units`, `long_name`, …).
    public var attributes: [String: HDF5AttributeValue]

    public init(name: String, dimensions: [String], values: Values,
                attributes: [String: HDF5AttributeValue] = [:]) {
        self.name = name
        self.dimensions = dimensions
        self.values = values
        self.attributes = attributes
    }
}
