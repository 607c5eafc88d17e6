import ForecastCore

/// What `--fill` will do to one column: how many missing values it fills and its longest run of
/// consecutive missing rows.
///
/// ```swift
/// let summaries = try series.fillSummaries(of: ["temp_f"], maxGap: 24)   // throws on a run over 24 rows
/// summaries[0].filled        // 1
/// summaries[0].longestRun    // 1
/// ```
public struct FillSummary: Sendable, Equatable {
    public var column: String
    /// Missing values filled.
    public var filled: Int
    /// Rows in the longest run of consecutive missing values (0 when none is missing).
    public var longestRun: Int
    /// First row of that run.
    public var longestRunStart: Int?

    public init(column: String, filled: Int, longestRun: Int, longestRunStart: Int?) {
        self.column = column; self.filled = filled; self.longestRun = longestRun; self.longestRunStart = longestRunStart
    }

    /// One line for the terminal and the stamp: `filled 12 missing values of "temp_f" by interpolate (longest run 3 rows)`.
    public func note(method: MissingValueFill) -> String {
        "filled \(filled) missing value\(filled == 1 ? "" : "s") of \"\(column)\" by \(method.rawValue) "
            + "(longest run \(longestRun) row\(longestRun == 1 ? "" : "s"))"
    }
}

/// A run of missing values longer than `--fill` may bridge.
public struct FillGapError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: String
    /// First and last missing row of the run, and their timestamps.
    public var firstRow: Int
    public var start: Timestamp
    public var end: Timestamp
    /// Rows in the run.
    public var length: Int
    /// The longest run allowed.
    public var maxGap: Int

    public init(column: String, firstRow: Int, start: Timestamp, end: Timestamp, length: Int, maxGap: Int) {
        self.column = column; self.firstRow = firstRow; self.start = start; self.end = end
        self.length = length; self.maxGap = maxGap
    }

    public var description: String {
        "column \"\(column)\" has \(length) consecutive missing values from \(start.iso8601) to \(end.iso8601) "
            + "(rows \(firstRow + 1)–\(firstRow + length)); --fill bridges at most --max-gap \(maxGap) rows; narrow the "
            + "range with --from/--to, or give a larger --max-gap (or --max-gap none) if a filled line is what you want"
    }
}

extension TimeSeries {
    /// The fill summary of each named column, in the order given.
    /// - Parameter maxGap: the longest run of consecutive missing rows allowed; `nil` allows any.
    /// - Throws: ``FillGapError`` for the first column (in the order given) with a longer run, naming
    ///   that run; ``TimeSeriesError`` for an unknown column.
    public func fillSummaries(of names: [String], maxGap: Int?) throws -> [FillSummary] {
        try names.map { name in
            let values = try column(named: name).values
            var summary = FillSummary(column: name, filled: 0, longestRun: 0, longestRunStart: nil)
            var i = 0
            while i < values.count {
                guard values[i].isNaN else { i += 1; continue }
                var j = i
                while j < values.count, values[j].isNaN { j += 1 }
                let run = j - i
                summary.filled += run
                if run > summary.longestRun { summary.longestRun = run; summary.longestRunStart = i }
                if let maxGap, run > maxGap {
                    throw FillGapError(column: name, firstRow: i, start: timestamps[i], end: timestamps[j - 1],
                                       length: run, maxGap: maxGap)
                }
                i = j
            }
            return summary
        }
    }
}
