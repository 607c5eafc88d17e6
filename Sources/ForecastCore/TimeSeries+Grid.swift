/// A series that cannot be put on its frequency's grid.
public enum GridError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The timestamps follow no regular spacing.
    case irregular
    /// A row's timestamp is not a grid point after the row before it (10:30 in an hourly series, a
    /// Saturday in a business-day one). `row` counts from 0.
    case offGrid(row: Int, timestamp: Timestamp, expected: Timestamp, frequency: Frequency)

    public var description: String {
        switch self {
        case .irregular:
            return "the timestamps follow no regular spacing, so there is no grid to complete"
        case let .offGrid(row, timestamp, expected, frequency):
            return "row \(row + 1) (\(timestamp.iso8601)) is not on the \(frequency) grid of the rows before it "
                + "(expected \(expected.iso8601) or a later grid point)"
        }
    }
}

extension TimeSeries {
    /// This series on its frequency's full grid: every grid timestamp between the first and the last
    /// row that the series lacks (the gaps of ``gapReport(frequency:)``) becomes a row whose values are
    /// all missing (NaN), as pandas' `asfreq` and Darts' `fill_missing_dates=True` do. A business-day
    /// grid runs Monday to Friday (a market holiday becomes a missing row); a monthly grid keeps the
    /// rows' day of month (or month end). Notes, zone and id column are kept; a long file's series is
    /// completed one id at a time (call this on each member).
    /// - Parameter frequency: the grid; default the inferred frequency.
    /// - Returns: the completed series and how many rows were inserted (0: `self` unchanged).
    /// - Throws: ``GridError`` when the frequency is irregular or a row is off the grid.
    public func insertingMissingTimes(frequency: Frequency? = nil) throws -> (series: TimeSeries, inserted: Int) {
        let frequency = frequency ?? inferFrequency()
        guard count > 1 else { return (self, 0) }
        guard frequency != .irregular else { throw GridError.irregular }
        var source: [Int?] = [0]     // for each output row, the input row it copies (nil: inserted)
        var times = [timestamps[0]]
        for row in 1..<count {
            let t = timestamps[row]
            var next = frequency.next(after: times[times.count - 1])!
            while next < t {
                times.append(next)
                source.append(nil)
                next = frequency.next(after: next)!
            }
            guard next == t else {
                throw GridError.offGrid(row: row, timestamp: t, expected: frequency.next(after: timestamps[row - 1])!,
                                        frequency: frequency)
            }
            times.append(t)
            source.append(row)
        }
        let inserted = times.count - count
        guard inserted > 0 else { return (self, 0) }
        var completed = self
        completed.timestamps = times
        completed.columns = columns.map { column in
            Column(name: column.name, values: source.map { $0.map { column.values[$0] } ?? .nan })
        }
        completed.rowIDs = rowIDs.map { ids in source.map { ids[$0 ?? 0] } }
        return (completed, inserted)
    }
}
