import ForecastCore

/// How a series is cut into supervised training examples: `lookback` rows of inputs followed by
/// `horizon` rows of the target.
///
/// Window `i` starts at row `s = first + i * stride`; its inputs are rows `s ..< s + lookback` of the
/// input columns and its targets are rows `s + lookback ..< s + lookback + horizon` of the target
/// column. A series of `n` rows holds `(n - lookback - horizon) / stride + 1` windows when
/// `n >= lookback + horizon`, none otherwise.
///
/// Relation to Keras: window `i` is batch element `i` of
/// `keras.utils.timeseries_dataset_from_array(data, targets=None, sequence_length=lookback + horizon,
/// sequence_stride=stride)`, split into its first `lookback` rows (inputs, all input columns) and the
/// target column of its last `horizon` rows. With `horizon == 1` this is the common Keras recipe
/// `timeseries_dataset_from_array(x[:-1], y[lookback:], sequence_length=lookback)`.
public struct WindowSpec: Sendable, Equatable, Codable {
    /// Input steps per window. Must be at least 1.
    public var lookback: Int
    /// Steps ahead that each window forecasts (direct multi-step output). Must be at least 1.
    public var horizon: Int
    /// Rows between the starts of consecutive windows. Default: 1.
    public var stride: Int
    /// Columns fed to the network at every step, in order. By convention the target comes first.
    public var inputColumns: [String]
    /// The column forecast.
    public var targetColumn: String

    public init(lookback: Int, horizon: Int, stride: Int = 1, inputColumns: [String], targetColumn: String) {
        self.lookback = lookback
        self.horizon = horizon
        self.stride = stride
        self.inputColumns = inputColumns
        self.targetColumn = targetColumn
    }

    /// Rows one window spans.
    public var span: Int { lookback + horizon }

    /// Number of input features per step.
    public var features: Int { inputColumns.count }

    /// Throws when a size is below 1 or no input column is named.
    public func validate() throws {
        if lookback < 1 { throw WindowingError.nonPositive(name: "lookback", value: lookback) }
        if horizon < 1 { throw WindowingError.nonPositive(name: "horizon", value: horizon) }
        if stride < 1 { throw WindowingError.nonPositive(name: "stride", value: stride) }
        if inputColumns.isEmpty { throw WindowingError.noInputColumns }
    }

    /// The number of windows a series of `rows` rows holds: `(rows - span) / stride + 1`, or 0 when
    /// `rows < span`.
    public func windowCount(rows: Int) -> Int {
        rows >= span ? (rows - span) / stride + 1 : 0
    }
}

/// Errors raised while cutting windows.
public enum WindowingError: HistoryLengthError, Equatable, CustomStringConvertible {
    case nonPositive(name: String, value: Int)
    case noInputColumns
    case tooShort(column: String, rows: Int, lookback: Int, horizon: Int)
    case missingValue(column: String, row: Int, timestamp: Timestamp)

    public var description: String {
        switch self {
        case let .nonPositive(name, value):
            return "--\(name) \(value): the \(name) must be at least 1 step"
        case .noInputColumns:
            return "no input columns: name at least the target column"
        case let .tooShort(column, rows, lookback, horizon):
            return "column \"\(column)\" has \(rows) rows, but --lookback \(lookback) plus --horizon \(horizon) "
                + "needs at least \(lookback + horizon) (more for a validation part); use a shorter --lookback or --horizon"
        case let .missingValue(column, row, timestamp):
            return "column \"\(column)\" is missing a value at row \(row + 1) (\(timestamp)); "
                + "fill it in the file, or pass --fill ffill or --fill interpolate"
        }
    }

    public var isHistoryTooShort: Bool {
        if case .tooShort = self { return true }
        return false
    }
}
