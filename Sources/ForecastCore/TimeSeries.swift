/// A table of numeric columns indexed by UTC timestamps: what every loader produces and every later
/// stage consumes.
///
/// Rows are in file order. Loaders for modelling check that timestamps strictly increase; a series
/// built for inspection may hold duplicates or disorder, which ``orderProblems()`` reports.
/// A missing value is `Double.nan`.
///
/// ```swift
/// let series = try CSVReader().read(path: "Datasets/weather_seattle_daily.csv")
/// let tmax = try series.column(named: "temp_max_c")      // [Double], NaN where missing
/// series.inferFrequency()                                 // .regular(seconds: 86400)
/// ```
public struct TimeSeries: Sendable, Equatable {
    /// Name of the time column in the source (`date`, `timestamp`, …); `"time"` when there was none.
    public var timeColumnName: String
    /// One timestamp per row.
    public var timestamps: [Timestamp]
    /// Numeric columns, each with one value per row.
    public var columns: [Column]
    /// Names of source columns that were not numeric; listed, never used in numeric work.
    public var textColumnNames: [String]
    /// What the loader did that the file does not say by itself, one sentence each ("time column
    /// \"ts\" read as Unix epoch milliseconds", "rows were newest first …"): `inspect` prints them and
    /// outputs stamp them. Kept by ``rows(_:)``. Default: none.
    public var notes: [String] = []
    /// The IANA zone the file's wall-clock times were read in (`--timezone`), for showing times with
    /// their local offset; `nil` when times were UTC or carried their own offsets. Kept by ``rows(_:)``.
    public var timeZoneName: String?
    /// Whether the file's times named no zone at all (`2013-12-30 19:00`, `2013-12-30`, a `--time-format`
    /// without `%z`) and no `--timezone` was given: they are kept as written (stored as if UTC) and outputs
    /// show them without a zone designator (`2013-12-30T19:00:00`). `false` for times with `Z`, an offset
    /// or a zone name, epoch times and HDF5 times (CF units are UTC unless they say otherwise). Kept by
    /// ``rows(_:)``. Default: `false`.
    public var timesAreNaive = false
    /// A long file's rows before they are split into series: per row, the id of its series (the
    /// `--id-column`, or `unique_id`), in file order, and the rows are in file order too (not
    /// checked for order). `nil` for a single series. Kept by ``rows(_:)``. Default: `nil`.
    public var rowIDs: [String]? = nil
    /// The name of the id column when ``rowIDs`` is set.
    public var idColumnName: String? = nil

    /// Creates a series; every column must have one value per timestamp.
    public init(timeColumnName: String = "time", timestamps: [Timestamp], columns: [Column],
                textColumnNames: [String] = []) {
        precondition(columns.allSatisfy { $0.values.count == timestamps.count },
                     "every column needs one value per timestamp")
        self.timeColumnName = timeColumnName
        self.timestamps = timestamps
        self.columns = columns
        self.textColumnNames = textColumnNames
    }

    /// Number of rows.
    public var count: Int { timestamps.count }

    public var isEmpty: Bool { timestamps.isEmpty }

