import Foundation

/// How ``CSVReader`` reads a file.
///
/// ```swift
/// var options = CSVReadOptions()
/// options.delimiter = ";"
/// options.decimal = ","
/// options.timeFormat = try TimestampFormat("%d.%m.%Y %H:%M")
/// let series = try CSVReader(options: options).read(path: "messwerte.csv")
/// ```
public struct CSVReadOptions: Sendable, Equatable {
    /// Field delimiter, any single ASCII character but a quote, CR or LF; `nil` detects it from the
    /// header line: whichever of `,`, `;`, tab and `|` occurs most often outside quotes (`,` when none
    /// does). Default: `nil`.
    public var delimiter: Character?
    /// Name of the time column; `nil` detects it: the first column whose name is one of
    /// ``timeColumnNames`` (case-insensitive), else the first column whose value on the first
    /// data row is a calendar date or date-time. Default: `nil`.
    public var timeColumn: String?
    /// Whether a duplicate or decreasing timestamp is an error. Default: `true` (modelling needs
    /// strictly increasing time; turn off to inspect a disordered file with
    /// `TimeSeries.orderProblems()`). When on, a file whose times strictly decrease throughout
    /// (newest first) is read and reversed, with a note, and repeated timestamps follow ``duplicates``.
    public var requireIncreasingTime: Bool = true
    /// Whether the first line names the columns. Default: `true`. Without a header, columns are named
    /// by position: `col1`, `col2`, ….
    public var hasHeader: Bool = true
    /// The time column's layout in strptime directives; `nil` detects it (``TimestampParser``).
    /// Default: `nil`.
    public var timeFormat: TimestampFormat?
    /// Decimal separator of numbers: `.` or `,`. Default: `.`.
    public var decimal: Character = "."
    /// Thousands separator of numbers (`,`, `.`, `'` or a space, which also matches the no-break
    /// spaces U+00A0 and U+202F), allowed only between groups of three digits; `nil`: none. Default: `nil`.
    public var thousands: Character?
    /// A currency symbol (`$`, `€`, `£`, `CHF`) that numbers may carry before or after them (`$1,234.50`,
    /// `-$12`, `12,80 €`), dropped before parsing; `nil`: a cell with one is an error naming this option.
    /// Default: `nil`.
    public var currency: String?
    /// Whether numbers may end in a percent sign (`12.5%`), read as the number before it (12.5, in
    /// percent; nothing is divided by 100); `false`: such a cell is an error naming this option.
    /// Default: `false`.
    public var percent = false
    /// What rows with the same timestamp become (only when ``requireIncreasingTime``). Default: `.error`.
    public var duplicates: DuplicateTimestamps = .error
    /// The IANA zone whose wall-clock times the time column holds (`--timezone America/Chicago`):
    /// times of day without an offset are converted to UTC by the zone's rules (a repeated hour in the
    /// file's order, a skipped hour refused); dates alone, epoch times and times with an offset are not
    /// converted. It also picks the offset of an ambiguous abbreviation (`CST`). `nil`: times without an
    /// offset are kept as written and the series is marked naive (``TimeSeries/timesAreNaive``). Default: `nil`.
    public var timeZone: TimeZone?

    /// The column naming each row's series in a long file (Nixtla's `unique_id, ds, y` layout; `--id-column`).
    /// `nil`: `unique_id` when the header has it, else none. Its cells are kept as text in
    /// ``TimeSeries/rowIDs``, and rows are left in file order (each series' order is checked when the
    /// file is split into series). Default: `nil`.
    public var idColumn: String?

    /// Column names recognized as the time column, lower-case.
    public static let timeColumnNames: [String] = [
        "time", "timestamp", "date", "datetime", "date_time", "ds", "dt", "time_stamp", "period",
        "utc", "time_utc", "timestamp_utc", "date_utc", "ts", "epoch", "unix_time", "time_ms", "timestamp_ms",
    ]

    public init(delimiter: Character? = nil, timeColumn: String? = nil, requireIncreasingTime: Bool = true,
                hasHeader: Bool = true, timeFormat: TimestampFormat? = nil, decimal: Character = ".",
                thousands: Character? = nil, duplicates: DuplicateTimestamps = .error, timeZone: TimeZone? = nil,
                currency: String? = nil, percent: Bool = false, idColumn: String? = nil) {
        self.idColumn = idColumn
        self.delimiter = delimiter
        self.timeColumn = timeColumn
        self.requireIncreasingTime = requireIncreasingTime
        self.hasHeader = hasHeader
        self.timeFormat = timeFormat
        self.decimal = decimal
        self.thousands = thousands
        self.duplicates = duplicates
        self.timeZone = timeZone
        self.currency = currency
        self.percent = percent
    }
}

extension CSVReadOptions {
    /// The delimiter given in the options, or the one of `,` `;` tab `|` seen most often outside
    /// quotes in the header line (`,` on a tie or when none occurs).
    func delimiterByte(_ scanner: inout CSVRecordScanner) throws(CSVError) -> UInt8 {
        if let given = delimiter {
            guard given.isASCII, let byte = given.asciiValue, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
            else { throw .invalidDelimiter(path: scanner.path, delimiter: given) }
            return byte
        }
        let line = try scanner.peekFirstLine()
        var counts = (comma: 0, semicolon: 0, tab: 0, pipe: 0)
        var inQuotes = false
        for byte in line {
            switch byte {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: ",") where !inQuotes: counts.comma += 1
            case UInt8(ascii: ";") where !inQuotes: counts.semicolon += 1
            case 0x09 where !inQuotes: counts.tab += 1
            case UInt8(ascii: "|") where !inQuotes: counts.pipe += 1
            default: break
            }
        }
        let best = max(counts.comma, counts.semicolon, counts.tab, counts.pipe)
        if best == 0 || counts.comma == best { return UInt8(ascii: ",") }
        if counts.semicolon == best { return UInt8(ascii: ";") }
        if counts.tab == best { return 0x09 }
        return UInt8(ascii: "|")
    }
}

/// What rows that share a timestamp become (pandas `drop_duplicates(keep=…)` / `groupby().mean()`).
public enum DuplicateTimestamps: String, Sendable, Codable, CaseIterable {
    /// Refuse the file, naming the second row.
    case error
    /// Keep the first of the rows in file order.
    case first
    /// Keep the last of the rows in file order.
    case last
    /// One row per timestamp holding each column's mean over the rows' present values (missing when
    /// none is present).
    case mean
}
