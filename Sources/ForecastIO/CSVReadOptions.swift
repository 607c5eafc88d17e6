/// How ``CSVReader`` reads a file.
///
/// ```swift
/// var options = CSVReadOptions()
/// options.delimiter = ";"
/// options.timeColumn = "Zeit"
/// let series = try CSVReader(options: options).read(path: "messwerte.csv")
/// ```
public struct CSVReadOptions: Sendable, Equatable {
    /// Field delimiter; `nil` detects it from the header line: whichever of `,`, `;` and tab occurs
    /// most often outside quotes (`,` when none does). Default: `nil`.
    public var delimiter: Character?
    /// Name of the time column; `nil` detects it: the first column whose name is one of
    /// ``timeColumnNames`` (case-insensitive), else the first column whose value on the first
    /// data row is a calendar date or date-time. Default: `nil`.
    public var timeColumn: String?
    /// Whether a duplicate or decreasing timestamp is an error. Default: `true` (modelling needs
    /// strictly increasing time; turn off to inspect a disordered file with
    /// `TimeSeries.orderProblems()`).
    public var requireIncreasingTime: Bool = true

    /// Column names recognized as the time column, lower-case.
    public static let timeColumnNames: [String] = [
        "time", "timestamp", "date", "datetime", "date_time", "ds", "dt", "time_stamp", "period",
        "utc", "time_utc", "timestamp_utc", "date_utc",
    ]

    public init(delimiter: Character? = nil, timeColumn: String? = nil, requireIncreasingTime: Bool = true) {
        self.delimiter = delimiter
        self.timeColumn = timeColumn
        self.requireIncreasingTime = requireIncreasingTime
    }
}
