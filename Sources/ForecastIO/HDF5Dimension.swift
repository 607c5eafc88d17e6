import ForecastCore

/// A netCDF dimension that ``HDF5Writer`` writes: a name, a length and, usually, coordinates.
///
/// A dimension with coordinates becomes a 1-D dataset named after it (a netCDF coordinate
/// variable, an xarray coordinate); one without becomes netCDF's "dimension but not a variable"
/// dataset, which xarray lists under "Dimensions without coordinates". Either way it is an HDF5
/// dimension scale that every variable over it is attached to.
///
/// ```swift
/// HDF5Dimension.time(series.timestamps)                   // time: datetime64 in xarray
/// HDF5Dimension.labels("model", ["lstm", "naive"])        // model: <U5 strings
/// HDF5Dimension.integers("step", Array(1...24))           // step: int64
/// HDF5Dimension(name: "window", length: 48)               // no coordinate
/// ```
public struct HDF5Dimension: Sendable, Equatable {
    /// The values along a dimension and how they are stored.
    public enum Coordinate: Sendable, Equatable {
        /// int64 seconds with `units = "seconds since 1970-01-01 00:00:00"` and
        /// `calendar = "standard"`: xarray decodes it to `datetime64`.
        case time([Timestamp])
        /// Variable-length UTF-8 strings: an xarray `<U` coordinate.
        case strings([String])
        /// int64 values.
        case int64([Int64])
        /// float64 values.
        case float64([Double])

        /// Number of values.
        public var count: Int {
            switch self {
            case let .time(v): return v.count
            case let .strings(v): return v.count
            case let .int64(v): return v.count
            case let .float64(v): return v.count
            }
        }
    }

    /// Dimension name; also the name of its coordinate dataset. No `/`.
    public var name: String
    /// Number of positions along the dimension (the coordinate's count when there is one).
    public var length: Int
    /// The coordinate values, or `nil` for a dimension without coordinates.
    public var coordinate: Coordinate?
    /// Attributes of the coordinate dataset (ignored without coordinates). For ``Coordinate/time``
    /// the writer sets `units` and `calendar` itself.
    public var attributes: [String: HDF5AttributeValue]

    /// A dimension without coordinates, of `length` positions.
    public init(name: String, length: Int) {
        self.name = name
        self.length = length
        coordinate = nil
        attributes = [:]
    }

    /// A dimension whose length is the coordinate's count.
    public init(name: String, coordinate: Coordinate, attributes: [String: HDF5AttributeValue] = [:]) {
        self.name = name
        self.length = coordinate.count
        self.coordinate = coordinate
        self.attributes = attributes
    }

    /// A time dimension (default name `time`) with datetime coordinates.
    public static func time(_ timestamps: [Timestamp], name: String = "time",
                            attributes: [String: HDF5AttributeValue] = [:]) -> HDF5Dimension {
        HDF5Dimension(name: name, coordinate: .time(timestamps), attributes: attributes)
    }

    /// A dimension labelled by strings (model names, column names).
    public static func labels(_ name: String, _ labels: [String],
                              attributes: [String: HDF5AttributeValue] = [:]) -> HDF5Dimension {
        HDF5Dimension(name: name, coordinate: .strings(labels), attributes: attributes)
    }

    /// A dimension with int64 coordinates (steps ahead, window offsets).
    public static func integers(_ name: String, _ values: [Int64],
                                attributes: [String: HDF5AttributeValue] = [:]) -> HDF5Dimension {
        HDF5Dimension(name: name, coordinate: .int64(values), attributes: attributes)
    }
}