    /// Names of the numeric columns, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The numeric column with this name.
    /// - Throws: ``TimeSeriesError/unknownColumn(_:available:)`` naming the columns there are.
    public func column(named name: String) throws -> Column {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw TimeSeriesError.unknownColumn(name, available: columnNames,
                                                textColumns: textColumnNames)
        }
        return column
    }

    /// The rows in `range` (row indices), with every column cut the same way.
    public func rows(_ range: Range<Int>) -> TimeSeries {
        var cut = TimeSeries(timeColumnName: timeColumnName,
                             timestamps: Array(timestamps[range]),
                             columns: columns.map { Column(name: $0.name, values: Array($0.values[range])) },
                             textColumnNames: textColumnNames)
        cut.notes = notes
        cut.timeZoneName = timeZoneName
        cut.timesAreNaive = timesAreNaive
        cut.rowIDs = rowIDs.map { Array($0[range]) }
        cut.idColumnName = idColumnName
        return cut
    }

    /// The rows at or after `from` and at or before `to` (either bound may be `nil`: open).
    /// - Throws: ``TimeSeriesError/noRowsInRange(from:to:first:last:)`` when none is left.
    public func rows(from: Timestamp?, to: Timestamp?) throws -> TimeSeries {
        guard from != nil || to != nil else { return self }
        let first = timestamps.firstIndex { from == nil || $0 >= from! } ?? count
        let end = timestamps.lastIndex { to == nil || $0 <= to! }.map { $0 + 1 } ?? 0
        guard first < end else {
            throw TimeSeriesError.noRowsInRange(from: from, to: to, first: timestamps.first, last: timestamps.last)
        }
        return rows(first..<end)
    }

    /// The series with only the named numeric columns, in the order given.
    /// - Throws: ``TimeSeriesError/unknownColumn(_:available:)`` for the first unknown name.
    public func selecting(columns names: [String]) throws -> TimeSeries {
        TimeSeries(timeColumnName: timeColumnName, timestamps: timestamps,
                   columns: try names.map { try column(named: $0) },
                   textColumnNames: [])
    }

    /// Duplicate and decreasing timestamps, in row order; empty when timestamps strictly increase.
    public func orderProblems() -> [OrderProblem] {
        var problems: [OrderProblem] = []
        for row in timestamps.indices.dropFirst() {
            let previous = timestamps[row - 1], current = timestamps[row]
            if current == previous {
                problems.append(OrderProblem(row: row, kind: .duplicate, previous: previous, current: current))
            } else if current < previous {
                problems.append(OrderProblem(row: row, kind: .decreasing, previous: previous, current: current))
            }
        }
        return problems
    }

    /// Throws on the first duplicate or decreasing timestamp.
    public func validateOrder() throws {
        if let first = orderProblems().first {
            throw TimeSeriesError.disorder(first)
        }
    }
}

/// A named numeric column; `Double.nan` marks a missing value.
public struct Column: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// Number of missing (NaN) values.
    public var missingCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

    /// Row index of the first missing value, or `nil` when none is missing.
    public var firstMissingRow: Int? { values.firstIndex(where: \.isNaN) }

    /// Minimum, mean and maximum over the values present; `nil` when every value is missing.
    public var summary: (min: Double, mean: Double, max: Double, present: Int)? {
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, n = 0
        for v in values where !v.isNaN {
            lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v; n += 1
        }
        return n == 0 ? nil : (lo, sum / Double(n), hi, n)
    }

    // Equality that treats two NaNs (two missing values) as equal.
    public static func == (lhs: Column, rhs: Column) -> Bool {
        lhs.name == rhs.name && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

/// A timestamp that does not strictly follow the one before it.
public struct OrderProblem: Sendable, Equatable {
    public enum Kind: String, Sendable { case duplicate, decreasing }
    /// Row index (0-based, first data row = 0) of the offending timestamp.
    public var row: Int
    public var kind: Kind
    public var previous: Timestamp
    public var current: Timestamp
}

/// Errors about the content of a series, independent of where it came from.
public enum TimeSeriesError: Error, Equatable, CustomStringConvertible {
    case unknownColumn(String, available: [String], textColumns: [String])
    case disorder(OrderProblem)
    /// No row between `from` and `to` (inclusive); the series covers `first` … `last`.
    case noRowsInRange(from: Timestamp?, to: Timestamp?, first: Timestamp?, last: Timestamp?)

    public var description: String {
        switch self {
        case let .unknownColumn(name, available, textColumns):
            if textColumns.contains(name) {
                return "column \"\(name)\" is not numeric; numeric columns are: \(available.joined(separator: ", "))"
            }
            return "no column named \"\(name)\"; numeric columns are: \(available.joined(separator: ", "))"
        case let .disorder(p):
            return "row \(p.row + 1): timestamp \(p.current) \(p.kind == .duplicate ? "repeats" : "comes before") "
                + "the previous row's \(p.previous); timestamps must strictly increase"
        case let .noRowsInRange(from, to, first, last):
            return "no rows between \(from?.iso8601 ?? "the start") and \(to?.iso8601 ?? "the end") (--from/--to); "
                + "the series covers \(first?.iso8601 ?? "-") .. \(last?.iso8601 ?? "-")"
        }
    }
}
