import ForecastCore

extension TimeSeries {
    /// Splits the series after the last present value of `target`: the history (every row up to
    /// it) and the rows after it, whose other columns hold known-future values (the target cell
    /// empty). The second part is empty when the target's last row is present.
    public func splittingAtLastValue(of target: String) throws -> (history: TimeSeries, future: TimeSeries) {
        let values = try column(named: target).values
        let end = (values.lastIndex { !$0.isNaN } ?? -1) + 1
        return (rows(0..<end), rows(end..<count))
    }

    /// The known-future rows of `columns` for the `steps` steps after the last row, on the
    /// frequency's grid: row k holds the row of `future` dated at step k + 1, or missing values when
    /// `future` has no row at that time. An irregular series takes `future`'s first `steps` rows.
    public func knownFuture(_ future: TimeSeries, columns: [String], steps: Int, frequency: Frequency) throws -> TimeSeries {
        let selected = try future.selecting(columns: columns)
        guard let last = timestamps.last else { return selected }
        let grid = frequency.timestamps(after: last, count: steps)
        guard grid.count == steps else { return selected.rows(0..<min(steps, selected.count)) }
        var row: [Timestamp: Int] = [:]
        for (i, t) in selected.timestamps.enumerated() { row[t] = i }
        let aligned = selected.columns.map { c in
            Column(name: c.name, values: grid.map { t in row[t].map { c.values[$0] } ?? .nan })
        }
        return TimeSeries(timeColumnName: timeColumnName, timestamps: grid, columns: aligned)
    }
}
