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
    /// each column transformed by its scaler — for ``WindowAnchor/last``, the target column as changes
    /// from its last value, transformed by the change scaler.
    ///
    /// - Parameters:
    ///   - scalers: one per input column, in ``inputColumns`` order (the target's first).
    /// - Returns: the window, `[1, lookback, features]`, and the value to add back to forecasts of
    ///   changes (the last target value for ``WindowAnchor/last``, else 0).
    /// - Throws: an unknown column; ``WindowingError/missingValue(column:row:timestamp:)`` when a value
    ///   is still missing; ``WindowingError/tooShort(column:rows:lookback:horizon:)`` when `history` has
    ///   fewer than `lookback` rows.
    public func scaledLastInput(from history: TimeSeries, scalers: [Scaler], fill: MissingValueFill?,
                                anchor: WindowAnchor = .none, season: Int? = nil) throws -> (input: [Float], offsets: [Double]) {
        precondition(scalers.count == features, "one scaler per input column")
        var series = try history.selecting(columns: inputColumns)
        if let fill { series = series.filling(inputColumns, with: fill) }
        let tail = series.rows(max(0, series.count - lookback)..<series.count)
        try tail.requireNoMissingValues(in: inputColumns)
        var columns = try inputColumns.map { try tail.column(named: $0).values }
        guard columns[0].count == lookback else {
            throw WindowingError.tooShort(column: targetColumn, rows: history.count, lookback: lookback, horizon: horizon)
        }
        var offsets = [Double](repeating: 0, count: horizon)
        switch anchor {
        case .none: break
        case .last:
            let last = columns[0][lookback - 1]
            offsets = Array(repeating: last, count: horizon)
            columns[0] = columns[0].map { $0 - last }
        case .season:
            // Step k adds the value one season before it: row lookback − 1 + k − m of the window.
            let m = season ?? horizon
            offsets = (1...horizon).map { columns[0][lookback - 1 + $0 - m] }
        }
        let scaled = zip(columns, scalers).map { values, scaler in scaler.transform(values) }
        guard let input = lastInput(inputs: scaled) else {
            throw WindowingError.tooShort(column: targetColumn, rows: history.count, lookback: lookback, horizon: horizon)
        }
        return (input, offsets)
    }
}

/// What the target column's window values are measured from.
public enum WindowAnchor: String, Sendable, Codable, CaseIterable {
    /// Levels, as they are in the file (scaled by the column's scaler). Keras' usual setup.
    case none
    /// Changes from the window's last observed target value: inputs `x[t] − x[last]` and targets
    /// `y[t+k] − x[last]` (LTSF-Linear's "NLinear" last-value normalization). The network forecasts
    /// moves, not levels, so it can follow a series to levels it never saw in training (prices at a
    /// new high); the forecast adds the last value back.
    case last
    /// Targets measured from the value one season earlier: `y[t+k] − y[t+k−m]` for season m, with
    /// the inputs as levels; the forecast adds those values back. The network starts from seasonal
    /// naive and learns corrections to it. Needs horizon ≤ m ≤ lookback, so every value one season
    /// earlier is inside the window.
    case season
}

extension Windows {
    /// The target column's changes from each window's last input value, in the target's units:
    /// `inputs` is `[count, lookback]`, `targets` `[count, horizon]`, and `anchors` the subtracted
    /// values, one per window.
    ///
    /// - Parameter raw: the target column's unscaled values, one per series row.
    public func changesFromLastInput(of raw: [Double]) -> (inputs: [Double], targets: [Double], anchors: [Double]) {
        let (L, H) = (spec.lookback, spec.horizon)
        var inputs = [Double](repeating: 0, count: count * L), targets = [Double](repeating: 0, count: count * H)
        var anchors = [Double](repeating: 0, count: count)
        for (w, first) in firstTargetRows.enumerated() {
            let anchor = raw[first - 1]
            anchors[w] = anchor
            for t in 0..<L { inputs[w * L + t] = raw[first - L + t] - anchor }
            for h in 0..<H { targets[w * H + h] = raw[first + h] - anchor }
        }
        return (inputs, targets, anchors)
    }

    /// Replaces the target column (feature 0) of every input step and every target with `scaler`'s
    /// transform of the given values (from ``changesFromLastInput(of:)``).
    /// The targets as changes from the value one season earlier, `[count, horizon]`, and the values
    /// subtracted, per window and step (``WindowAnchor/season``); inputs keep their levels.
    /// - Parameter raw: the target column's unscaled values, one per series row.
    public func changesFromSeasonEarlier(of raw: [Double], season m: Int) -> (targets: [Double], anchors: [Double]) {
        let H = spec.horizon
        var targets = [Double](repeating: 0, count: count * H), anchors = targets
        for (w, first) in firstTargetRows.enumerated() {
            for h in 0..<H {
                anchors[w * H + h] = raw[first + h - m]
                targets[w * H + h] = raw[first + h] - anchors[w * H + h]
            }
        }
        return (targets, anchors)
    }

    /// Replaces the targets by `targets` (unscaled), transformed by `scaler`.
    public mutating func replaceTargets(_ targets: [Double], scaler: Scaler) {
        for i in targets.indices { self.targets[i] = Float(scaler.transform(targets[i])) }
    }

    public mutating func replaceTargetColumn(inputs: [Double], targets: [Double], scaler: Scaler) {
        let F = spec.features
        for i in inputs.indices { self.inputs[i * F] = Float(scaler.transform(inputs[i])) }
        for i in targets.indices { self.targets[i] = Float(scaler.transform(targets[i])) }
    }
}
