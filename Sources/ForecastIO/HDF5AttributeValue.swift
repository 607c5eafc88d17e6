/// The value of an HDF5 attribute, as ``HDF5Writer`` writes it and ``HDF5Reader`` reads it.
///
/// Text is stored as a scalar variable-length UTF-8 string, which h5py and xarray both read as
/// `str` (fixed-length strings would come back as `bytes` in h5py). Integers are stored as int64,
/// floats as float32 or float64. When reading, every integer type comes back as `.int64`/`.int64s`
/// and every float type as `.double`/`.doubles`; the scalar cases are used for scalar dataspaces.
///
/// Literals work: `["units": "degC", "epochs": 20, "learning_rate": 0.001]`.
public enum HDF5AttributeValue: Sendable, Equatable, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
{
    case string(String)
    case strings([String])
    case int64(Int64)
    case int64s([Int64])
    case double(Double)
    case doubles([Double])
    case float(Float)
    case floats([Float])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    /// The text of a `.string`, or of a one-element `.strings`; `nil` otherwise.
    public var stringValue: String? {
        switch self {
        case let .string(s): return s
        case let .strings(a) where a.count == 1: return a[0]
        default: return nil
        }
    }

    /// The strings of a `.strings` or `.string`; `nil` for numbers.
    public var stringsValue: [String]? {
        switch self {
        case let .string(s): return [s]
        case let .strings(a): return a
        default: return nil
        }
    }

    /// A single number (integer or float, scalar or one-element array) as `Double`; `nil` otherwise.
    public var doubleValue: Double? {
        switch self {
        case let .int64(v): return Double(v)
        case let .double(v): return v
        case let .float(v): return Double(v)
        case let .int64s(a) where a.count == 1: return Double(a[0])
        case let .doubles(a) where a.count == 1: return a[0]
        case let .floats(a) where a.count == 1: return Double(a[0])
        default: return nil
        }
    }
}
