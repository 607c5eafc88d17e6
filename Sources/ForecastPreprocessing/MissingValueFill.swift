import ForecastCore

/// How missing values (NaN) in model inputs are filled before windowing.
public enum MissingValueFill: String, Sendable, Codable, CaseIterable {
    /// Carry the last present value forward (pandas `ffill`). Leading missing values are taken from
    /// the first present value, since nothing precedes them.
    case forward = "ffill"
    /// Linear interpolation in row order between the present neighbours (pandas
    /// `interpolate(method="linear")`); leading and trailing missing values take the nearest present one.
    case interpolate
}

extension Column {
    /// This column with missing values filled by `method`; unchanged when none is missing or when every
    /// value is missing.
    public func filled(_ method: MissingValueFill) -> Column {
        guard let firstPresent = values.firstIndex(where: { !$0.isNaN }) else { return self }
        var v = values
        for i in 0..<firstPresent { v[i] = v[firstPresent] }
        switch method {
        case .forward:
            for i in firstPresent..<v.count where v[i].isNaN { v[i] = v[i - 1] }
        case .interpolate:
            var i = firstPresent + 1
            while i < v.count {
                guard v[i].isNaN else { i += 1; continue }
                let left = i - 1
                var right = i
                while right < v.count && v[right].isNaN { right += 1 }
                if right == v.count {
                    for j in i..<v.count { v[j] = v[left] }
                } else {
                    let a = v[left], b = v[right], span = Double(right - left)
                    for j in i..<right { v[j] = a + (b - a) * Double(j - left) / span }
                }
                i = right
            }
        }
        return Column(name: name, values: v)
    }
}

extension TimeSeries {
    /// Throws ``WindowingError/missingValue(column:row:timestamp:)`` for the first missing value of the
    /// named columns, checked column by column in the order given.
    public func requireNoMissingValues(in names: [String]) throws {
        for name in names {
            let column = try column(named: name)
            if let row = column.firstMissingRow {
                throw WindowingError.missingValue(column: name, row: row, timestamp: timestamps[row])
            }
        }
    }

    /// This series with the named columns' missing values filled by `method`.
    public func filling(_ names: [String], with method: MissingValueFill) -> TimeSeries {
        var copy = self
        copy.columns = columns.map { names.contains($0.name) ? $0.filled(method) : $0 }
        return copy
    }
}
