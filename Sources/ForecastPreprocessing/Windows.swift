import ForecastCore

/// Supervised examples cut from a series, as Float arrays ready for a network.
public struct Windows: Sendable, Equatable {
    /// The spec the windows were cut with.
    public var spec: WindowSpec
    /// Inputs, `[count, lookback, features]`, row-major.
    public var inputs: [Float]
    /// Targets, `[count, horizon]`, row-major.
    public var targets: [Float]
    /// For each window, the row index of its first target row (its forecast origin is the row before).
    public var firstTargetRows: [Int]

    /// Number of windows.
    public var count: Int { firstTargetRows.count }
}

extension WindowSpec {
    /// Cuts windows whose target rows lie entirely inside `targetRows`.
    ///
    /// Inputs may come from rows before `targetRows` (they are the past); nothing from rows after
    /// `targetRows.upperBound` is read. Windows are aligned so that the last one ends exactly at
    /// `targetRows.upperBound` and earlier ones step back by `stride`.
    ///
    /// - Parameters:
    ///   - columns: the input columns' values, `columns[f][row]`, already scaled; then `target`, the
    ///     target column's values (scaled) — all of one length, the series' row count.
    ///   - targetRows: rows allowed as targets; default all rows.
    /// - Returns: empty windows when no window fits.
    public func windows(inputs columns: [[Double]], target: [Double], targetRows: Range<Int>? = nil) -> Windows {
        precondition(columns.count == features, "one value array per input column")
        let rows = target.count
        let allowed = targetRows ?? 0..<rows
        precondition(allowed.upperBound <= rows && columns.allSatisfy { $0.count == rows })
        // The last window's targets end at allowed.upperBound; its first target row is:
        let lastFirst = allowed.upperBound - horizon
        // The earliest first-target row: inside allowed and with lookback rows before it.
        let earliest = max(allowed.lowerBound, lookback)
        var starts: [Int] = []
        if lastFirst >= earliest {
            var r = lastFirst
            while r >= earliest { starts.append(r); r -= stride }
            starts.reverse()
        }
        var x = [Float](repeating: 0, count: starts.count * lookback * features)
        var y = [Float](repeating: 0, count: starts.count * horizon)
        for (w, first) in starts.enumerated() {
            let inputStart = first - lookback
            for t in 0..<lookback {
                let base = (w * lookback + t) * features
                for f in 0..<features { x[base + f] = Float(columns[f][inputStart + t]) }
            }
            for h in 0..<horizon { y[w * horizon + h] = Float(target[first + h]) }
        }
        return Windows(spec: self, inputs: x, targets: y, firstTargetRows: starts)
    }

    /// The single input window that ends at the last row: what a forecast beyond the series reads.
    /// - Returns: `[1, lookback, features]`, or `nil` when the series has fewer than `lookback` rows.
    public func lastInput(inputs columns: [[Double]]) -> [Float]? {
        guard let rows = columns.first?.count, rows >= lookback else { return nil }
        var x = [Float](repeating: 0, count: lookback * features)
        for t in 0..<lookback {
            for f in 0..<features { x[t * features + f] = Float(columns[f][rows - lookback + t]) }
        }
        return x
    }
}

extension WindowSpec {
    /// The scaled input window a forecast after the last row of `history` reads: the last `lookback`
    /// rows of the input columns, missing values filled by `fill` (within those rows' history only),
    /// each column transformed by its scaler.
    ///
    /// - Parameters:
    ///   - scalers: one per input column, in ``inputColumns`` order.
    /// - Returns: `[1, lookback, features]`.
    /// - Throws: an unknown column; ``WindowingError/missingValue(column:row:timestamp:)`` when a value
    ///   is still missing; ``WindowingError/tooShort(column:rows:lookback:horizon:)`` when `history` has
    ///   fewer than `lookback` rows.
    public func scaledLastInput(from history: TimeSeries, scalers: [Scaler], fill: MissingValueFill?) throws -> [Float] {
        precondition(scalers.count == features, "one scaler per input column")
        var series = try history.selecting(columns: inputColumns)
        if let fill { series = series.filling(inputColumns, with: fill) }
        let tail = series.rows(max(0, series.count - lookback)..<series.count)
        try tail.requireNoMissingValues(in: inputColumns)
        let scaled = try zip(inputColumns, scalers).map { name, scaler in scaler.transform(try tail.column(named: name).values) }
        guard let input = lastInput(inputs: scaled) else {
            throw WindowingError.tooShort(column: targetColumn, rows: history.count, lookback: lookback, horizon: horizon)
        }
        return input
    }
}
